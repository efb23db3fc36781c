export const id = 171;
export const ids = [171,76];
export const modules = {

/***/ 89171:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   downloadDump: () => (/* binding */ downloadDump)
/* harmony export */ });
/* harmony import */ var _actions_artifact__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(40111);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(48161);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76760);
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(25134);
/* harmony import */ var _durations_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(23030);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(95952);
/* harmony import */ var _find_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(59076);
// Brings a dump back from a workflow artifact (found by find.ts): downloads
// it into a fresh folder, verifies its digest and finds the dump inside.








/**
 * The dump in a download folder: the named file, or the only entry but the
 * roles and tablespaces script beside it (globals.sql, or globals.sql.age);
 * for the dumps of several databases (`<dbname>.dump` or `.dump.age` each),
 * the folder itself.
 */
async function dumpIn(dir, name, artifact) {
    const entries = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)(dir);
    if (name !== undefined) {
        if (entries.includes(name))
            return (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, name);
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ArtifactNotFound */ .Eh(`The artifact '${artifact}' holds no file '${name}' (it holds: ${entries.join(', ') || 'nothing'}). ` +
            "Set 'file' to one of those, or leave it empty.");
    }
    const dumps = entries.filter(e => !(0,_core_index_js__WEBPACK_IMPORTED_MODULE_5__/* .isGlobalsFile */ .NU)(e));
    if (dumps.length === 1)
        return (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, dumps[0]);
    if (dumps.length > 1)
        return dir;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ArtifactNotFound */ .Eh(entries.length === 0
        ? `The artifact '${artifact}' is empty: there is no dump to restore.`
        : `The artifact '${artifact}' holds only ${entries.join(' and ')}, the roles and tablespaces: there is no database dump to restore.`);
}
/** Downloads the artifact into a fresh folder, checks its digest, and finds the dump. */
async function downloadDump(client, source, options) {
    const { logger } = options;
    const artifact = options.found ?? (await (0,_find_js__WEBPACK_IMPORTED_MODULE_6__.findArtifact)(client, source));
    if (artifact.runId !== undefined) {
        logger.info(`Using artifact '${artifact.name}' (id ${artifact.id}) from run ${artifact.runId}` +
            `${artifact.branch ? ` on branch ${artifact.branch}` : ''}` +
            `${artifact.createdAt ? `, made ${artifact.createdAt} (${(0,_durations_js__WEBPACK_IMPORTED_MODULE_7__/* .formatAge */ .nV)((0,_durations_js__WEBPACK_IMPORTED_MODULE_7__/* .ageOf */ .hy)(artifact.createdAt))} ago)` : ''}`);
    }
    else {
        logger.info(`Using artifact '${artifact.name}' (id ${artifact.id}) from this run`);
    }
    if (!artifact.digest) {
        logger.warning(`The artifact '${artifact.name}' has no recorded digest: its content cannot be verified.`);
    }
    const dir = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdtemp)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(process.env.RUNNER_TEMP || (0,node_os__WEBPACK_IMPORTED_MODULE_2__.tmpdir)(), 'pg-dumper-artifact-'));
    options.track?.(dir);
    try {
        const findBy = artifact.runId !== undefined && source.token
            ? {
                token: source.token,
                workflowRunId: artifact.runId,
                repositoryOwner: source.repository.owner,
                repositoryName: source.repository.repo
            }
            : undefined;
        const { digestMismatch } = await client
            .downloadArtifact(artifact.id, {
            path: dir,
            expectedHash: artifact.digest,
            ...(findBy ? { findBy } : {})
        })
            .catch((error) => {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ArtifactServiceError */ ._Y(`Downloading the artifact '${artifact.name}' (id ${artifact.id}) failed: ${error.message}. ` +
                '@actions/artifact retries the download (5 attempts); run the job again, or check https://www.githubstatus.com.');
        });
        if (digestMismatch) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ArtifactDigestMismatch */ .jA(`The downloaded artifact '${artifact.name}' (id ${artifact.id}) does not match the digest ` +
                `recorded when it was uploaded (${artifact.digest}): it was altered or corrupted. Nothing was restored.`);
        }
        const file = await dumpIn(dir, options.file, artifact.name);
        const info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(file);
        const kind = file === dir
            ? ' (the dumps of several databases)'
            : info.isDirectory()
                ? ' (a directory archive)'
                : '';
        logger.info(`Downloaded ${file}${kind}`);
        return { artifact, file, dir };
    }
    catch (error) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(dir, { recursive: true, force: true });
        throw error;
    }
}


/***/ }),

/***/ 59076:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   findArtifact: () => (/* binding */ findArtifact),
/* harmony export */   listSeries: () => (/* binding */ listSeries)
/* harmony export */ });
/* harmony import */ var _durations_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(23030);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(95952);
/* harmony import */ var _github_api_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(92025);
/* harmony import */ var _origin_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(89849);
/* harmony import */ var _runtime_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(49135);





const slug = (r) => `${r.owner}/${r.repo}`;
function fromRest(a, runId) {
    return {
        id: a.id,
        name: a.name,
        digest: a.digest ?? undefined,
        runId: a.workflow_run?.id ?? runId,
        branch: a.workflow_run?.head_branch ?? undefined,
        createdAt: a.created_at
    };
}
async function inThisRun(client, source) {
    (0,_runtime_js__WEBPACK_IMPORTED_MODULE_0__/* .requireRuntime */ .Up)(`Downloading the artifact '${source.name}' from this run`);
    try {
        const { artifact } = await client.getArtifact(source.name);
        return {
            id: artifact.id,
            name: artifact.name,
            digest: artifact.digest,
            createdAt: artifact.createdAt?.toISOString()
        };
    }
    catch (error) {
        if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .isArtifactNotFound */ .Oq)(error)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ArtifactServiceError */ ._Y(`Looking up the artifact '${source.name}' in this run failed: ${error.message}. ` +
                '@actions/artifact retries the artifact service (5xx, 5 attempts with backoff); run the job again.');
        }
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ArtifactNotFound */ .Eh(`No artifact named '${source.name}' in this run (run ${process.env.GITHUB_RUN_ID} of ${slug(source.repository)}). ` +
            "Upload it in an earlier job of this run, or set 'run-id' (a run id, or 'latest') and 'github-token' to take it from another run.");
    }
}
async function inRun(source, runId, token) {
    const found = await (0,_github_api_js__WEBPACK_IMPORTED_MODULE_2__/* .listRunArtifacts */ .NG)(source.repository, runId, source.name, token);
    const newest = found.sort((a, b) => b.id - a.id)[0];
    if (!newest) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ArtifactNotFound */ .Eh(`No artifact named '${source.name}' in run ${runId} of ${slug(source.repository)}. ` +
            "Check 'artifact-name' and 'run-id', or use 'run-id: latest' for the newest one in the repository.");
    }
    if (newest.expired) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ArtifactExpired */ .sX(`The artifact '${source.name}' (id ${newest.id}) of run ${runId} in ${slug(source.repository)} has expired` +
            `${newest.expires_at ? ` (${newest.expires_at})` : ''}; its content is gone. ` +
            "Use 'run-id: latest' for the newest unexpired one, or dump again.");
    }
    return fromRest(newest, runId);
}
async function latest(source, token) {
    const { branch, workflow, repository } = source;
    // every page: the newest the filters keep may be far down the list
    const listed = await (0,_github_api_js__WEBPACK_IMPORTED_MODULE_2__/* .listRepositoryArtifacts */ .Yd)(repository, source.name, token, {
        all: true
    });
    const own = listed.filter(_origin_js__WEBPACK_IMPORTED_MODULE_3__/* .fromOwnRun */ .EV);
    const onBranch = (0,_origin_js__WEBPACK_IMPORTED_MODULE_3__/* .ownOnBranch */ .qz)(own, branch);
    const test = workflow && (await (0,_origin_js__WEBPACK_IMPORTED_MODULE_3__/* .ofWorkflow */ .XD)(repository, workflow, token));
    // newest first, up to the first unexpired one: a run is looked up only
    // when its artifact could be the one
    const all = [];
    let newest;
    for (const a of onBranch) {
        if (test && !(await test(a)))
            continue;
        all.push(a);
        if (!a.expired) {
            newest = a;
            break;
        }
    }
    const where = `${slug(repository)}${branch !== undefined ? ` on branch '${branch}'` : ''}` +
        `${workflow ? ` from workflow '${workflow}'` : ''}`;
    if (!newest) {
        const expired = all.length;
        // what the filters of a repository's own runs left out
        const forks = listed.filter(a => !(0,_origin_js__WEBPACK_IMPORTED_MODULE_3__/* .fromOwnRun */ .EV)(a) &&
            (branch === undefined || a.workflow_run?.head_branch === branch)).length;
        const others = workflow ? onBranch.length : 0;
        throw expired > 0
            ? new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ArtifactExpired */ .sX(`All ${expired} artifact(s) named '${source.name}' in ${where} have expired; ` +
                `the newest was made ${all[0].created_at}. Run the dump workflow again.`)
            : new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ArtifactNotFound */ .Eh(`No artifact named '${source.name}' in ${where}. ` +
                leftOut(forks, others, workflow) +
                (branch !== undefined && onBranch.length === 0
                    ? onOtherBranches(own)
                    : others
                        ? "Check 'workflow'."
                        : "Check 'artifact-name' and 'repository', and that the dump workflow has run."));
    }
    if (source.maxAgeMs !== undefined)
        fresh(newest, source, where);
    return fromRest(newest, newest.workflow_run?.id ?? 0);
}
/** What the not-found error says the filters left out, if anything. */
function leftOut(forks, others, workflow) {
    const parts = [
        ...(forks
            ? [
                `${forks} from forks' pull-request runs ('run-id: latest' takes only the repository's own runs)`
            ]
            : []),
        ...(others ? [`${others} from workflows other than '${workflow}'`] : [])
    ];
    return parts.length ? `Left out: ${parts.join('; ')}. ` : '';
}
/** What the not-found error of a branch adds: the branches that have one. */
function onOtherBranches(listed) {
    const branches = [
        ...new Set(listed.map(a => a.workflow_run?.head_branch).filter(b => b))
    ];
    return branches.length
        ? `There are ${listed.length} on other branches (${branches.slice(0, 5).join(', ')}${branches.length > 5 ? ', …' : ''}): check 'branch'.`
        : "Check 'artifact-name', 'branch' and 'repository', and that the dump workflow has run on that branch.";
}
/** Fails when the newest artifact is older than max-age: the dumps stopped. */
function fresh(newest, source, where) {
    const age = (0,_durations_js__WEBPACK_IMPORTED_MODULE_4__/* .ageOf */ .hy)(newest.created_at);
    const maxAge = source.maxAgeMs;
    if (age <= maxAge)
        return;
    const runId = newest.workflow_run?.id;
    const run = runId !== undefined
        ? `run ${runId} (${(0,_runtime_js__WEBPACK_IMPORTED_MODULE_0__/* .runUrl */ .Vp)(slug(source.repository), runId)})`
        : 'an unknown run';
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ArtifactTooOld */ .ED(`The newest artifact named '${source.name}' in ${where} is ${(0,_durations_js__WEBPACK_IMPORTED_MODULE_4__/* .formatAge */ .nV)(age)} old, ` +
        `older than max-age ${(0,_durations_js__WEBPACK_IMPORTED_MODULE_4__/* .formatAge */ .nV)(maxAge)}: id ${newest.id}, made ${newest.created_at} by ${run}. ` +
        'The workflow that dumps it has not succeeded since: check its runs, or raise max-age.');
}
/** Decides which artifact to download, without downloading it. */
async function findArtifact(client, source) {
    if (source.runId === undefined)
        return inThisRun(client, source);
    // readInputs guarantees a token whenever run-id is set
    const token = source.token;
    return source.runId === 'latest'
        ? latest(source, token)
        : inRun(source, source.runId, token);
}
/**
 * The unexpired artifacts named `source.name`, newest first: with a token,
 * of the repository's own runs (never a fork's), on `source.branch` when
 * given; without one, of this run.
 */
async function listSeries(client, source) {
    const { name, token, repository } = source;
    if (token === undefined) {
        (0,_runtime_js__WEBPACK_IMPORTED_MODULE_0__/* .requireRuntime */ .Up)(`Listing the artifacts named '${name}' of this run`);
        const { artifacts } = await client.listArtifacts();
        return artifacts
            .filter(a => a.name === name)
            .sort((a, b) => b.id - a.id)
            .map(a => ({
            id: a.id,
            name: a.name,
            digest: a.digest,
            createdAt: a.createdAt?.toISOString()
        }));
    }
    const listed = await (0,_github_api_js__WEBPACK_IMPORTED_MODULE_2__/* .listRepositoryArtifacts */ .Yd)(repository, name, token, {
        all: true
    });
    return (0,_origin_js__WEBPACK_IMPORTED_MODULE_3__/* .ownOnBranch */ .qz)(listed, source.branch)
        .filter(a => !a.expired)
        .map(a => fromRest(a, a.workflow_run?.id ?? 0));
}


/***/ }),

/***/ 92025:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CM: () => (/* binding */ deleteArtifact),
/* harmony export */   DY: () => (/* binding */ getWorkflowId),
/* harmony export */   Mh: () => (/* binding */ getRun),
/* harmony export */   NG: () => (/* binding */ listRunArtifacts),
/* harmony export */   Yd: () => (/* binding */ listRepositoryArtifacts)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(95952);
/* harmony import */ var _octokit_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(31294);
// The REST calls @actions/artifact does not make for us: a run's artifacts
// by name (to see expiry), a repository's artifacts by name, every page (for
// run-id: latest and for pruning), a run and a workflow (which runs count),
// and deleting one (keep), through Octokit (octokit.ts: retries, time-outs).


/** Sent with every call, so a new default version cannot change the answers. */
const headers = { 'x-github-api-version': '2022-11-28' };
/** The error users see for a call Octokit gave up on: listing, or deleting. */
function lookupError(error, what, verb = 'list') {
    if (!(error instanceof Error) || !('status' in error))
        return error;
    const { status = 0, message, response } = error;
    const retried = status >= 500 || status === 429 || !response;
    const after = retried ? ` after ${_octokit_js__WEBPACK_IMPORTED_MODULE_0__/* .API_ATTEMPTS */ .cW} attempts with backoff` : '';
    const doing = { list: 'Listing', read: 'Reading', delete: 'Deleting' }[verb];
    if (!response) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ArtifactServiceError */ ._Y(`${doing} ${what} failed${after}: could not reach the GitHub API at ${(0,_octokit_js__WEBPACK_IMPORTED_MODULE_0__/* .apiUrl */ .y0)()}: ${message}.`);
    }
    const said = response.data?.message;
    const reason = `HTTP ${status}${typeof said === 'string' && said ? `: ${said}` : ''}`;
    if ((status === 401 || status === 403) && verb === 'delete') {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ArtifactAccessDenied */ .ar(`The github-token cannot delete ${what} (${reason}). Give the job ` +
            "'permissions: actions: write' (pruning with 'keep' deletes artifacts), or pass a token that may.");
    }
    if (status === 401 || status === 403) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ArtifactAccessDenied */ .ar(`The github-token cannot ${verb} ${what} (${reason}). Give the job ` +
            "'permissions: actions: read', or pass a token that can read that repository's Actions.");
    }
    if (status === 404 && verb === 'delete') {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ArtifactNotFound */ .Eh(`${what} is gone (${reason}).`);
    }
    if (status === 404) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ArtifactNotFound */ .Eh(`Could not list ${what} (${reason}): check the 'repository' and 'run-id' inputs, ` +
            'and that the github-token can see that repository.');
    }
    return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ArtifactServiceError */ ._Y(`${doing} ${what} failed${after}: the GitHub API answered ${reason}.`);
}
const slug = (r) => `${r.owner}/${r.repo}`;
/** The artifacts named `name` in one workflow run (the first 100). */
async function listRunArtifacts(repository, runId, name, token) {
    const what = `the artifacts of run ${runId} in ${slug(repository)}`;
    try {
        const { data } = await (0,_octokit_js__WEBPACK_IMPORTED_MODULE_0__/* .restClient */ .OO)(token).rest.actions.listWorkflowRunArtifacts({
            ...repository,
            run_id: runId,
            name,
            per_page: 100,
            headers
        });
        return data.artifacts;
    }
    catch (error) {
        throw lookupError(error, what);
    }
}
/** The HTTP status of an answer Octokit refused, if one came. */
function statusOf(error) {
    return error instanceof Error && 'response' in error && error.response
        ? error.status
        : undefined;
}
/** One workflow run of the repository; undefined when there is none (deleted). */
async function getRun(repository, runId, token) {
    try {
        const { data } = await (0,_octokit_js__WEBPACK_IMPORTED_MODULE_0__/* .restClient */ .OO)(token).rest.actions.getWorkflowRun({
            ...repository,
            run_id: runId,
            headers
        });
        return data;
    }
    catch (error) {
        if (statusOf(error) === 404)
            return undefined;
        throw lookupError(error, `run ${runId} of ${slug(repository)}`, 'read');
    }
}
/** The id of a workflow of the repository, by its file name (`nightly.yml`). */
async function getWorkflowId(repository, file, token) {
    try {
        const { data } = await (0,_octokit_js__WEBPACK_IMPORTED_MODULE_0__/* .restClient */ .OO)(token).rest.actions.getWorkflow({
            ...repository,
            workflow_id: file,
            headers
        });
        return data.id;
    }
    catch (error) {
        if (statusOf(error) === 404) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ArtifactNotFound */ .Eh(`No workflow '${file}' in ${slug(repository)}: 'workflow' names a workflow file ` +
                'of that repository as it is under .github/workflows, e.g. nightly.yml.');
        }
        throw lookupError(error, `the workflow '${file}' of ${slug(repository)}`, 'read');
    }
}
/** newest first: by creation time, then id */
function newestFirst(list) {
    return list.sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id);
}
/**
 * The artifacts named `name` in the repository, newest first: every page
 * (100 a page) when `all`, else the newest 100.
 */
async function listRepositoryArtifacts(repository, name, token, { all = false } = {}) {
    const what = `the artifacts of ${slug(repository)}`;
    const client = (0,_octokit_js__WEBPACK_IMPORTED_MODULE_0__/* .restClient */ .OO)(token);
    const request = { ...repository, name, per_page: 100, headers };
    try {
        const found = [];
        for await (const { data } of client.paginate.iterator(client.rest.actions.listArtifactsForRepo, request)) {
            found.push(...data);
            if (!all)
                break;
        }
        // the name filter is exact on GitHub; checked again all the same, as
        // pruning deletes what this list holds
        return newestFirst(found.filter(a => a.name === name));
    }
    catch (error) {
        throw lookupError(error, what);
    }
}
/** Deletes one artifact of the repository (needs `actions: write`). */
async function deleteArtifact(repository, artifact, token) {
    const what = `the artifact '${artifact.name}' (id ${artifact.id}) of ${slug(repository)}`;
    try {
        await (0,_octokit_js__WEBPACK_IMPORTED_MODULE_0__/* .restClient */ .OO)(token).rest.actions.deleteArtifact({
            ...repository,
            artifact_id: artifact.id,
            headers
        });
    }
    catch (error) {
        throw lookupError(error, what, 'delete');
    }
}


/***/ }),

/***/ 31294:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   OO: () => (/* binding */ restClient),
/* harmony export */   Z6: () => (/* binding */ proxyFetch),
/* harmony export */   cW: () => (/* binding */ API_ATTEMPTS),
/* harmony export */   y0: () => (/* binding */ apiUrl)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(61351);
/* harmony import */ var _actions_github_lib_utils__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(85555);
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(49735);
// The REST client for the look-ups @actions/artifact does not make: the
// Octokit of @actions/github (the runner's proxy settings) with
// @octokit/plugin-retry, the same pair @actions/artifact uses, so the bundle
// holds them once.



/** How often a look-up is tried, and the first pause (then 4×, 9× it). */
const API_ATTEMPTS = 4;
const API_FIRST_DELAY_MS = 500;
/** One attempt's limit; the retries each get their own. */
const ATTEMPT_TIMEOUT_MS = 30_000;
/** Answers waiting cannot change: every 4xx but 429 (too many requests). */
const DO_NOT_RETRY = Array.from({ length: 100 }, (_, i) => 400 + i).filter(status => status !== 429);
/** GITHUB_API_URL without a trailing slash. */
function apiUrl() {
    return (process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
}
/** @actions/github's fetch, which honours the runner's proxy settings. */
function proxyFetch() {
    return _actions_github_lib_utils__WEBPACK_IMPORTED_MODULE_1__/* .defaults */ .NT.request?.fetch ?? fetch;
}
/**
 * An Octokit for GITHUB_API_URL that retries 5xx, 429, time-outs and
 * network errors (API_ATTEMPTS in all, with backoff). Without a token it
 * asks as nobody (what a public repository shows anyone).
 */
function restClient(token) {
    const fetchVia = proxyFetch();
    const options = {
        baseUrl: apiUrl(),
        userAgent: 'pg-dumper',
        retry: {
            retries: API_ATTEMPTS - 1,
            retryAfterBaseValue: API_FIRST_DELAY_MS,
            doNotRetry: DO_NOT_RETRY
        },
        request: {
            // the options replace @actions/github's, so keep its proxy-aware
            // fetch; a signal in the request options would span every retry
            fetch: (url, init) => fetchVia(url, {
                ...init,
                signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)
            })
        }
    };
    if (token)
        return (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(token, options, _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_2__/* .retry */ .L);
    // getOctokit insists on a token
    return new (_actions_github_lib_utils__WEBPACK_IMPORTED_MODULE_1__/* .GitHub */ .gq.plugin(_octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_2__/* .retry */ .L))(options);
}


/***/ }),

/***/ 89849:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EV: () => (/* binding */ fromOwnRun),
/* harmony export */   XD: () => (/* binding */ ofWorkflow),
/* harmony export */   dS: () => (/* binding */ filterAsync),
/* harmony export */   os: () => (/* binding */ thisRun),
/* harmony export */   qz: () => (/* binding */ ownOnBranch),
/* harmony export */   wT: () => (/* binding */ workflowTest)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(95952);
/* harmony import */ var _github_api_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(92025);
// Which run an artifact came from, as 'run-id: latest' and 'keep' judge it:
// a run of the repository itself (never a fork's pull-request run, whose
// code and artifacts anyone may write), of a branch, of a workflow.


/**
 * Whether the artifact was uploaded by a run of the repository itself: its
 * run's head repository is the repository. A fork's pull-request run, and a
 * run the API does not say this of, is not.
 */
function fromOwnRun(a) {
    const run = a.workflow_run;
    return (typeof run?.repository_id === 'number' &&
        run.head_repository_id === run.repository_id);
}
/** The artifacts of `list` from the repository's own runs on `branch`. */
function ownOnBranch(list, branch) {
    return list.filter(a => fromOwnRun(a) &&
        (branch === undefined || a.workflow_run?.head_branch === branch));
}
/**
 * A test of whether an artifact came from a run of the workflow `id`,
 * looking each run up once. An artifact of a run that is gone is not.
 */
function workflowTest(repository, id, token) {
    const runs = new Map();
    return a => {
        const runId = a.workflow_run?.id;
        if (runId === undefined)
            return Promise.resolve(false);
        let of = runs.get(runId);
        if (!of) {
            of = (0,_github_api_js__WEBPACK_IMPORTED_MODULE_0__/* .getRun */ .Mh)(repository, runId, token).then(r => r?.workflow_id === id);
            runs.set(runId, of);
        }
        return of;
    };
}
/** The test for a workflow file, looked up by name (ArtifactNotFound if none). */
async function ofWorkflow(repository, file, token) {
    return workflowTest(repository, await (0,_github_api_js__WEBPACK_IMPORTED_MODULE_0__/* .getWorkflowId */ .DY)(repository, file, token), token);
}
/** The artifacts of `list` that `test` accepts, in order; run one by one. */
async function filterAsync(list, test) {
    const kept = [];
    for (const a of list)
        if (await test(a))
            kept.push(a);
    return kept;
}
/** Looks this run up (GITHUB_RUN_ID); ArtifactNotFound when it is not there. */
async function thisRun(repository, runId, token) {
    const run = await (0,_github_api_js__WEBPACK_IMPORTED_MODULE_0__/* .getRun */ .Mh)(repository, runId, token);
    if (!run) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ArtifactNotFound */ .Eh(`This run (${runId}, GITHUB_RUN_ID) is not among the runs of ${repository.owner}/${repository.repo}: ` +
            "'keep' prunes the artifacts of this run's branch and cannot tell which that is.");
    }
    const own = run.repository?.id;
    return {
        branch: run.head_branch ?? undefined,
        fork: own === undefined || run.head_repository?.id !== own,
        workflowId: run.workflow_id
    };
}


/***/ })

};
