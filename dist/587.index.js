export const id = 587;
export const ids = [587];
export const modules = {

/***/ 88587:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   restoreStep: () => (/* binding */ restoreStep)
/* harmony export */ });
/* harmony import */ var _store_choose_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(48959);
/* harmony import */ var _runner_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(38348);


/** The report's source for a stored dump, its local `file` (a stream: its name). */
function sourceOf(found, file) {
    if (found.release !== undefined)
        return { release: found.release, asset: found.name, file };
    if (found.s3 !== undefined)
        return { s3: found.s3, file };
    return {
        artifact: found.name,
        artifactId: found.id,
        runId: found.runId,
        branch: found.branch,
        file
    };
}
/** Finds the dump to restore: the file, or the stored dump fetched. */
async function obtain(inputs, store, cancellation, found) {
    const { source } = inputs;
    if (source.kind === 'file')
        return { file: source.file };
    if (!store)
        throw new Error('A restore from a stored dump needs its store');
    const fetched = await store.fetch({
        file: source.kind === 'artifact' ? source.file : undefined,
        found,
        // removed if the run is cancelled, even during the download
        track: dir => cancellation.track(dir)
    });
    cancellation.throwIfCancelled('the download was removed and nothing was restored');
    return sourceOf(fetched.found, fetched.file);
}
/** Why a stored dump is fetched to a file although its store feeds a stream; undefined: it may stream. */
function whyFetched(inputs) {
    const { source, restore } = inputs;
    if (source.kind === 'artifact' && source.file !== undefined)
        return 'one file of several is taken';
    if ((restore.jobs ?? 1) > 1)
        return `jobs ${restore.jobs}: pg_restore reads a stream with one job only`;
    return undefined;
}
/**
 * Restores the store's dump as it streams; false when the dump is not one
 * a stream restores (said in the log), `found` then set to it.
 */
async function restoreStreamed(inputs, dumper, report, store, found) {
    const stream = await store.fetchStream(found);
    report.source = sourceOf(found, found.name);
    let outcome;
    try {
        outcome = await dumper.restoreStream({ ...inputs.restore, file: found.name }, stream);
    }
    finally {
        stream.destroy();
    }
    if ('refused' in outcome) {
        _runner_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`The dump is fetched to a file first: ${outcome.refused}`);
        report.source = undefined;
        return false;
    }
    report.result = outcome;
    if (outcome.dumps)
        report.database = outcome.databases.join(', ');
    return true;
}
/**
 * Runs a restore, recording in `report` what it did. `store`: where the
 * dump comes from, chosen from the inputs unless given.
 */
async function restoreStep(inputs, dumper, report, cancellation, store = (0,_store_choose_js__WEBPACK_IMPORTED_MODULE_1__/* .storeFor */ .f)(inputs)) {
    let found;
    if (inputs.source.kind !== 'file' && store?.fetchStream) {
        const why = whyFetched(inputs);
        if (why === undefined) {
            found = await store.find();
            const streaming = store;
            if (await restoreStreamed(inputs, dumper, report, streaming, found))
                return;
        }
        else
            _runner_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`The dump is fetched to a file first: ${why}`);
    }
    const source = await obtain(inputs, store, cancellation, found);
    report.source = source;
    const result = await dumper.restore({ ...inputs.restore, file: source.file });
    report.result = result;
    // a dump of several went into the databases it names
    if (result.dumps)
        report.database = result.databases.join(', ');
}


/***/ })

};
