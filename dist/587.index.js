export const id = 587;
export const ids = [587];
export const modules = {

/***/ 88587:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   restoreStep: () => (/* binding */ restoreStep)
/* harmony export */ });
/* harmony import */ var _artifacts_load_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6647);
/* harmony import */ var _logger_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3796);


/** Finds the dump to restore: the file, or the artifact downloaded. */
async function obtain(inputs, cancellation) {
    const { source } = inputs;
    if (source.kind === 'file')
        return { file: source.file };
    const { artifact } = source;
    const artifacts = await (0,_artifacts_load_js__WEBPACK_IMPORTED_MODULE_0__/* .loadArtifacts */ .k)();
    const downloaded = await _logger_js__WEBPACK_IMPORTED_MODULE_1__/* .actionLogger */ .v0.group(`Downloading the artifact '${artifact.name}'`, () => artifacts.downloadDump(artifacts.client(), artifact, {
        file: source.file,
        logger: _logger_js__WEBPACK_IMPORTED_MODULE_1__/* .actionLogger */ .v0,
        // removed if the run is cancelled, even during the download
        track: dir => cancellation.track(dir)
    }));
    cancellation.throwIfCancelled('the download was removed and nothing was restored');
    return {
        artifact: downloaded.artifact.name,
        artifactId: downloaded.artifact.id,
        runId: downloaded.artifact.runId,
        branch: downloaded.artifact.branch,
        file: downloaded.file
    };
}
/** Runs a restore, recording in `report` what it did. */
async function restoreStep(inputs, dumper, report, cancellation) {
    const source = await obtain(inputs, cancellation);
    report.source = source;
    const result = await dumper.restore({ ...inputs.restore, file: source.file });
    report.result = result;
    // a dump of several went into the databases it names
    if (result.dumps)
        report.database = result.databases.join(', ');
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
        Promise.all(/* import() */[__webpack_require__.e(913), __webpack_require__.e(111)]).then(__webpack_require__.bind(__webpack_require__, 40111)),
        __webpack_require__.e(/* import() */ 998).then(__webpack_require__.bind(__webpack_require__, 63998)),
        Promise.all(/* import() */[__webpack_require__.e(913), __webpack_require__.e(111), __webpack_require__.e(494)]).then(__webpack_require__.bind(__webpack_require__, 86494)),
        Promise.all(/* import() */[__webpack_require__.e(913), __webpack_require__.e(851)]).then(__webpack_require__.bind(__webpack_require__, 22851))
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
