export const id = 851;
export const ids = [851];
export const modules = {

/***/ 34929:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  CM: () => (/* binding */ deleteArtifact),
  Yd: () => (/* binding */ listRepositoryArtifacts),
  NG: () => (/* binding */ listRunArtifacts)
});

// UNUSED EXPORTS: newestFirst

// EXTERNAL MODULE: ./lib/artifacts/errors.js
var errors = __webpack_require__(95952);
// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js
var github = __webpack_require__(61351);
// EXTERNAL MODULE: ./node_modules/@actions/github/lib/utils.js + 19 modules
var utils = __webpack_require__(85555);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-retry/dist-bundle/index.js
var dist_bundle = __webpack_require__(49735);
;// CONCATENATED MODULE: ./lib/artifacts/octokit.js
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
/**
 * An Octokit for GITHUB_API_URL that retries 5xx, 429, time-outs and
 * network errors (API_ATTEMPTS in all, with backoff).
 */
function restClient(token) {
    const proxyFetch = utils/* defaults */.NT.request?.fetch ?? fetch;
    return (0,github/* getOctokit */.Q)(token, {
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
            fetch: (url, init) => proxyFetch(url, {
                ...init,
                signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)
            })
        }
    }, dist_bundle/* retry */.L);
}

;// CONCATENATED MODULE: ./lib/artifacts/github-api.js
// The REST calls @actions/artifact does not make for us: a run's artifacts
// by name (to see expiry), a repository's artifacts by name, every page (for
// run-id: latest and for pruning), and deleting one (keep), through Octokit
// (octokit.ts: retries, time-outs).


/** Sent with every call, so a new default version cannot change the answers. */
const headers = { 'x-github-api-version': '2022-11-28' };
/** The error users see for a call Octokit gave up on: listing, or deleting. */
function lookupError(error, what, verb = 'list') {
    if (!(error instanceof Error) || !('status' in error))
        return error;
    const { status = 0, message, response } = error;
    const retried = status >= 500 || status === 429 || !response;
    const after = retried ? ` after ${API_ATTEMPTS} attempts with backoff` : '';
    const doing = verb === 'list' ? 'Listing' : 'Deleting';
    if (!response) {
        return new errors/* ArtifactServiceError */._Y(`${doing} ${what} failed${after}: could not reach the GitHub API at ${apiUrl()}: ${message}.`);
    }
    const said = response.data?.message;
    const reason = `HTTP ${status}${typeof said === 'string' && said ? `: ${said}` : ''}`;
    if ((status === 401 || status === 403) && verb === 'delete') {
        return new errors/* ArtifactAccessDenied */.ar(`The github-token cannot delete ${what} (${reason}). Give the job ` +
            "'permissions: actions: write' (pruning with 'keep' deletes artifacts), or pass a token that may.");
    }
    if (status === 401 || status === 403) {
        return new errors/* ArtifactAccessDenied */.ar(`The github-token cannot list ${what} (${reason}). Give the job ` +
            "'permissions: actions: read', or pass a token that can read that repository's Actions.");
    }
    if (status === 404 && verb === 'delete') {
        return new errors/* ArtifactNotFound */.Eh(`${what} is gone (${reason}).`);
    }
    if (status === 404) {
        return new errors/* ArtifactNotFound */.Eh(`Could not list ${what} (${reason}): check the 'repository' and 'run-id' inputs, ` +
            'and that the github-token can see that repository.');
    }
    return new errors/* ArtifactServiceError */._Y(`${doing} ${what} failed${after}: the GitHub API answered ${reason}.`);
}
const slug = (r) => `${r.owner}/${r.repo}`;
/** The artifacts named `name` in one workflow run (the first 100). */
async function listRunArtifacts(repository, runId, name, token) {
    const what = `the artifacts of run ${runId} in ${slug(repository)}`;
    try {
        const { data } = await restClient(token).rest.actions.listWorkflowRunArtifacts({
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
    const client = restClient(token);
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
        await restClient(token).rest.actions.deleteArtifact({
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

/***/ 22851:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   checkPrune: () => (/* binding */ checkPrune),
/* harmony export */   pruneArtifacts: () => (/* binding */ pruneArtifacts),
/* harmony export */   selectPrune: () => (/* binding */ selectPrune)
/* harmony export */ });
/* harmony import */ var _age_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(26868);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(95952);
/* harmony import */ var _github_api_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(34929);
/* harmony import */ var _pruned_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(97879);




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
        branch: a.workflow_run?.head_branch,
        createdAt: a.created_at,
        ageMs: (0,_age_js__WEBPACK_IMPORTED_MODULE_0__/* .ageOf */ .hy)(a.created_at, now),
        expired: a.expired
    };
}
/**
 * Checks before dumping that the token can list the repository's artifacts
 * (a missing `actions` permission fails before anything is dumped; deleting
 * is only tried after the upload).
 */
async function checkPrune(request, name) {
    await (0,_github_api_js__WEBPACK_IMPORTED_MODULE_1__/* .listRepositoryArtifacts */ .Yd)(request.repository, name, request.token);
}
/**
 * Deletes the artifacts named `uploaded.name` beyond the newest
 * `request.keep`, never `uploaded` itself. Never throws: what failed is in
 * the outcome (`denied` when the token may not delete).
 */
async function pruneArtifacts(request, uploaded, logger) {
    const outcome = {
        keep: request.keep,
        kept: 1,
        deleted: [],
        failed: []
    };
    let all;
    try {
        all = await (0,_github_api_js__WEBPACK_IMPORTED_MODULE_1__/* .listRepositoryArtifacts */ .Yd)(request.repository, uploaded.name, request.token, { all: true });
    }
    catch (error) {
        if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ArtifactAccessDenied */ .ar)
            outcome.denied = error;
        else
            outcome.failed.push({ reason: error.message });
        return outcome;
    }
    const now = Date.now();
    const doomed = selectPrune(all, uploaded.id, request.keep);
    outcome.kept =
        1 + all.filter(a => a.id !== uploaded.id).length - doomed.length;
    logger.info(`${all.length} artifact(s) named '${uploaded.name}' in ` +
        `${request.repository.owner}/${request.repository.repo}: keeping ${outcome.kept} ` +
        `(keep: ${request.keep}), deleting ${doomed.length}`);
    for (const artifact of doomed) {
        const pruned = described(artifact, now);
        try {
            await (0,_github_api_js__WEBPACK_IMPORTED_MODULE_1__/* .deleteArtifact */ .CM)(request.repository, artifact, request.token);
            outcome.deleted.push(pruned);
            logger.info(`Deleted '${artifact.name}' ${(0,_pruned_js__WEBPACK_IMPORTED_MODULE_3__/* .prunedLabel */ .b)(pruned)}`);
        }
        catch (error) {
            if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ArtifactNotFound */ .Eh) {
                // deleted meanwhile (another run pruning, a person): gone all the same
                logger.info(`'${artifact.name}' ${(0,_pruned_js__WEBPACK_IMPORTED_MODULE_3__/* .prunedLabel */ .b)(pruned)} was already gone`);
                continue;
            }
            if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ArtifactAccessDenied */ .ar) {
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
