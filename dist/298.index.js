export const id = 298;
export const ids = [298];
export const modules = {

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

/***/ 81298:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   API_VERSION: () => (/* binding */ API_VERSION),
/* harmony export */   deleteAsset: () => (/* binding */ deleteAsset),
/* harmony export */   getRelease: () => (/* binding */ getRelease),
/* harmony export */   listAssets: () => (/* binding */ listAssets),
/* harmony export */   releaseError: () => (/* binding */ releaseError),
/* harmony export */   renameAsset: () => (/* binding */ renameAsset),
/* harmony export */   slug: () => (/* binding */ slug)
/* harmony export */ });
/* harmony import */ var _artifacts_octokit_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(31294);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(26611);
// The REST calls of release assets: a release by its tag, its assets, and
// deleting one, through Octokit (retries, time-outs: artifacts/octokit.ts).
// Moving the bytes is transfer.ts.


/** Sent with every call, so a new default version cannot change the answers. */
const API_VERSION = { 'x-github-api-version': '2022-11-28' };
const slug = (r) => `${r.owner}/${r.repo}`;
/** The error users see for a call that failed: `what` it was, `write` whether it changes the release. */
function releaseError(error, what, write = false) {
    if (!(error instanceof Error))
        return error;
    const { status, response } = error;
    if (status === undefined || !response) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ReleaseServiceError */ .X7(`${what} failed after ${_artifacts_octokit_js__WEBPACK_IMPORTED_MODULE_1__/* .API_ATTEMPTS */ .cW} attempts with backoff: could not reach the GitHub API at ${(0,_artifacts_octokit_js__WEBPACK_IMPORTED_MODULE_1__/* .apiUrl */ .y0)()}: ${error.message}.`);
    }
    const said = response.data?.message;
    const reason = `HTTP ${status}${typeof said === 'string' && said ? `: ${said}` : ''}`;
    if (status === 401 || status === 403) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ReleaseAccessDenied */ .HG(`${what} was refused (${reason}). ${write ? "Give the job 'permissions: contents: write'" : 'A private repository needs a token that can read it'}, ` +
            "e.g. 'github-token: ${{ github.token }}', or pass a token that may.");
    }
    const retried = status >= 500 || status === 429;
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ReleaseServiceError */ .X7(`${what} failed${retried ? ` after ${_artifacts_octokit_js__WEBPACK_IMPORTED_MODULE_1__/* .API_ATTEMPTS */ .cW} attempts with backoff` : ''}: the GitHub API answered ${reason}.`);
}
const statusOf = (error) => error instanceof Error && 'response' in error && error.response
    ? error.status
    : undefined;
/** The release of `tag`; ReleaseNotFound naming it when there is none. */
async function getRelease(repository, tag, token) {
    try {
        const { data } = await (0,_artifacts_octokit_js__WEBPACK_IMPORTED_MODULE_1__/* .restClient */ .OO)(token).rest.repos.getReleaseByTag({
            ...repository,
            tag,
            headers: API_VERSION
        });
        return { id: data.id, tag, url: data.html_url, uploadUrl: data.upload_url };
    }
    catch (error) {
        if (statusOf(error) === 404) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ReleaseNotFound */ .PT(`No release with the tag '${tag}' in ${slug(repository)}: create the release first ` +
                `(e.g. 'gh release create ${tag}'), or check 'release'${token ? '' : ' (a private repository needs github-token)'}.`);
        }
        throw releaseError(error, `Reading the release '${tag}' of ${slug(repository)}`);
    }
}
/** Every asset of a release. */
async function listAssets(repository, release, token) {
    const client = (0,_artifacts_octokit_js__WEBPACK_IMPORTED_MODULE_1__/* .restClient */ .OO)(token);
    try {
        const assets = await client.paginate(client.rest.repos.listReleaseAssets, {
            ...repository,
            release_id: release.id,
            per_page: 100,
            headers: API_VERSION
        });
        return assets.map(a => ({
            id: a.id,
            name: a.name,
            size: a.size,
            digest: a.digest ?? undefined,
            createdAt: a.created_at,
            url: a.browser_download_url
        }));
    }
    catch (error) {
        throw releaseError(error, `Listing the assets of the release '${release.tag}'`);
    }
}
/** Renames an asset (needs `contents: write`). */
async function renameAsset(repository, asset, name, token) {
    try {
        await (0,_artifacts_octokit_js__WEBPACK_IMPORTED_MODULE_1__/* .restClient */ .OO)(token).rest.repos.updateReleaseAsset({
            ...repository,
            asset_id: asset.id,
            name,
            headers: API_VERSION
        });
    }
    catch (error) {
        throw releaseError(error, `Renaming the asset '${asset.name}' (id ${asset.id}) to '${name}'`, true);
    }
}
/** Deletes an asset (needs `contents: write`). */
async function deleteAsset(repository, asset, token) {
    try {
        await (0,_artifacts_octokit_js__WEBPACK_IMPORTED_MODULE_1__/* .restClient */ .OO)(token).rest.repos.deleteReleaseAsset({
            ...repository,
            asset_id: asset.id,
            headers: API_VERSION
        });
    }
    catch (error) {
        if (statusOf(error) === 404)
            return;
        throw releaseError(error, `Deleting the asset '${asset.name}' (id ${asset.id})`, true);
    }
}


/***/ })

};
