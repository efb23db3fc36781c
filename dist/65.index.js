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
/* harmony import */ var _store_choose_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(86639);
// The dump step: dump, and keep the dump in its store when asked. The put is
// checked before dumping and happens only after a good dump; with 'keep',
// the older dumps of the series are deleted only after a good put.


/**
 * What is kept: the dump; with the globals, both, under the dump's folder;
 * of several databases, each dump and the globals, under their folder.
 */
function keptFiles(result) {
    const { file, dumps, globals } = result;
    const encrypted = Boolean(result.encryption);
    if (!globals && !(dumps && dumps.length > 1))
        return { file, encrypted };
    const several = dumps !== undefined && dumps[0]?.file !== file;
    const files = [
        ...(several ? dumps.map(d => d.file) : [file]),
        ...(globals ? [globals.file] : [])
    ];
    return { file, files, root: several ? file : (0,node_path__WEBPACK_IMPORTED_MODULE_0__.dirname)(file), encrypted };
}
/**
 * Runs a dump, recording in `report` what it did. `store`: where the dump
 * is kept, chosen from the inputs unless given.
 */
async function dumpStep(inputs, dumper, report, cancellation, store = (0,_store_choose_js__WEBPACK_IMPORTED_MODULE_1__/* .storeFor */ .f)(inputs)) {
    await store?.prepare();
    const result = await dumper.dump(inputs.dump);
    report.result = result;
    if (!store)
        return;
    cancellation.throwIfCancelled('nothing was uploaded');
    const stored = await store.put(keptFiles(result));
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


/***/ }),

/***/ 86639:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  f: () => (/* binding */ storeFor)
});

// EXTERNAL MODULE: ./lib/artifacts/errors.js
var errors = __webpack_require__(95952);
;// CONCATENATED MODULE: ./lib/artifacts/load.js
// Loads the artifact code only when a run keeps or takes an artifact:
// @actions/artifact and its dependencies are most of the bundle, and most
// of a run's start-up time when loaded for nothing.
/** The artifact client and the steps that use it, loaded on first use. */
async function loadArtifacts() {
    const [{ DefaultArtifactClient }, upload, find, download, prune] = await Promise.all([
        Promise.all(/* import() */[__webpack_require__.e(913), __webpack_require__.e(111)]).then(__webpack_require__.bind(__webpack_require__, 40111)),
        __webpack_require__.e(/* import() */ 998).then(__webpack_require__.bind(__webpack_require__, 63998)),
        Promise.all(/* import() */[__webpack_require__.e(913), __webpack_require__.e(76)]).then(__webpack_require__.bind(__webpack_require__, 59076)),
        Promise.all(/* import() */[__webpack_require__.e(913), __webpack_require__.e(111), __webpack_require__.e(171)]).then(__webpack_require__.bind(__webpack_require__, 89171)),
        Promise.all(/* import() */[__webpack_require__.e(913), __webpack_require__.e(851)]).then(__webpack_require__.bind(__webpack_require__, 22851))
    ]);
    return {
        client: () => new DefaultArtifactClient(),
        checkUpload: upload.checkUpload,
        uploadDump: upload.uploadDump,
        findArtifact: find.findArtifact,
        listSeries: find.listSeries,
        downloadDump: download.downloadDump,
        checkPrune: prune.checkPrune,
        pruneArtifacts: prune.pruneArtifacts
    };
}

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

;// CONCATENATED MODULE: ./lib/store/artifact-store.js
// Workflow artifacts as a Store: a series is the artifacts of one name. The
// artifact code (src/artifacts/) is loaded on first use, never at start-up;
// the words the log, warnings and errors use are the ones the steps used.






/** Workflow artifacts, through @actions/artifact and the REST API. */
class ArtifactStore {
    keep;
    #config;
    #artifacts;
    #client;
    /** what pruning considers, decided by prepare() */
    #scope;
    constructor(config) {
        this.#config = config;
        if ('upload' in config)
            this.keep = config.prune?.keep;
    }
    async #load() {
        this.#artifacts ??= loadArtifacts();
        const artifacts = await this.#artifacts;
        this.#client ??= artifacts.client();
        return { artifacts, client: this.#client };
    }
    #upload() {
        if (!('upload' in this.#config))
            throw new Error('This artifact store was chosen to restore from');
        return this.#config;
    }
    #source() {
        if (!('source' in this.#config))
            throw new Error('This artifact store was chosen to upload to');
        return this.#config.source;
    }
    /** The runtime is there, the name is free (or overwrite is on), and the token may list for 'keep'. */
    async prepare() {
        const { upload, prune } = this.#upload();
        const { artifacts, client } = await this.#load();
        await artifacts.checkUpload(client, upload);
        if (prune)
            this.#scope = await artifacts.checkPrune(prune, upload.name);
    }
    async put(dump) {
        const { upload } = this.#upload();
        const { artifacts, client } = await this.#load();
        if (!dump.encrypted && repositoryIsPublic()) {
            logger/* actionLogger */.v0.warning(`This repository is public: anyone signed in to GitHub can download the artifact '${upload.name}' and every row in the dump. ` +
                `Set '${input_names/* Inputs */.G0.EncryptTo}' to age public keys to upload it encrypted, or keep dumps of real data in a private repository.`);
        }
        const { file, files, root } = dump;
        return logger/* actionLogger */.v0.group(`Uploading the artifact '${upload.name}'`, async () => {
            const started = performance.now();
            const done = await artifacts.uploadDump(client, { ...upload, file, files, root }, logger/* actionLogger */.v0);
            logger/* actionLogger */.v0.info(`Artifact ${done.name} (id ${done.id}, ${done.size} bytes) uploaded in ${Math.round(performance.now() - started)} ms: ${done.url}`);
            return done;
        });
    }
    /**
     * Deletes the older artifacts beyond 'keep', of this run's branch. A token
     * that may not delete fails the step (it would never prune, and storage
     * would fill night after night); any other failure is a warning, as the
     * next run prunes again.
     */
    async prune(kept) {
        const { prune: request } = this.#upload();
        const scope = this.#scope;
        if (!request || !scope)
            throw new Error("prune() needs 'keep' and a prepare() first");
        const { artifacts } = await this.#load();
        const outcome = await logger/* actionLogger */.v0.group(`Pruning the artifacts named '${kept.name}' (keep: ${request.keep})`, () => artifacts.pruneArtifacts(request, scope, kept, logger/* actionLogger */.v0));
        return { outcome, failure: warnAbout(outcome, kept) };
    }
    async list() {
        const { artifacts, client } = await this.#load();
        if ('source' in this.#config)
            return artifacts.listSeries(client, this.#config.source);
        const { upload, prune } = this.#config;
        return artifacts.listSeries(client, {
            name: upload.name,
            token: prune?.token,
            repository: prune?.repository ?? { owner: '', repo: '' }
        });
    }
    async find() {
        const { artifacts, client } = await this.#load();
        return artifacts.findArtifact(client, this.#source());
    }
    /** Finds the artifact (unless given), downloads it into a fresh folder and verifies its digest. */
    async fetch(options) {
        const source = this.#source();
        const { artifacts, client } = await this.#load();
        const downloaded = await logger/* actionLogger */.v0.group(`Downloading the artifact '${source.name}'`, () => artifacts.downloadDump(client, source, {
            ...options,
            logger: logger/* actionLogger */.v0
        }));
        return { found: downloaded.artifact, file: downloaded.file };
    }
}
/** Warns of what pruning left, and returns the error when the token may not delete. */
function warnAbout(outcome, kept) {
    if (outcome.skipped) {
        logger/* actionLogger */.v0.warning(`Nothing was pruned: ${outcome.skipped}. 'keep' deletes only artifacts of the repository's own runs ` +
            "on this run's branch, and never from a fork's run.");
    }
    const still = `The dump was uploaded as '${kept.name}' (id ${kept.id}) and is kept`;
    const done = outcome.deleted.length
        ? `; ${outcome.deleted.length} older one(s) were deleted first: ${outcome.deleted.map(a => a.id).join(', ')}`
        : '; no older one was deleted';
    for (const { artifact, reason } of outcome.failed) {
        logger/* actionLogger */.v0.warning(`${artifact ? `Could not delete '${artifact.name}' ${(0,pruned/* prunedLabel */.b)(artifact)}` : 'Could not list the artifacts to prune'}: ` +
            `${reason} ${still}; the next run with 'keep' tries again.`);
    }
    if (outcome.denied) {
        return new errors/* ArtifactAccessDenied */.ar(`${outcome.denied.message} ${still}${done}.`);
    }
    return undefined;
}

;// CONCATENATED MODULE: ./lib/store/choose.js

/**
 * The store a dump goes to or a restore comes from; undefined: a dump only
 * written to its file, a restore of a file.
 */
function storeFor(inputs) {
    if (inputs.mode === 'dump') {
        const { upload, prune } = inputs;
        return upload ? new ArtifactStore({ upload, prune }) : undefined;
    }
    const { source } = inputs;
    return source.kind === 'artifact'
        ? new ArtifactStore({ source: source.artifact })
        : undefined;
}


/***/ })

};
