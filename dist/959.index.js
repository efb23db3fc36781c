export const id = 959;
export const ids = [959];
export const modules = {

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

/***/ 59407:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Lf: () => (/* binding */ S3RequestFailed),
/* harmony export */   Te: () => (/* binding */ S3DigestMismatch),
/* harmony export */   cy: () => (/* binding */ S3DumpNotFound),
/* harmony export */   gO: () => (/* binding */ S3DumpTooOld)
/* harmony export */ });
// The errors of the S3 store users see, each saying what to do next.
/** Base class of every S3 error. */
class S3StoreError extends Error {
    name = 'S3StoreError';
}
/** S3 refused or failed a request (access, bucket, network): its code and what was asked. */
class S3RequestFailed extends S3StoreError {
    name = 'S3RequestFailed';
}
/** No dump under the prefix, or the exact key is not there. */
class S3DumpNotFound extends S3StoreError {
    name = 'S3DumpNotFound';
}
/** The newest dump under the prefix is older than max-age: the dumps stopped. */
class S3DumpTooOld extends S3StoreError {
    name = 'S3DumpTooOld';
}
/** The downloaded bytes do not match the SHA-256 recorded at upload. */
class S3DigestMismatch extends S3StoreError {
    name = 'S3DigestMismatch';
}


/***/ }),

/***/ 48959:
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

// EXTERNAL MODULE: ./lib/artifacts/durations.js
var durations = __webpack_require__(23030);
// EXTERNAL MODULE: ./lib/s3/errors.js
var s3_errors = __webpack_require__(59407);
;// CONCATENATED MODULE: ./lib/store/s3-prune.js
// 'keep' for an S3 series: the objects beyond the newest N deleted (never
// the one just stored), each with its digest file; a deletion S3 denies
// fails the step (it would never prune), any other failure is a warning.



/** Beside a dump whose SHA-256 was not known when its upload began. */
const DIGEST = '.sha256';
/** A dump's object: s3://bucket/key. */
const urlOf = (where, key) => `s3://${where.bucket}/${key}`;
function prunedOf(f) {
    return {
        id: f.runId ?? 0,
        name: f.name,
        runId: f.runId,
        createdAt: f.createdAt ?? '',
        ageMs: f.createdAt ? (0,durations/* ageOf */.hy)(f.createdAt) : 0,
        expired: false
    };
}
/** Prunes the series under `where`'s prefix to the newest `keep`, `kept` among them. */
async function pruneSeries(where, keep, kept, access) {
    return logger/* actionLogger */.v0.group(`Pruning ${urlOf(where, where.prefix)} (keep: ${keep})`, async () => {
        const outcome = {
            keep,
            kept: 0,
            deleted: [],
            failed: []
        };
        let series;
        try {
            series = await access.list();
        }
        catch (error) {
            outcome.failed.push({ reason: error.message });
            logger/* actionLogger */.v0.warning(`Could not list the dumps to prune: ${error.message} The next run with 'keep' tries again.`);
            return { outcome };
        }
        const others = series.filter(f => f.name !== kept.name);
        const doomed = others.slice(Math.max(0, keep - 1));
        outcome.kept = series.length - doomed.length;
        if (!doomed.length)
            return { outcome };
        const failures = await access.delete(doomed.flatMap(f => [f.name, `${f.name}${DIGEST}`]));
        let denied;
        for (const f of doomed) {
            const pruned = prunedOf(f);
            const failed = failures.find(x => x.key === f.name);
            if (!failed) {
                outcome.deleted.push(pruned);
                logger/* actionLogger */.v0.info(`Deleted ${urlOf(where, f.name)}`);
                continue;
            }
            outcome.failed.push({ artifact: pruned, reason: failed.reason });
            if (failed.status === 403)
                denied ??= failed.reason;
            else
                logger/* actionLogger */.v0.warning(`Could not delete ${urlOf(where, f.name)}: ${failed.reason} The next run with 'keep' tries again.`);
        }
        const failure = denied
            ? new s3_errors/* S3RequestFailed */.Lf(`The dump was stored as ${kept.url} and is kept, but the older ones may not be deleted (${denied}): ` +
                "'keep' needs s3:DeleteObject on the prefix (see the IAM policy in the S3 section of the docs).")
            : undefined;
        return { outcome, failure };
    });
}

;// CONCATENATED MODULE: ./lib/s3/keys.js
// The keys of a series' objects: `<prefix><UTC time>-<run id>.<ext>`, e.g.
// `nightly/2026-12-07T031700Z-12345.dump` (`.age` appended when encrypted),
// which sort by time and tell the store's objects from anything else under
// the prefix. Pure: no SDK.

/** `2026-12-07T031700Z`: the UTC time, no colons (they need escaping in URLs). */
function keyTime(date) {
    return date
        .toISOString()
        .replace(/:/g, '')
        .replace(/\.\d{3}Z$/, 'Z');
}
/** The extension a key takes from the dump's file name: `.dump`, `.sql.gz`, `.dump.age`… */
function dumpExtension(fileName) {
    const parts = fileName
        .split('.')
        .slice(1)
        .map(p => p.toLowerCase());
    const wrappers = new Set(['age', 'gz', 'lz4', 'zst']);
    let take = parts.length ? 1 : 0;
    while (take < parts.length && wrappers.has(parts[parts.length - take]))
        take++;
    const ext = parts
        .slice(parts.length - take)
        .filter(p => /^[a-z0-9]{1,10}$/.test(p));
    return ext.length ? `.${ext.join('.')}` : '.dump';
}
/** The key of a dump made now by run `runId`. */
function dumpKey(prefix, runId, fileName, now = new Date()) {
    return `${prefix}${keyTime(now)}-${runId}${dumpExtension(fileName)}`;
}
const OURS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})(\d{2})(\d{2})Z-(\d+)((?:\.[a-z0-9]{1,10}){1,4})$/;
/** A key of the series under `prefix`: when it was made, by which run; undefined: not ours. */
function parseDumpKey(prefix, key) {
    if (!key.startsWith(prefix))
        return undefined;
    const m = OURS.exec(key.slice(prefix.length));
    if (!m || m[8].endsWith('.sha256'))
        return undefined;
    const [, y, mo, d, h, mi, s, run] = m;
    const createdAt = `${y}-${mo}-${d}T${h}:${mi}:${s}Z`;
    if (Number.isNaN(Date.parse(createdAt)))
        return undefined;
    return { createdAt, runId: Number(run) };
}
/** This run's id (GITHUB_RUN_ID), 0 outside GitHub Actions. */
function runId() {
    const id = process.env.GITHUB_RUN_ID ?? '';
    return /^\d{1,20}$/.test(id) ? id : '0';
}
/** The object's last name, safe as a file name here. */
function safeName(key) {
    const name = external_node_path_.posix.basename(key).replace(/[^A-Za-z0-9._-]/g, '_');
    return name === '' || name.startsWith('.') ? `dump${name}` : name;
}

;// CONCATENATED MODULE: ./lib/s3/load.js
// The S3 code (the AWS SDK and lib-storage) loaded only when a run uses S3:
// never at start-up.
/** The SDK's client and the store's transfers, loaded on first use. */
async function loadS3() {
    const [objects, sink, transfer] = await Promise.all([
        Promise.all(/* import() */[__webpack_require__.e(711), __webpack_require__.e(349)]).then(__webpack_require__.bind(__webpack_require__, 95730)),
        Promise.all(/* import() */[__webpack_require__.e(711), __webpack_require__.e(190)]).then(__webpack_require__.bind(__webpack_require__, 25190)),
        Promise.all(/* import() */[__webpack_require__.e(711), __webpack_require__.e(95)]).then(__webpack_require__.bind(__webpack_require__, 68095))
    ]);
    return { ...objects, ...sink, ...transfer };
}

;// CONCATENATED MODULE: ./lib/store/s3-store.js
// S3 (or an S3-compatible service) as a Store: a series is the objects of
// one prefix, `<prefix><UTC time>-<run id>.<ext>`, each with its SHA-256 in
// its metadata (and beside it as `<key>.sha256` when it was streamed in
// parts). The SDK (src/s3/) is loaded on first use, never at start-up.











/** Objects under a prefix in S3, through the AWS SDK. */
class S3Store {
    keep;
    #config;
    #s3;
    #client;
    constructor(config) {
        this.#config = config;
        if ('format' in config)
            this.keep = config.keep;
    }
    get #where() {
        return this.#config.location;
    }
    async #load() {
        this.#s3 ??= loadS3();
        const s3 = await this.#s3;
        this.#client ??= s3.s3Client(this.#where);
        return { s3, client: this.#client };
    }
    #metadata(encrypted, versions) {
        const format = 'format' in this.#config ? this.#config.format : '';
        return {
            format,
            encrypted: String(encrypted),
            'run-id': runId(),
            'made-by': 'pg-dumper',
            ...(versions && {
                'server-version': versions.server,
                'client-version': versions.client
            })
        };
    }
    /** The bucket can be listed under the prefix (so the credentials and region work) before anything is dumped. */
    async prepare() {
        const { s3, client } = await this.#load();
        const { bucket, prefix } = this.#where;
        await s3.listObjects(client, bucket, prefix, 1);
    }
    async put(dump) {
        if (dump.files && dump.files.length > 1)
            throw new s3_errors/* S3RequestFailed */.Lf(`An S3 store keeps one dump file as one object, and this dump is ${dump.files.length} files.`);
        const { s3, client } = await this.#load();
        const { bucket, prefix } = this.#where;
        const key = dumpKey(prefix, runId(), (0,external_node_path_.basename)(dump.file));
        return logger/* actionLogger */.v0.group(`Uploading the dump to ${urlOf(this.#where, key)}`, async () => {
            const started = performance.now();
            const done = await s3.putFile({
                client,
                bucket,
                key,
                metadata: this.#metadata(dump.encrypted, dump.versions)
            }, dump.file);
            logger/* actionLogger */.v0.info(`Stored ${urlOf(this.#where, key)} (${done.size} bytes, SHA-256 ${done.sha256}) in ${Math.round(performance.now() - started)} ms`);
            return this.#stored(done);
        });
    }
    #stored(done) {
        return {
            id: Number(runId()),
            name: done.key,
            url: urlOf(this.#where, done.key),
            digest: done.sha256,
            format: 'file',
            size: done.size,
            kind: 's3'
        };
    }
    /** The dump as it is written: nothing is an object before commit(); abort() leaves nothing. */
    async putStream(_name, kind) {
        const { s3, client } = await this.#load();
        const { bucket, prefix } = this.#where;
        const ext = `${kind.format === 'plain' ? '.sql' : '.dump'}${kind.encrypted ? '.age' : ''}`;
        const key = dumpKey(prefix, runId(), ext);
        const sink = new s3.ObjectSink({
            client,
            bucket,
            key,
            metadata: { ...this.#metadata(kind.encrypted), format: kind.format }
        });
        logger/* actionLogger */.v0.info(`Streaming the dump to ${urlOf(this.#where, key)}`);
        return {
            stream: sink.stream,
            commit: async (dump) => {
                const done = await sink.commit(dump, {
                    'server-version': dump.serverVersion,
                    'client-version': dump.clientVersion
                });
                const note = `${urlOf(this.#where, key)} is kept, but its metadata could not be completed (S3 copies objects up to 5 GiB): its SHA-256 is in ${key}.sha256 beside it.`;
                if (done.metadataWhole === false)
                    logger/* actionLogger */.v0.warning(note);
                return this.#stored(done);
            },
            abort: () => sink.abort()
        };
    }
    /** The series' objects under the prefix, newest first (by the time in their keys). */
    async list() {
        const { s3, client } = await this.#load();
        const { bucket, prefix } = this.#where;
        const found = [];
        for (const o of await s3.listObjects(client, bucket, prefix)) {
            const ours = parseDumpKey(prefix, o.key);
            if (ours)
                found.push({
                    s3: urlOf(this.#where, o.key),
                    id: ours.runId,
                    name: o.key,
                    runId: ours.runId,
                    createdAt: ours.createdAt
                });
        }
        return found.sort((a, b) => a.createdAt === b.createdAt
            ? a.name < b.name
                ? 1
                : -1
            : a.createdAt < b.createdAt
                ? 1
                : -1);
    }
    /** The exact key of 's3-url', or the newest of the series (not older than max-age); its digest read. */
    async find() {
        const { s3, client } = await this.#load();
        const where = this.#where;
        const maxAgeMs = 'maxAgeMs' in this.#config ? this.#config.maxAgeMs : undefined;
        let found;
        if (where.key !== undefined) {
            const head = await s3.headObject(client, where.bucket, where.key);
            if (!head)
                throw new s3_errors/* S3DumpNotFound */.cy(`There is no object ${urlOf(where, where.key)} ('${input_names/* Inputs */.G0.S3Url}'). Nothing was restored.`);
            const ours = parseDumpKey(where.prefix, where.key);
            found = {
                s3: urlOf(where, where.key),
                id: ours?.runId ?? 0,
                name: where.key,
                runId: ours?.runId,
                createdAt: ours?.createdAt ?? head.lastModified?.toISOString()
            };
        }
        else {
            const newest = (await this.list())[0];
            if (!newest)
                throw new s3_errors/* S3DumpNotFound */.cy(`There is no dump under ${urlOf(where, where.prefix)} ('${input_names/* Inputs */.G0.S3Url}'): none of its objects is named <UTC time>-<run id>.<ext> as a dump with 's3-url' stores them. Nothing was restored.`);
            found = newest;
        }
        if (maxAgeMs !== undefined && found.createdAt) {
            const age = (0,durations/* ageOf */.hy)(found.createdAt);
            if (age > maxAgeMs)
                throw new s3_errors/* S3DumpTooOld */.gO(`The newest dump under ${urlOf(where, where.prefix)} is ${(0,durations/* formatAge */.nV)(age)} old, older than max-age ${(0,durations/* formatAge */.nV)(maxAgeMs)}: ` +
                    `${found.name}, made ${found.createdAt}. The dumps may have stopped. Nothing was restored.`);
        }
        const digest = await this.#digestOf(s3, client, found.name);
        return { ...found, ...(digest && { digest: `sha256:${digest}` }) };
    }
    async #digestOf(s3, client, key) {
        const { bucket } = this.#where;
        const head = await s3.headObject(client, bucket, key);
        const recorded = head?.metadata.sha256 ??
            (await s3.readSmallObject(client, bucket, `${key}${DIGEST}`))?.split(/\s/)[0];
        return recorded && /^[0-9a-f]{64}$/.test(recorded) ? recorded : undefined;
    }
    /** Downloads the dump into a fresh private folder under RUNNER_TEMP, and verifies its SHA-256. */
    async fetch(options) {
        const found = options.found ?? (await this.find());
        const { s3, client } = await this.#load();
        const where = this.#where;
        return logger/* actionLogger */.v0.group(`Downloading the dump ${urlOf(where, found.name)}`, async () => {
            const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), `pg-dumper-s3-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}-`));
            options.track?.(dir);
            const file = (0,external_node_path_.join)(dir, safeName(found.name));
            const expected = found.digest?.replace(/^sha256:/, '');
            if (expected === undefined)
                logger/* actionLogger */.v0.warning(`${urlOf(where, found.name)} has no SHA-256 recorded (it was not stored by pg-dumper): it is restored unverified.`);
            // a download that fails leaves nothing behind
            const done = await s3
                .downloadObject(client, where.bucket, found.name, file, expected)
                .catch(async (error) => {
                await (0,promises_.rm)(dir, { recursive: true, force: true });
                throw error;
            });
            logger/* actionLogger */.v0.info(`Downloaded ${done.size} bytes${expected ? ', SHA-256 verified' : ''}`);
            return { found, file };
        });
    }
    /** The object's bytes as they come (GetObject), erring before their end when they are not the recorded SHA-256. */
    async fetchStream(found) {
        const { s3, client } = await this.#load();
        const url = urlOf(this.#where, found.name);
        const expected = found.digest?.replace(/^sha256:/, '');
        const unverified = `${url} has no SHA-256 recorded (it was not stored by pg-dumper): it is restored unverified.`;
        if (expected === undefined)
            logger/* actionLogger */.v0.warning(unverified);
        const body = await s3.objectStream(client, this.#where.bucket, found.name);
        const read = (size) => `Read ${size} bytes of ${url}${expected ? ', SHA-256 verified' : ''}`;
        return s3.verifiedStream(body, url, expected, size => logger/* actionLogger */.v0.info(read(size)));
    }
    /** Deletes the series' objects beyond the newest `keep` (never `kept`), with their digest files. */
    async prune(kept) {
        const where = this.#where;
        return pruneSeries(where, this.keep ?? Infinity, kept, {
            list: () => this.list(),
            delete: async (keys) => {
                const { s3, client } = await this.#load();
                return s3.deleteObjects(client, where.bucket, keys);
            }
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
        const { upload, prune, release, s3 } = inputs;
        // the inputs refuse s3-url beside another store
        if (s3)
            return new S3Store(s3);
        const artifact = upload && new ArtifactStore({ upload, prune });
        const assets = release && new ReleaseStore({ attach: release });
        return artifact && assets
            ? new BothStores(artifact, assets)
            : (artifact ?? assets);
    }
    const { source } = inputs;
    if (source.kind === 's3')
        return new S3Store(source.s3);
    if (source.kind === 'release')
        return new ReleaseStore({ source: source.release });
    return source.kind === 'artifact'
        ? new ArtifactStore({ source: source.artifact })
        : undefined;
}


/***/ })

};
