export const id = 998;
export const ids = [998];
export const modules = {

/***/ 63998:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   checkUpload: () => (/* binding */ checkUpload),
/* harmony export */   uploadDump: () => (/* binding */ uploadDump)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(95952);
/* harmony import */ var _runtime_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(49135);




async function existing(client, name) {
    try {
        return (await client.getArtifact(name)).artifact.id;
    }
    catch (error) {
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .isArtifactNotFound */ .Oq)(error))
            return undefined;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ArtifactServiceError */ ._Y(`Checking whether the artifact '${name}' exists failed: ${error.message}. ` +
            '@actions/artifact retries the artifact service (5xx, 5 attempts with backoff); run the job again.');
    }
}
/**
 * Checks, before anything is dumped, that the upload can happen: the runtime
 * is there and no artifact of that name exists unless overwrite is on.
 */
async function checkUpload(client, request) {
    (0,_runtime_js__WEBPACK_IMPORTED_MODULE_3__/* .requireRuntime */ .Up)(`Uploading the artifact '${request.name}'`);
    if (request.overwrite)
        return;
    const id = await existing(client, request.name);
    if (id !== undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ArtifactAlreadyExists */ .J6(`An artifact named '${request.name}' (id ${id}) already exists in this run. ` +
            "Set 'overwrite: true' to replace it, or choose another 'artifact-name'.");
    }
}
/** The file itself, or every file of a directory archive (one artifact). */
async function filesOf(path) {
    const entries = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readdir)(path, {
        recursive: true,
        withFileTypes: true
    }).catch(() => undefined);
    if (entries === undefined)
        return [path];
    return entries.filter(e => e.isFile()).map(e => (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(e.parentPath, e.name));
}
/** Uploads the dump; with overwrite, first deletes an artifact of that name. */
async function uploadDump(client, request, logger) {
    if (request.overwrite &&
        (await existing(client, request.name)) !== undefined) {
        await client.deleteArtifact(request.name);
        logger.info(`Deleted the earlier artifact '${request.name}' (overwrite)`);
    }
    const { plan } = request;
    const paths = request.files ?? [request.file];
    const files = (await Promise.all(paths.map(filesOf))).flat();
    const stored = files.length === 1 && files[0] === request.file ? 'it' : 'its files';
    const what = paths.length === 1
        ? (0,node_path__WEBPACK_IMPORTED_MODULE_1__.basename)(request.file)
        : `${paths.map(p => (0,node_path__WEBPACK_IMPORTED_MODULE_1__.basename)(p)).join(', ')}`;
    const why = plan.encrypted
        ? 'it is age-encrypted, which nothing compresses'
        : `pg_dump already compressed ${plan.raw ? 'it' : stored}`;
    logger.info(plan.raw
        ? `Uploading ${what} as it is: ${why}`
        : `Uploading ${what} zipped at level ${plan.level}${plan.level === 0 ? ` (stored: ${why})` : ''}`);
    const result = await client
        .uploadArtifact(request.name, files, request.root ?? (0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(request.file), {
        retentionDays: request.retentionDays,
        compressionLevel: plan.level,
        skipArchive: plan.raw
    })
        .catch((error) => {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ArtifactServiceError */ ._Y(`Uploading the artifact '${request.name}' failed: ${error.message}. ` +
            '@actions/artifact retries the artifact service (5xx and rate limits, 5 attempts with backoff); ' +
            'a service that cannot be reached fails at once. Run the job again, or check https://www.githubstatus.com.');
    });
    if (result.id === undefined || result.digest === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ArtifactServiceError */ ._Y(`The artifact service did not confirm the upload of '${request.name}' (no id or digest came back). Run the job again.`);
    }
    return {
        id: result.id,
        name: request.name,
        url: (0,_runtime_js__WEBPACK_IMPORTED_MODULE_3__/* .artifactUrl */ .Wk)(result.id),
        digest: result.digest,
        format: plan.raw ? 'file' : 'zip',
        size: result.size ?? 0
    };
}


/***/ })

};
