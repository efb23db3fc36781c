export const id = 65;
export const ids = [65];
export const modules = {

/***/ 52065:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   dumpStep: () => (/* binding */ dumpStep)
/* harmony export */ });
/* harmony import */ var _artifacts_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(95952);
/* harmony import */ var _artifacts_load_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6647);
/* harmony import */ var _artifacts_prune_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(22851);
/* harmony import */ var _logger_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3796);




/**
 * Deletes the older artifacts beyond 'keep'. The backup counts: it stays
 * uploaded and reported whatever happens here. A token that may not delete
 * fails the step (it would never prune, and storage would fill night after
 * night); any other failure is a warning, as the next run prunes again.
 */
async function prune(inputs, artifacts, uploaded, report) {
    if (!inputs.prune)
        return;
    const request = inputs.prune;
    const outcome = await _logger_js__WEBPACK_IMPORTED_MODULE_0__/* .actionLogger */ .v0.group(`Pruning the artifacts named '${uploaded.name}' (keep: ${request.keep})`, () => artifacts.pruneArtifacts(request, uploaded, _logger_js__WEBPACK_IMPORTED_MODULE_0__/* .actionLogger */ .v0));
    report.prune = outcome;
    const kept = `The dump was uploaded as '${uploaded.name}' (id ${uploaded.id}) and is kept`;
    const done = outcome.deleted.length
        ? `; ${outcome.deleted.length} older one(s) were deleted first: ${outcome.deleted.map(a => a.id).join(', ')}`
        : '; no older one was deleted';
    for (const { artifact, reason } of outcome.failed) {
        _logger_js__WEBPACK_IMPORTED_MODULE_0__/* .actionLogger */ .v0.warning(`${artifact ? `Could not delete '${artifact.name}' ${(0,_artifacts_prune_js__WEBPACK_IMPORTED_MODULE_1__.prunedLabel)(artifact)}` : 'Could not list the artifacts to prune'}: ` +
            `${reason} ${kept}; the next run with 'keep' tries again.`);
    }
    if (outcome.denied) {
        throw new _artifacts_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ArtifactAccessDenied */ .ar(`${outcome.denied.message} ${kept}${done}.`);
    }
}
/** Runs a dump, recording in `report` what it did. */
async function dumpStep(inputs, dumper, report, cancellation) {
    const { upload } = inputs;
    const artifacts = upload ? await (0,_artifacts_load_js__WEBPACK_IMPORTED_MODULE_3__/* .loadArtifacts */ .k)() : undefined;
    const client = artifacts?.client();
    if (upload && artifacts && client) {
        await artifacts.checkUpload(client, upload);
        if (inputs.prune)
            await artifacts.checkPrune(inputs.prune, upload.name);
    }
    const result = await dumper.dump(inputs.dump);
    report.result = result;
    if (!upload || !artifacts || !client)
        return;
    cancellation.throwIfCancelled('nothing was uploaded');
    const uploaded = await _logger_js__WEBPACK_IMPORTED_MODULE_0__/* .actionLogger */ .v0.group(`Uploading the artifact '${upload.name}'`, async () => {
        const started = performance.now();
        const done = await artifacts.uploadDump(client, { ...upload, file: result.file }, _logger_js__WEBPACK_IMPORTED_MODULE_0__/* .actionLogger */ .v0);
        _logger_js__WEBPACK_IMPORTED_MODULE_0__/* .actionLogger */ .v0.info(`Artifact ${done.name} (id ${done.id}, ${done.size} bytes) uploaded in ${Math.round(performance.now() - started)} ms: ${done.url}`);
        return done;
    });
    report.artifact = uploaded;
    await prune(inputs, artifacts, uploaded, report);
}


/***/ }),

/***/ 6647:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   k: () => (/* binding */ loadArtifacts)
/* harmony export */ });
// Loads the artifact code only when a run keeps or takes an artifact:
// @actions/artifact and its dependencies are most of the bundle, and most
// of a run's start-up time when loaded for nothing.
/** The artifact client and the steps that use it, loaded on first use. */
async function loadArtifacts() {
    const [{ DefaultArtifactClient }, upload, download, prune] = await Promise.all([
        __webpack_require__.e(/* import() */ 111).then(__webpack_require__.bind(__webpack_require__, 40111)),
        __webpack_require__.e(/* import() */ 998).then(__webpack_require__.bind(__webpack_require__, 63998)),
        Promise.all(/* import() */[__webpack_require__.e(111), __webpack_require__.e(494)]).then(__webpack_require__.bind(__webpack_require__, 86494)),
        Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 22851))
    ]);
    return {
        client: () => new DefaultArtifactClient(),
        checkUpload: upload.checkUpload,
        uploadDump: upload.uploadDump,
        downloadDump: download.downloadDump,
        checkPrune: prune.checkPrune,
        pruneArtifacts: prune.pruneArtifacts
    };
}


/***/ })

};
