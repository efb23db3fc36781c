export const id = 349;
export const ids = [349];
export const modules = {

/***/ 95730:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   deleteObjects: () => (/* binding */ deleteObjects),
/* harmony export */   headObject: () => (/* binding */ headObject),
/* harmony export */   listObjects: () => (/* binding */ listObjects),
/* harmony export */   metadataInPlace: () => (/* binding */ metadataInPlace),
/* harmony export */   readSmallObject: () => (/* binding */ readSmallObject),
/* harmony export */   request: () => (/* binding */ request),
/* harmony export */   requestFailed: () => (/* binding */ requestFailed),
/* harmony export */   s3Client: () => (/* binding */ s3Client),
/* harmony export */   statusOf: () => (/* binding */ statusOf)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(53711);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(59407);
// The S3 requests the store makes, through the AWS SDK: the client as the
// inputs configure it, the series' objects listed, one object's facts,
// deletions; every SDK failure becomes an S3RequestFailed naming the request.


/** A client for the location: its endpoint, addressing, region and credentials. */
function s3Client(where) {
    return new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_0__.S3Client({
        region: where.region,
        ...(where.endpoint && {
            endpoint: where.endpoint,
            // S3-compatible services differ in the newer checksum headers: sent
            // only where a request needs them (the SHA-256 of each dump is ours)
            requestChecksumCalculation: 'WHEN_REQUIRED',
            responseChecksumValidation: 'WHEN_REQUIRED'
        }),
        forcePathStyle: where.pathStyle,
        credentials: where.credentials,
        maxAttempts: 4
    });
}
/** The HTTP status of an SDK failure, when it got one. */
function statusOf(error) {
    return error?.$metadata?.httpStatusCode;
}
/** An SDK failure as users read it: what was asked, S3's code and status, what to check. */
function requestFailed(what, error) {
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .S3RequestFailed */ .Lf)
        return error;
    const e = (error ?? {});
    const status = statusOf(error);
    const hint = status === 403
        ? ' Check the credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, and that they may do this (see the IAM policy in the S3 section of the docs).'
        : status === 301 || e.name === 'PermanentRedirect'
            ? " The bucket is in another region: set 's3-region'."
            : '';
    return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .S3RequestFailed */ .Lf(`${what} failed: ${e.name ?? 'Error'}${status ? ` (HTTP ${status})` : ''}: ${e.message ?? String(error)}.${hint}`);
}
/** Runs one request, its failure named. */
async function request(what, run) {
    try {
        return await run();
    }
    catch (error) {
        throw requestFailed(what, error);
    }
}
/** The most S3 copies in one CopyObject request. */
const COPY_LIMIT = 5 * 1024 ** 3;
/**
 * Gives an object the metadata its multipart upload could not have when it
 * began (its SHA-256, the versions): S3 copies it onto itself with them
 * (objects up to 5 GiB). False when that was not done; never throws.
 */
async function metadataInPlace(client, bucket, key, size, metadata) {
    if (size > COPY_LIMIT)
        return false;
    const source = key.split('/').map(encodeURIComponent).join('/');
    return client
        .send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_0__.CopyObjectCommand({
        Bucket: bucket,
        Key: key,
        CopySource: `${bucket}/${source}`,
        MetadataDirective: 'REPLACE',
        Metadata: metadata
    }))
        .then(() => true, () => false);
}
/** Every object whose key starts with `prefix`, page after page. */
async function listObjects(client, bucket, prefix, limit) {
    const listed = [];
    let token;
    do {
        const page = await request(`Listing s3://${bucket}/${prefix}`, () => client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_0__.ListObjectsV2Command({
            Bucket: bucket,
            Prefix: prefix,
            ContinuationToken: token,
            ...(limit !== undefined && { MaxKeys: limit })
        })));
        for (const o of page.Contents ?? [])
            if (o.Key !== undefined)
                listed.push({
                    key: o.Key,
                    size: o.Size ?? 0,
                    lastModified: o.LastModified
                });
        token =
            page.IsTruncated && limit === undefined
                ? page.NextContinuationToken
                : undefined;
    } while (token);
    return listed;
}
/** An object's size and x-amz-meta-*, or undefined when it is not there. */
async function headObject(client, bucket, key) {
    try {
        const head = await client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_0__.HeadObjectCommand({ Bucket: bucket, Key: key }));
        return {
            size: head.ContentLength ?? 0,
            metadata: head.Metadata ?? {},
            lastModified: head.LastModified
        };
    }
    catch (error) {
        if (statusOf(error) === 404)
            return undefined;
        throw requestFailed(`Reading s3://${bucket}/${key}`, error);
    }
}
/** A small object's text (a digest file), or undefined when it is not there. */
async function readSmallObject(client, bucket, key) {
    try {
        const got = await client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_0__.GetObjectCommand({ Bucket: bucket, Key: key, Range: 'bytes=0-4095' }));
        return await got.Body?.transformToString('utf8');
    }
    catch (error) {
        if (statusOf(error) === 404)
            return undefined;
        throw requestFailed(`Reading s3://${bucket}/${key}`, error);
    }
}
/** Deletes the keys (1,000 a request); returns the ones S3 could not delete, with why. */
async function deleteObjects(client, bucket, keys) {
    const failed = [];
    for (let at = 0; at < keys.length; at += 1000) {
        const batch = keys.slice(at, at + 1000);
        try {
            const done = await client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_0__.DeleteObjectsCommand({
                Bucket: bucket,
                Delete: { Objects: batch.map(Key => ({ Key })), Quiet: true }
            }));
            for (const e of done.Errors ?? [])
                failed.push({
                    key: e.Key ?? '',
                    reason: `${e.Code ?? 'Error'}: ${e.Message ?? ''}`,
                    status: e.Code === 'AccessDenied' ? 403 : undefined
                });
        }
        catch (error) {
            const reason = requestFailed(`Deleting from s3://${bucket}`, error).message;
            for (const key of batch)
                failed.push({ key, reason, status: statusOf(error) });
        }
    }
    return failed;
}


/***/ })

};
