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
/* harmony import */ var _store_choose_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(55504);
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

/***/ 26611:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HG: () => (/* binding */ ReleaseAccessDenied),
/* harmony export */   PT: () => (/* binding */ ReleaseNotFound),
/* harmony export */   WH: () => (/* binding */ ReleaseDigestMismatch),
/* harmony export */   Wz: () => (/* binding */ ReleaseAssetExists),
/* harmony export */   X7: () => (/* binding */ ReleaseServiceError)
/* harmony export */ });
// Typed errors of the release assets, each telling the user what to do next.
/** Base class of every release error. */
class ReleaseError extends Error {
    name = 'ReleaseError';
}
/** No release of that tag, or no asset of that name in it. */
class ReleaseNotFound extends ReleaseError {
    name = 'ReleaseNotFound';
}
/** An asset of that name is attached already and overwrite is off. */
class ReleaseAssetExists extends ReleaseError {
    name = 'ReleaseAssetExists';
}
/** The token is missing, invalid, or lacks `contents: write` (or read). */
class ReleaseAccessDenied extends ReleaseError {
    name = 'ReleaseAccessDenied';
}
/** The downloaded bytes do not match the digest GitHub lists for the asset. */
class ReleaseDigestMismatch extends ReleaseError {
    name = 'ReleaseDigestMismatch';
}
/** The API failed in a way the user cannot fix. */
class ReleaseServiceError extends ReleaseError {
    name = 'ReleaseServiceError';
}


/***/ }),

/***/ 55504:
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
        Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(913), __webpack_require__.e(260), __webpack_require__.e(942), __webpack_require__.e(477), __webpack_require__.e(111)]).then(__webpack_require__.bind(__webpack_require__, 40111)),
        __webpack_require__.e(/* import() */ 998).then(__webpack_require__.bind(__webpack_require__, 63998)),
        Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(913), __webpack_require__.e(76)]).then(__webpack_require__.bind(__webpack_require__, 59076)),
        Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(913), __webpack_require__.e(260), __webpack_require__.e(942), __webpack_require__.e(477), __webpack_require__.e(111), __webpack_require__.e(171)]).then(__webpack_require__.bind(__webpack_require__, 89171)),
        Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(913), __webpack_require__.e(851)]).then(__webpack_require__.bind(__webpack_require__, 22851))
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

;// CONCATENATED MODULE: ./lib/store/both-stores.js
/**
 * Two stores as one: `first` is the one the report, the outputs, pruning
 * and a restore know; `second` (the release) adds its assets to the report.
 */
class BothStores {
    keep;
    #first;
    #second;
    constructor(first, second) {
        this.#first = first;
        this.#second = second;
        this.keep = first.keep;
    }
    async prepare() {
        await this.#first.prepare();
        await this.#second.prepare();
    }
    async put(dump) {
        const kept = await this.#first.put(dump);
        const also = await this.#second.put(dump);
        return { ...kept, release: also.release ?? kept.release };
    }
    prune(kept) {
        return this.#first.prune(kept);
    }
    list() {
        return this.#first.list();
    }
    find() {
        return this.#first.find();
    }
    fetch(options) {
        return this.#first.fetch(options);
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./lib/action/restore-file.js
var restore_file = __webpack_require__(79943);
// EXTERNAL MODULE: ./lib/releases/errors.js
var releases_errors = __webpack_require__(26611);
;// CONCATENATED MODULE: ./lib/releases/load.js
/** The REST calls and transfers of release assets, loaded on first use. */
async function loadReleases() {
    const [api, transfer] = await Promise.all([
        Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(913), __webpack_require__.e(298)]).then(__webpack_require__.bind(__webpack_require__, 81298)),
        Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(913), __webpack_require__.e(619)]).then(__webpack_require__.bind(__webpack_require__, 89619))
    ]);
    return {
        getRelease: api.getRelease,
        listAssets: api.listAssets,
        deleteAsset: api.deleteAsset,
        renameAsset: api.renameAsset,
        uploadAsset: transfer.uploadAsset,
        downloadAsset: transfer.downloadAsset
    };
}

;// CONCATENATED MODULE: ./lib/store/release-store.js
// GitHub release assets as a Store: a dump's files attached to the release
// of a tag (checked before dumping: the release is there, no asset is in the
// way unless overwrite is on), or one asset brought back for a restore. The
// release code (src/releases/) is loaded on first use, never at start-up.










const found = (tag, a) => ({
    id: a.id,
    name: a.name,
    digest: a.digest,
    createdAt: a.createdAt,
    release: tag
});
/** Release assets, through the REST API. */
class ReleaseStore {
    #config;
    #releases;
    /** the release and its assets, as prepare() found them */
    #target;
    constructor(config) {
        this.#config = config;
    }
    #load() {
        this.#releases ??= loadReleases();
        return this.#releases;
    }
    #where() {
        return 'attach' in this.#config ? this.#config.attach : this.#config.source;
    }
    #attach() {
        if (!('attach' in this.#config))
            throw new Error('This release store was chosen to restore from');
        return this.#config.attach;
    }
    /** The release exists, and no asset of the dump's names is in the way (but with overwrite). */
    async prepare() {
        const attach = this.#attach();
        const { getRelease, listAssets } = await this.#load();
        const release = await getRelease(attach.repository, attach.tag, attach.token);
        const assets = await listAssets(attach.repository, release, attach.token);
        this.#target = { release, assets };
        const clash = assets.filter(a => attach.assets.includes(a.name));
        if (clash.length && !attach.overwrite) {
            throw new releases_errors/* ReleaseAssetExists */.Wz(`The release '${attach.tag}' has an asset named ${clash.map(a => `'${a.name}'`).join(', ')} already: ` +
                `set '${input_names/* Inputs */.G0.Overwrite}: true' to replace it, or choose another '${input_names/* Inputs */.G0.File}'. Nothing was dumped.`);
        }
    }
    /** Attaches each file of the dump, replacing an asset of its name (overwrite). */
    async put(dump) {
        const attach = this.#attach();
        if (!this.#target)
            throw new Error('put() needs a prepare() first');
        const { release, assets } = this.#target;
        const releases = await this.#load();
        const paths = dump.files ?? [dump.file];
        if (!dump.encrypted && repositoryIsPublic()) {
            logger/* actionLogger */.v0.warning(`This repository is public: anyone can download the assets of the release '${attach.tag}' and every row in the dump. ` +
                `Set '${input_names/* Inputs */.G0.EncryptTo}' to age public keys to attach it encrypted, or keep dumps of real data in a private repository.`);
        }
        return logger/* actionLogger */.v0.group(`Attaching ${paths.length === 1 ? `'${(0,external_node_path_.basename)(paths[0])}'` : `${paths.length} files`} to the release '${attach.tag}'`, async () => {
            let size = 0;
            let digest = '';
            for (const path of paths) {
                const name = (0,external_node_path_.basename)(path);
                const old = assets.find(a => a.name === name);
                // replacing: the old asset goes only once the new one is up
                const sent = await releases.uploadAsset(release, old ? `${name}.${(0,external_node_crypto_.randomBytes)(4).toString('hex')}.partial` : name, path, attach.token);
                if (old) {
                    await releases.deleteAsset(attach.repository, old, attach.token);
                    logger/* actionLogger */.v0.info(`Deleted the old asset '${name}' (id ${old.id})`);
                    await releases.renameAsset(attach.repository, sent.asset, name, attach.token);
                }
                size += sent.asset.size;
                digest ||= sent.sha256;
                logger/* actionLogger */.v0.info(`Attached '${name}' (id ${sent.asset.id}, ${sent.asset.size} bytes): ${sent.asset.url.replace(/[^/]*$/, encodeURIComponent(name))}`);
            }
            const names = paths.map(p => (0,external_node_path_.basename)(p));
            return {
                id: release.id,
                name: attach.tag,
                url: release.url,
                digest,
                format: 'file',
                size,
                kind: 'release',
                release: { tag: attach.tag, url: release.url, assets: names }
            };
        });
    }
    prune() {
        return Promise.reject(new Error('Release assets are not pruned'));
    }
    /** The release's assets, newest first. */
    async list() {
        const { tag, repository, token } = this.#where();
        const { getRelease, listAssets } = await this.#load();
        const release = await getRelease(repository, tag, token);
        const assets = await listAssets(repository, release, token);
        return assets
            .map(a => found(tag, a))
            .sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
    }
    /** The asset the restore names; ReleaseNotFound naming the tag and the asset. */
    async find() {
        if (!('source' in this.#config))
            throw new Error('This release store was chosen to attach to');
        const { tag, repository, asset } = this.#config.source;
        const assets = await this.list();
        const match = assets.find(a => a.name === asset);
        if (!match) {
            const has = assets.length
                ? `it has ${assets.map(a => `'${a.name}'`).join(', ')}`
                : 'it has none';
            throw new releases_errors/* ReleaseNotFound */.PT(`The release '${tag}' of ${repository.owner}/${repository.repo} has no asset named '${asset}' (${has}): check '${input_names/* Inputs */.G0.File}'.`);
        }
        return match;
    }
    /** Downloads the asset into a fresh private folder, verifies its digest when GitHub lists one, and checks it as any 'file'. */
    async fetch(options) {
        const { repository, token } = this.#where();
        const asset = options.found ?? (await this.find());
        const { downloadAsset } = await this.#load();
        return logger/* actionLogger */.v0.group(`Downloading the asset '${asset.name}' of the release '${asset.release}'`, async () => {
            // mkdtemp: a new folder only this user may enter
            const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'pg-dumper-release-'));
            options.track?.(dir);
            const file = (0,external_node_path_.join)(dir, asset.name);
            const sha256 = await downloadAsset(repository, { id: asset.id, name: asset.name, size: 0, url: '' }, file, token);
            if (asset.digest && asset.digest !== `sha256:${sha256}`) {
                throw new releases_errors/* ReleaseDigestMismatch */.WH(`The asset '${asset.name}' downloaded has the SHA-256 ${sha256}, but the release lists ${asset.digest}: it was not restored.`);
            }
            (0,restore_file/* restoreFileInput */.d)(input_names/* Inputs */.G0.File, file);
            logger/* actionLogger */.v0.info(`Downloaded '${asset.name}' (id ${asset.id}, sha256 ${sha256})`);
            return { found: asset, file };
        });
    }
}

;// CONCATENATED MODULE: ./lib/store/choose.js



/**
 * The store a dump goes to or a restore comes from; undefined: a dump only
 * written to its file, a restore of a file. A dump with both an artifact
 * and a release goes to each.
 */
function storeFor(inputs) {
    if (inputs.mode === 'dump') {
        const { upload, prune, release } = inputs;
        const artifact = upload && new ArtifactStore({ upload, prune });
        const assets = release && new ReleaseStore({ attach: release });
        return artifact && assets
            ? new BothStores(artifact, assets)
            : (artifact ?? assets);
    }
    const { source } = inputs;
    if (source.kind === 'release')
        return new ReleaseStore({ source: source.release });
    return source.kind === 'artifact'
        ? new ArtifactStore({ source: source.artifact })
        : undefined;
}


/***/ })

};
