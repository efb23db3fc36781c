export const id = 918;
export const ids = [918];
export const modules = {

/***/ 32918:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  dumpStep: () => (/* binding */ dumpStep)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./lib/artifacts/errors.js
var errors = __webpack_require__(95952);
// EXTERNAL MODULE: ./lib/artifacts/load.js
var load = __webpack_require__(6647);
// EXTERNAL MODULE: ./lib/artifacts/pruned.js
var pruned = __webpack_require__(97879);
// EXTERNAL MODULE: ./lib/action/input-names.js
var input_names = __webpack_require__(12911);
// EXTERNAL MODULE: ./lib/action/logger.js
var logger = __webpack_require__(3796);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
;// CONCATENATED MODULE: ./lib/action/visibility.js
// Whether the repository is public, as the runner tells it in the event
// payload (GITHUB_EVENT_PATH): its artifacts can then be downloaded by
// anyone signed in to GitHub.

/** True only when the event payload says the repository is public. */
function repositoryIsPublic() {
    const path = process.env.GITHUB_EVENT_PATH;
    if (!path)
        return false;
    let event;
    try {
        event = JSON.parse((0,external_node_fs_.readFileSync)(path, 'utf8'));
    }
    catch {
        return false;
    }
    const repository = event?.repository;
    if (typeof repository?.visibility === 'string') {
        return repository.visibility === 'public';
    }
    return repository?.private === false;
}

;// CONCATENATED MODULE: ./lib/action/dump-step.js
// The dump step: dump, and keep the dump as an artifact when asked. The
// upload is checked before dumping and happens only after a good dump; with
// 'keep', the older artifacts of the name are deleted only after a good
// upload.







/**
 * Deletes the older artifacts beyond 'keep', of `scope` (this run's branch).
 * The backup counts: it stays uploaded and reported whatever happens here.
 * A token that may not delete fails the step (it would never prune, and
 * storage would fill night after night); any other failure is a warning, as
 * the next run prunes again.
 */
async function prune(inputs, artifacts, scope, uploaded, report) {
    if (!inputs.prune || !scope)
        return;
    const request = inputs.prune;
    const outcome = await logger/* actionLogger */.v0.group(`Pruning the artifacts named '${uploaded.name}' (keep: ${request.keep})`, () => artifacts.pruneArtifacts(request, scope, uploaded, logger/* actionLogger */.v0));
    report.prune = outcome;
    if (outcome.skipped) {
        logger/* actionLogger */.v0.warning(`Nothing was pruned: ${outcome.skipped}. 'keep' deletes only artifacts of the repository's own runs ` +
            "on this run's branch, and never from a fork's run.");
    }
    const kept = `The dump was uploaded as '${uploaded.name}' (id ${uploaded.id}) and is kept`;
    const done = outcome.deleted.length
        ? `; ${outcome.deleted.length} older one(s) were deleted first: ${outcome.deleted.map(a => a.id).join(', ')}`
        : '; no older one was deleted';
    for (const { artifact, reason } of outcome.failed) {
        logger/* actionLogger */.v0.warning(`${artifact ? `Could not delete '${artifact.name}' ${(0,pruned/* prunedLabel */.b)(artifact)}` : 'Could not list the artifacts to prune'}: ` +
            `${reason} ${kept}; the next run with 'keep' tries again.`);
    }
    if (outcome.denied) {
        throw new errors/* ArtifactAccessDenied */.ar(`${outcome.denied.message} ${kept}${done}.`);
    }
}
/**
 * What goes up: the dump; with the globals, both, under the dump's folder;
 * of several databases, each dump and the globals, under their folder.
 */
function uploadedFiles(result) {
    const { file, dumps, globals } = result;
    if (!globals && !(dumps && dumps.length > 1))
        return { file };
    const several = dumps !== undefined && dumps[0]?.file !== file;
    const files = [
        ...(several ? dumps.map(d => d.file) : [file]),
        ...(globals ? [globals.file] : [])
    ];
    return { file, files, root: several ? file : (0,external_node_path_.dirname)(file) };
}
/** Runs a dump, recording in `report` what it did. */
async function dumpStep(inputs, dumper, report, cancellation) {
    const { upload } = inputs;
    const artifacts = upload ? await (0,load/* loadArtifacts */.k)() : undefined;
    const client = artifacts?.client();
    let scope;
    if (upload && artifacts && client) {
        await artifacts.checkUpload(client, upload);
        if (inputs.prune)
            scope = await artifacts.checkPrune(inputs.prune, upload.name);
    }
    const result = await dumper.dump(inputs.dump);
    report.result = result;
    if (!upload || !artifacts || !client)
        return;
    cancellation.throwIfCancelled('nothing was uploaded');
    if (!result.encryption && repositoryIsPublic()) {
        logger/* actionLogger */.v0.warning(`This repository is public: anyone signed in to GitHub can download the artifact '${upload.name}' and every row in the dump. ` +
            `Set '${input_names/* Inputs */.G0.EncryptTo}' to age public keys to upload it encrypted, or keep dumps of real data in a private repository.`);
    }
    const uploaded = await logger/* actionLogger */.v0.group(`Uploading the artifact '${upload.name}'`, async () => {
        const started = performance.now();
        const done = await artifacts.uploadDump(client, { ...upload, ...uploadedFiles(result) }, logger/* actionLogger */.v0);
        logger/* actionLogger */.v0.info(`Artifact ${done.name} (id ${done.id}, ${done.size} bytes) uploaded in ${Math.round(performance.now() - started)} ms: ${done.url}`);
        return done;
    });
    report.artifact = uploaded;
    if (inputs.prune)
        cancellation.throwIfCancelled('the dump was uploaded; nothing was pruned');
    await prune(inputs, artifacts, scope, uploaded, report);
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
