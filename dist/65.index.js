export const id = 65;
export const ids = [65];
export const modules = {

/***/ 52065:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   dumpStep: () => (/* binding */ dumpStep)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(61579);
/* harmony import */ var _store_choose_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(48959);
/* harmony import */ var _runner_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(38348);
// The dump step: dump, and keep the dump in its store when asked. The put is
// checked before dumping and happens only after a good dump; with 'keep',
// the older dumps of the series are deleted only after a good put. A store
// that takes a stream gets the dump as pg_dump writes it (no file), where
// the dump is one stream; it keeps it only once the dump is verified.




/**
 * What is kept: the dump; with the globals, both, under the dump's folder;
 * of several databases, each dump and the globals, under their folder.
 */
function keptFiles(result) {
    const { file, dumps, globals } = result;
    const encrypted = Boolean(result.encryption);
    const versions = {
        server: result.serverVersion,
        client: result.clientVersion
    };
    if (!globals && !(dumps && dumps.length > 1))
        return { file, encrypted, versions };
    const several = dumps !== undefined && dumps[0]?.file !== file;
    const files = [
        ...(several ? dumps.map(d => d.file) : [file]),
        ...(globals ? [globals.file] : [])
    ];
    return {
        file,
        files,
        root: several ? file : (0,node_path__WEBPACK_IMPORTED_MODULE_0__.dirname)(file),
        encrypted,
        versions
    };
}
/** Why a dump is written to a file first although its store takes a stream; undefined: it streams. */
function whyNotStreamed(dump) {
    const format = dump.format ?? 'custom';
    if (process.platform === 'win32')
        return 'this system has no FIFOs to stream pg_dump through';
    if ((dump.databases?.length ?? 0) > 0)
        return 'it is a dump of several databases';
    if ((dump.formats?.length ?? 0) > 1)
        return 'it is dumped in several formats';
    if (dump.globals)
        return "the globals go beside it ('globals')";
    if (!_core_index_js__WEBPACK_IMPORTED_MODULE_1__/* .STREAMABLE_FORMATS */ .A.some(f => f === format))
        return `a ${format} dump is not one stream`;
    if (dump.plainFile !== undefined)
        return "its plaintext is kept as a file ('plain-file')";
    if (dump.verify === 'restore')
        return "'verify: restore' restores the dump from its file";
    return undefined;
}
/**
 * The dump streamed into `store` as pg_dump writes it: committed once the
 * Dumper verified it, aborted on any failure or cancellation.
 */
async function streamInto(store, inputs, dumper, report, cancellation) {
    const { dump } = inputs;
    const sink = await store.putStream((0,node_path__WEBPACK_IMPORTED_MODULE_0__.basename)(dump.file), {
        format: dump.format === 'plain' ? 'plain' : 'custom',
        encrypted: (dump.encryptTo ?? []).length > 0
    });
    // a signal between tools ends the process after the deferred clean-ups
    const forget = cancellation.defer(() => sink.abort());
    try {
        const result = await dumper.dumpStream(inputs.dump, sink.stream);
        report.result = result;
        cancellation.throwIfCancelled('nothing was kept');
        return await sink.commit({
            sha256: result.sha256,
            size: result.size,
            format: result.format === 'plain' ? 'plain' : 'custom',
            encrypted: Boolean(result.encryption),
            serverVersion: result.serverVersion,
            clientVersion: result.clientVersion
        });
    }
    catch (error) {
        await sink.abort().catch((failed) => {
            _runner_js__WEBPACK_IMPORTED_MODULE_2__/* .warning */ .$e(`Could not discard the unfinished dump in its store: ${failed.message}`);
        });
        throw error;
    }
    finally {
        forget();
    }
}
/**
 * Runs a dump, recording in `report` what it did. `store`: where the dump
 * is kept, chosen from the inputs unless given.
 */
async function dumpStep(inputs, dumper, report, cancellation, store = (0,_store_choose_js__WEBPACK_IMPORTED_MODULE_3__/* .storeFor */ .f)(inputs)) {
    await store?.prepare();
    let stored;
    const why = whyNotStreamed(inputs.dump);
    if (store?.putStream && why === undefined) {
        _runner_js__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq('The dump streams into its store as pg_dump writes it: no file is written');
        stored = await streamInto(store, inputs, dumper, report, cancellation);
    }
    else {
        if (store?.putStream)
            _runner_js__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq(`The dump is written to a file first, then kept: ${why ?? ''}`);
        const result = await dumper.dump(inputs.dump);
        report.result = result;
        if (!store)
            return;
        cancellation.throwIfCancelled('nothing was uploaded');
        stored = await store.put(keptFiles(result));
    }
    report.artifact = stored;
    if (store.keep === undefined)
        return;
    cancellation.throwIfCancelled('the dump was uploaded; nothing was pruned');
    // the backup counts: it stays reported whatever pruning says
    const { outcome, failure } = await store.prune(stored);
    report.prune = outcome;
    if (failure)
        throw failure;
}


/***/ })

};
