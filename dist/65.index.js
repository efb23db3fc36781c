export const id = 65;
export const ids = [65];
export const modules = {

/***/ 52065:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   dumpStep: () => (/* binding */ dumpStep)
/* harmony export */ });
/* harmony import */ var _artifacts_load_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6647);
/* harmony import */ var _logger_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3796);


/** Runs a dump, recording in `report` what it did. */
async function dumpStep(inputs, dumper, report, cancellation) {
    const { upload } = inputs;
    const artifacts = upload ? await (0,_artifacts_load_js__WEBPACK_IMPORTED_MODULE_0__/* .loadArtifacts */ .k)() : undefined;
    const client = artifacts?.client();
    if (upload && artifacts && client)
        await artifacts.checkUpload(client, upload);
    const result = await dumper.dump(inputs.dump);
    report.result = result;
    if (!upload || !artifacts || !client)
        return;
    cancellation.throwIfCancelled('nothing was uploaded');
    report.artifact = await _logger_js__WEBPACK_IMPORTED_MODULE_1__/* .actionLogger */ .v0.group(`Uploading the artifact '${upload.name}'`, async () => {
        const started = performance.now();
        const done = await artifacts.uploadDump(client, { ...upload, file: result.file }, _logger_js__WEBPACK_IMPORTED_MODULE_1__/* .actionLogger */ .v0);
        _logger_js__WEBPACK_IMPORTED_MODULE_1__/* .actionLogger */ .v0.info(`Artifact ${done.name} (id ${done.id}, ${done.size} bytes) uploaded in ${Math.round(performance.now() - started)} ms: ${done.url}`);
        return done;
    });
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
    const [{ DefaultArtifactClient }, upload, download] = await Promise.all([
        __webpack_require__.e(/* import() */ 111).then(__webpack_require__.bind(__webpack_require__, 40111)),
        __webpack_require__.e(/* import() */ 998).then(__webpack_require__.bind(__webpack_require__, 63998)),
        Promise.all(/* import() */[__webpack_require__.e(111), __webpack_require__.e(536)]).then(__webpack_require__.bind(__webpack_require__, 40536))
    ]);
    return {
        client: () => new DefaultArtifactClient(),
        checkUpload: upload.checkUpload,
        uploadDump: upload.uploadDump,
        downloadDump: download.downloadDump
    };
}


/***/ })

};
