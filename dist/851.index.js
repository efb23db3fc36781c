export const id = 851;
export const ids = [851];
export const modules = {

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


/***/ }),

/***/ 22851:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   checkPrune: () => (/* binding */ checkPrune),
/* harmony export */   pruneArtifacts: () => (/* binding */ pruneArtifacts),
/* harmony export */   selectPrune: () => (/* binding */ selectPrune)
/* harmony export */ });
/* harmony import */ var _durations_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(23030);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(95952);
/* harmony import */ var _github_api_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(92025);
/* harmony import */ var _origin_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(89849);
/* harmony import */ var _pruned_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(97879);





/**
 * Which artifacts to delete, of `list` (one name, any order): the uploaded
 * one (`uploadedId`, listed or not yet) and the newest `keep - 1` others that
 * have not expired are kept; every other one goes, the expired ones too
 * (their content is already gone). Returns the ones to delete, newest first.
 */
function selectPrune(list, uploadedId, keep) {
    const others = [...list]
        .filter(a => a.id !== uploadedId)
        .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id);
    let slots = Math.max(0, keep - 1);
    return others.filter(a => {
        if (a.expired || slots === 0)
            return true;
        slots--;
        return false;
    });
}
function described(a, now) {
    return {
        id: a.id,
        name: a.name,
        runId: a.workflow_run?.id,
        branch: a.workflow_run?.head_branch ?? undefined,
        createdAt: a.created_at,
        ageMs: (0,_durations_js__WEBPACK_IMPORTED_MODULE_0__/* .ageOf */ .hy)(a.created_at, now),
        expired: a.expired
    };
}
/**
 * Checks before dumping that the token can list the repository's artifacts
 * (a missing `actions` permission fails before anything is dumped; deleting
 * is only tried after the upload), and decides what pruning considers: this
 * run's branch, and 'workflow' (ArtifactNotFound when there is no such
 * workflow). A fork's pull-request run prunes nothing: it may not judge the
 * repository's artifacts, of the same branch name or not.
 */
async function checkPrune(request, name) {
    const { repository, token } = request;
    await (0,_github_api_js__WEBPACK_IMPORTED_MODULE_1__/* .listRepositoryArtifacts */ .Yd)(repository, name, token);
    const run = await (0,_origin_js__WEBPACK_IMPORTED_MODULE_2__/* .thisRun */ .os)(repository, request.runId, token);
    const workflowId = request.workflow
        ? await (0,_github_api_js__WEBPACK_IMPORTED_MODULE_1__/* .getWorkflowId */ .DY)(repository, request.workflow, token)
        : undefined;
    if (run.fork)
        return { skip: "this run is a fork's pull-request run", workflowId };
    if (run.branch === undefined)
        return { skip: 'this run has no head branch', workflowId };
    return { branch: run.branch, workflowId };
}
/**
 * Deletes the artifacts named `uploaded.name` of `scope` beyond the newest
 * `request.keep`, never `uploaded` itself. Never throws: what failed is in
 * the outcome (`denied` when the token may not delete).
 */
async function pruneArtifacts(request, scope, uploaded, logger) {
    const outcome = {
        keep: request.keep,
        kept: 1,
        deleted: [],
        failed: []
    };
    if (scope.skip !== undefined || scope.branch === undefined) {
        outcome.skipped = scope.skip ?? 'this run has no head branch';
        return outcome;
    }
    const { repository, token } = request;
    let listed;
    let all;
    try {
        listed = await (0,_github_api_js__WEBPACK_IMPORTED_MODULE_1__/* .listRepositoryArtifacts */ .Yd)(repository, uploaded.name, token, {
            all: true
        });
        all = (0,_origin_js__WEBPACK_IMPORTED_MODULE_2__/* .ownOnBranch */ .qz)(listed, scope.branch);
        if (scope.workflowId !== undefined) {
            const of = (0,_origin_js__WEBPACK_IMPORTED_MODULE_2__/* .workflowTest */ .wT)(repository, scope.workflowId, token);
            all = await (0,_origin_js__WEBPACK_IMPORTED_MODULE_2__/* .filterAsync */ .dS)(all, async (a) => a.id === uploaded.id || of(a));
        }
    }
    catch (error) {
        if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ArtifactAccessDenied */ .ar)
            outcome.denied = error;
        else
            outcome.failed.push({ reason: error.message });
        return outcome;
    }
    const now = Date.now();
    const doomed = selectPrune(all, uploaded.id, request.keep);
    outcome.kept =
        1 + all.filter(a => a.id !== uploaded.id).length - doomed.length;
    const others = listed.filter(a => !all.includes(a)).length;
    logger.info(`${all.length} artifact(s) named '${uploaded.name}' in ` +
        `${repository.owner}/${repository.repo} on branch '${scope.branch}'` +
        `${request.workflow ? ` from workflow '${request.workflow}'` : ''}: keeping ${outcome.kept} ` +
        `(keep: ${request.keep}), deleting ${doomed.length}` +
        (others
            ? `; ${others} of other branches, workflows or forks' runs left alone`
            : ''));
    for (const artifact of doomed) {
        const pruned = described(artifact, now);
        try {
            await (0,_github_api_js__WEBPACK_IMPORTED_MODULE_1__/* .deleteArtifact */ .CM)(repository, artifact, token);
            outcome.deleted.push(pruned);
            logger.info(`Deleted '${artifact.name}' ${(0,_pruned_js__WEBPACK_IMPORTED_MODULE_4__/* .prunedLabel */ .b)(pruned)}`);
        }
        catch (error) {
            if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ArtifactNotFound */ .Eh) {
                // deleted meanwhile (another run pruning, a person): gone all the same
                logger.info(`'${artifact.name}' ${(0,_pruned_js__WEBPACK_IMPORTED_MODULE_4__/* .prunedLabel */ .b)(pruned)} was already gone`);
                continue;
            }
            if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ArtifactAccessDenied */ .ar) {
                outcome.denied = error;
                return outcome;
            }
            outcome.failed.push({
                artifact: pruned,
                reason: error.message
            });
        }
    }
    return outcome;
}


/***/ })

};
