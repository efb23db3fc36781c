export const id = 494;
export const ids = [494];
export const modules = {

/***/ 86494:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  downloadDump: () => (/* binding */ downloadDump)
});

// EXTERNAL MODULE: ./node_modules/@actions/artifact/lib/artifact.js + 309 modules
var artifact = __webpack_require__(40111);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./lib/artifacts/age.js
var artifacts_age = __webpack_require__(26868);
// EXTERNAL MODULE: ./lib/artifacts/errors.js
var errors = __webpack_require__(95952);
// EXTERNAL MODULE: ./lib/artifacts/github-api.js + 1 modules
var github_api = __webpack_require__(34929);
// EXTERNAL MODULE: ./lib/artifacts/runtime.js
var runtime = __webpack_require__(49135);
;// CONCATENATED MODULE: ./lib/artifacts/find.js




const slug = (r) => `${r.owner}/${r.repo}`;
function fromRest(a, runId) {
    return {
        id: a.id,
        name: a.name,
        digest: a.digest ?? undefined,
        runId: a.workflow_run?.id ?? runId,
        branch: a.workflow_run?.head_branch,
        createdAt: a.created_at
    };
}
async function inThisRun(client, source) {
    (0,runtime/* requireRuntime */.Up)(`Downloading the artifact '${source.name}' from this run`);
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
        if (!(0,errors/* isArtifactNotFound */.Oq)(error)) {
            throw new errors/* ArtifactServiceError */._Y(`Looking up the artifact '${source.name}' in this run failed: ${error.message}. ` +
                '@actions/artifact retries the artifact service (5xx, 5 attempts with backoff); run the job again.');
        }
        throw new errors/* ArtifactNotFound */.Eh(`No artifact named '${source.name}' in this run (run ${process.env.GITHUB_RUN_ID} of ${slug(source.repository)}). ` +
            "Upload it in an earlier job of this run, or set 'run-id' (a run id, or 'latest') and 'github-token' to take it from another run.");
    }
}
async function inRun(source, runId, token) {
    const found = await (0,github_api/* listRunArtifacts */.NG)(source.repository, runId, source.name, token);
    const newest = found.sort((a, b) => b.id - a.id)[0];
    if (!newest) {
        throw new errors/* ArtifactNotFound */.Eh(`No artifact named '${source.name}' in run ${runId} of ${slug(source.repository)}. ` +
            "Check 'artifact-name' and 'run-id', or use 'run-id: latest' for the newest one in the repository.");
    }
    if (newest.expired) {
        throw new errors/* ArtifactExpired */.sX(`The artifact '${source.name}' (id ${newest.id}) of run ${runId} in ${slug(source.repository)} has expired` +
            `${newest.expires_at ? ` (${newest.expires_at})` : ''}; its content is gone. ` +
            "Use 'run-id: latest' for the newest unexpired one, or dump again.");
    }
    return fromRest(newest, runId);
}
async function latest(source, token) {
    const { branch } = source;
    const listed = await (0,github_api/* listRepositoryArtifacts */.Yd)(source.repository, source.name, token, 
    // the newest of a branch may be far down the list
    { all: branch !== undefined });
    const all = branch === undefined
        ? listed
        : listed.filter(a => a.workflow_run?.head_branch === branch);
    const newest = all.find(a => !a.expired);
    const where = `${slug(source.repository)}${branch !== undefined ? ` on branch '${branch}'` : ''}`;
    if (!newest) {
        const expired = all.length;
        throw expired > 0
            ? new errors/* ArtifactExpired */.sX(`All ${expired} artifact(s) named '${source.name}' in ${where} have expired; ` +
                `the newest was made ${all[0].created_at}. Run the dump workflow again.`)
            : new errors/* ArtifactNotFound */.Eh(`No artifact named '${source.name}' in ${where}. ` +
                (branch !== undefined
                    ? onOtherBranches(listed)
                    : "Check 'artifact-name' and 'repository', and that the dump workflow has run."));
    }
    if (source.maxAgeMs !== undefined)
        fresh(newest, source);
    return fromRest(newest, newest.workflow_run?.id ?? 0);
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
function fresh(newest, source) {
    const age = (0,artifacts_age/* ageOf */.hy)(newest.created_at);
    const maxAge = source.maxAgeMs;
    if (age <= maxAge)
        return;
    const runId = newest.workflow_run?.id;
    const run = runId !== undefined
        ? `run ${runId} (${(0,runtime/* runUrl */.Vp)(slug(source.repository), runId)})`
        : 'an unknown run';
    throw new errors/* ArtifactTooOld */.ED(`The newest artifact named '${source.name}' in ${slug(source.repository)}` +
        `${source.branch !== undefined ? ` on branch '${source.branch}'` : ''} is ${(0,artifacts_age/* formatAge */.nV)(age)} old, ` +
        `older than max-age ${(0,artifacts_age/* formatAge */.nV)(maxAge)}: id ${newest.id}, made ${newest.created_at} by ${run}. ` +
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

;// CONCATENATED MODULE: ./lib/artifacts/download.js
// Brings a dump back from a workflow artifact (found by find.ts): downloads
// it into a fresh folder, verifies its digest and finds the dump inside.







/** The dump in a download folder: the named file, or the only entry. */
async function dumpIn(dir, name, artifact) {
    const entries = await (0,promises_.readdir)(dir);
    if (name !== undefined) {
        if (entries.includes(name))
            return (0,external_node_path_.join)(dir, name);
        throw new errors/* ArtifactNotFound */.Eh(`The artifact '${artifact}' holds no file '${name}' (it holds: ${entries.join(', ') || 'nothing'}). ` +
            "Set 'file' to one of those, or leave it empty.");
    }
    if (entries.length === 1)
        return (0,external_node_path_.join)(dir, entries[0]);
    throw new errors/* ArtifactNotFound */.Eh(entries.length === 0
        ? `The artifact '${artifact}' is empty: there is no dump to restore.`
        : `The artifact '${artifact}' holds several files (${entries.join(', ')}): set 'file' to the one to restore.`);
}
/** Downloads the artifact into a fresh folder, checks its digest, and finds the dump. */
async function downloadDump(client, source, options) {
    const { logger } = options;
    const artifact = await findArtifact(client, source);
    if (artifact.runId !== undefined) {
        logger.info(`Using artifact '${artifact.name}' (id ${artifact.id}) from run ${artifact.runId}` +
            `${artifact.branch ? ` on branch ${artifact.branch}` : ''}` +
            `${artifact.createdAt ? `, made ${artifact.createdAt} (${(0,artifacts_age/* formatAge */.nV)((0,artifacts_age/* ageOf */.hy)(artifact.createdAt))} ago)` : ''}`);
    }
    else {
        logger.info(`Using artifact '${artifact.name}' (id ${artifact.id}) from this run`);
    }
    if (!artifact.digest) {
        logger.warning(`The artifact '${artifact.name}' has no recorded digest: its content cannot be verified.`);
    }
    const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'pg-dumper-artifact-'));
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
            throw new errors/* ArtifactServiceError */._Y(`Downloading the artifact '${artifact.name}' (id ${artifact.id}) failed: ${error.message}. ` +
                '@actions/artifact retries the download (5 attempts); run the job again, or check https://www.githubstatus.com.');
        });
        if (digestMismatch) {
            throw new errors/* ArtifactDigestMismatch */.jA(`The downloaded artifact '${artifact.name}' (id ${artifact.id}) does not match the digest ` +
                `recorded when it was uploaded (${artifact.digest}): it was altered or corrupted. Nothing was restored.`);
        }
        const file = await dumpIn(dir, options.file, artifact.name);
        const info = await (0,promises_.stat)(file);
        logger.info(`Downloaded ${file}${info.isDirectory() ? ' (a directory archive)' : ''}`);
        return { artifact, file, dir };
    }
    catch (error) {
        await (0,promises_.rm)(dir, { recursive: true, force: true });
        throw error;
    }
}


/***/ })

};
