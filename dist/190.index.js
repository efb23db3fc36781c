export const id = 190;
export const ids = [190,349];
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


/***/ }),

/***/ 25190:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ObjectSink: () => (/* binding */ ObjectSink)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var dist_cjs = __webpack_require__(53711);
// EXTERNAL MODULE: ./lib/s3/objects.js
var objects = __webpack_require__(95730);
;// CONCATENATED MODULE: ./lib/s3/parts.js
// The parts of a multipart upload: S3 takes at most 10,000, each but the
// last at least 5 MiB.
const MiB = 1024 * 1024;
/** The size of part `n` (1-based): doubling every 2,000 parts, ~500 GB in 10,000 parts of 8 MiB first. */
function partSizeOf(n, base) {
    return base * 2 ** Math.min(4, Math.floor((n - 1) / 2000));
}

;// CONCATENATED MODULE: ./lib/s3/sink.js
// A dump written into one S3 object as it comes: hashed, cut into parts of a
// multipart upload, a few in flight (memory stays bounded); nothing is an
// object until commit(): one PutObject for a small dump, else the last part,
// CompleteMultipartUpload and a copy onto itself giving it its SHA-256 and
// versions. abort() aborts the upload once no part is on the way: no
// object, no unfinished upload left.






/** Beside an object whose SHA-256 was not known when its upload began. */
const DIGEST_SUFFIX = '.sha256';
/** A sink into one S3 object: its stream, commit(), abort(). */
class ObjectSink {
    stream;
    #t;
    #base;
    #inFlight;
    #hash = (0,external_node_crypto_.createHash)('sha256');
    #size = 0;
    #pending = [];
    #pendingBytes = 0;
    #uploadId;
    #parts = [];
    #nextPart = 1;
    #running = new Set();
    #failure;
    #state = 'open';
    constructor(target) {
        this.#t = target;
        this.#base = Math.max(5 * MiB, target.partSize ?? 8 * MiB);
        this.#inFlight = Math.max(1, target.inFlight ?? 2);
        this.stream = new external_node_stream_.Writable({
            highWaterMark: MiB,
            write: (chunk, _encoding, done) => {
                this.#take(chunk).then(() => done(), done);
            }
        });
    }
    async #take(chunk) {
        if (this.#state !== 'open')
            throw new Error(`the S3 upload was ${this.#state === 'aborted' ? 'aborted' : 'committed'}`);
        this.#check();
        this.#hash.update(chunk);
        this.#size += chunk.length;
        this.#pending.push(chunk);
        this.#pendingBytes += chunk.length;
        const next = () => partSizeOf(this.#nextPart, this.#base);
        while (this.#pendingBytes >= next()) {
            // aborted while this write waited for a part: nothing more goes up
            if (this.#aborted())
                throw new Error('the S3 upload was aborted');
            const size = next();
            const all = Buffer.concat(this.#pending);
            this.#pending = [all.subarray(size)];
            this.#pendingBytes = all.length - size;
            this.#startPart(all.subarray(0, size));
            // back-pressure: the stream waits while the parts in flight are many
            while (this.#running.size >= this.#inFlight)
                await Promise.race(this.#running);
            this.#check();
        }
    }
    #aborted = () => this.#state === 'aborted';
    /** Throws what failed a part, if one did. */
    #check() {
        const failure = this.#failure;
        if (failure)
            throw failure;
    }
    #create() {
        // an upload begun after abort() would be left unfinished
        if (this.#aborted() && !this.#uploadId)
            return Promise.reject(new Error('the S3 upload was aborted'));
        const { client, bucket, key, metadata } = this.#t;
        this.#uploadId ??= (0,objects.request)(`Starting the upload of s3://${bucket}/${key}`, () => client.send(new dist_cjs.CreateMultipartUploadCommand({
            Bucket: bucket,
            Key: key,
            Metadata: metadata
        }))).then(r => {
            if (!r.UploadId)
                throw new Error('S3 gave no UploadId');
            return r.UploadId;
        });
        return this.#uploadId;
    }
    #startPart(body) {
        const PartNumber = this.#nextPart++;
        const { client, bucket, key } = this.#t;
        const run = (async () => {
            const UploadId = await this.#create();
            const done = await (0,objects.request)(`Uploading part ${PartNumber} of s3://${bucket}/${key}`, () => client.send(new dist_cjs.UploadPartCommand({
                Bucket: bucket,
                Key: key,
                UploadId,
                PartNumber,
                Body: body
            })));
            this.#parts.push({ PartNumber, ETag: done.ETag ?? '' });
        })().catch((error) => {
            this.#failure ??=
                error instanceof Error ? error : new Error(String(error));
        });
        const tracked = run.finally(() => this.#running.delete(tracked));
        this.#running.add(tracked);
    }
    async #settle() {
        while (this.#running.size)
            await Promise.allSettled([...this.#running]);
    }
    /**
     * Completes the object: the stream must have ended. Fails (having
     * aborted) when S3 refused any of it, or when what it received is not
     * `expected` (the size and SHA-256 the writer took of what it wrote).
     * `late`: metadata known only now (the versions), recorded where the
     * object is one PutObject; a multipart upload's was fixed when it began.
     */
    async commit(expected, late = {}) {
        if (this.#state !== 'open')
            throw new Error(`commit() after the S3 upload was ${this.#state}`);
        if (!this.stream.writableEnded)
            throw new Error('commit() before the dump stream ended');
        if (!this.stream.writableFinished)
            await new Promise((resolve, reject) => {
                this.stream.once('finish', resolve);
                this.stream.once('error', reject);
            });
        this.#state = 'committing';
        try {
            const result = await this.#complete(expected, late);
            this.#state = 'committed';
            return result;
        }
        catch (error) {
            this.#state = 'open';
            await this.abort().catch(() => undefined);
            throw error;
        }
    }
    async #complete(expected, late) {
        await this.#settle();
        this.#check();
        const { client, bucket, key, metadata } = this.#t;
        const sha256 = this.#hash.digest('hex');
        if (expected &&
            (expected.size !== this.#size || expected.sha256 !== sha256))
            throw new Error(`the upload received ${this.#size} bytes of SHA-256 ${sha256}, but ${expected.size} bytes of SHA-256 ${expected.sha256} were written: nothing was kept`);
        const result = { key, size: this.#size, sha256 };
        const rest = Buffer.concat(this.#pending);
        if (!this.#uploadId) {
            await (0,objects.request)(`Uploading s3://${bucket}/${key}`, () => client.send(new dist_cjs.PutObjectCommand({
                Bucket: bucket,
                Key: key,
                Body: rest,
                Metadata: {
                    ...metadata,
                    ...late,
                    sha256,
                    size: String(this.#size)
                }
            })));
            return result;
        }
        if (rest.length)
            this.#startPart(rest);
        await this.#settle();
        this.#check();
        const UploadId = await this.#create();
        // the digest was not known when the upload began: it goes beside the object first
        const digestKey = `${key}${DIGEST_SUFFIX}`;
        const sidecar = metadata.sha256 === undefined;
        if (sidecar)
            await (0,objects.request)(`Uploading s3://${bucket}/${digestKey}`, () => client.send(new dist_cjs.PutObjectCommand({
                Bucket: bucket,
                Key: digestKey,
                Body: `${sha256}  ${external_node_path_.posix.basename(key)}\n`,
                ContentType: 'text/plain'
            })));
        const parts = [...this.#parts].sort((a, b) => a.PartNumber - b.PartNumber);
        try {
            await (0,objects.request)(`Completing the upload of s3://${bucket}/${key}`, () => client.send(new dist_cjs.CompleteMultipartUploadCommand({
                Bucket: bucket,
                Key: key,
                UploadId,
                MultipartUpload: { Parts: parts }
            })));
        }
        catch (error) {
            if (sidecar)
                await client
                    .send(new dist_cjs.DeleteObjectCommand({ Bucket: bucket, Key: digestKey }))
                    .catch(() => undefined);
            throw error;
        }
        // the SHA-256 and versions, unknown when the upload began: copied in
        const all = { ...metadata, ...late, sha256, size: String(this.#size) };
        const metadataWhole = await (0,objects.metadataInPlace)(client, bucket, key, this.#size, all);
        return { ...result, metadataWhole };
    }
    /** Leaves nothing: the multipart upload aborted once its parts settled. Does nothing after a commit. */
    async abort() {
        if (this.#state === 'committed' || this.#state === 'aborted')
            return;
        this.#state = 'aborted';
        if (!this.stream.destroyed)
            this.stream.destroy();
        await this.#settle();
        if (!this.#uploadId)
            return;
        const UploadId = await this.#uploadId.catch(() => undefined);
        if (!UploadId)
            return;
        const { client, bucket, key } = this.#t;
        await (0,objects.request)(`Aborting the upload of s3://${bucket}/${key}`, () => client.send(new dist_cjs.AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId })));
    }
}


/***/ })

};
