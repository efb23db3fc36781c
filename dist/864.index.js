export const id = 864;
export const ids = [864];
export const modules = {

/***/ 61864:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  downloadDump: () => (/* binding */ downloadDump)
});

// EXTERNAL MODULE: ./node_modules/@actions/artifact/lib/artifact.js + 326 modules
var artifact = __webpack_require__(20584);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./lib/artifacts/errors.js
var errors = __webpack_require__(95952);
;// CONCATENATED MODULE: ./node_modules/is-network-error/index.js
const objectToString = Object.prototype.toString;

const isError = value => objectToString.call(value) === '[object Error]';

const errorMessages = new Set([
	'network error', // Chrome
	'NetworkError when attempting to fetch resource.', // Firefox
	'The Internet connection appears to be offline.', // Safari 16
	'Network request failed', // `cross-fetch`
	'fetch failed', // Undici (Node.js)
	'terminated', // Undici (Node.js)
	' A network error occurred.', // Bun (WebKit)
	'Network connection lost', // Cloudflare Workers (fetch)
]);

function isNetworkError(error) {
	const isValid = error
		&& isError(error)
		&& error.name === 'TypeError'
		&& typeof error.message === 'string';

	if (!isValid) {
		return false;
	}

	const {message, stack} = error;

	// Safari 17+ has generic message but no stack for network errors
	if (message === 'Load failed' || (message.startsWith('Load failed (') && message.endsWith(')'))) {
		return stack === undefined
			// Sentry adds its own stack trace to the fetch error, so also check for that
			|| '__sentry_captured__' in error;
	}

	// Deno network errors start with specific text
	if (message.startsWith('error sending request for url')) {
		return true;
	}

	// Chrome: exact "Failed to fetch" or with hostname: "Failed to fetch (example.com)"
	if (message === 'Failed to fetch' || (message.startsWith('Failed to fetch (') && message.endsWith(')'))) {
		return true;
	}

	// Standard network error messages
	return errorMessages.has(message);
}

;// CONCATENATED MODULE: ./node_modules/p-retry/index.js


function validateRetries(retries) {
	if (typeof retries === 'number') {
		if (retries < 0) {
			throw new TypeError('Expected `retries` to be a non-negative number.');
		}

		if (Number.isNaN(retries)) {
			throw new TypeError('Expected `retries` to be a valid number or Infinity, got NaN.');
		}

		// Not `Number.isSafeInteger`, which would reject a huge `retries`. That is accepted on purpose and behaves as effectively forever.
		// eslint-disable-next-line unicorn/prefer-number-is-safe-integer
		if (Number.isFinite(retries) && !Number.isInteger(retries)) {
			throw new TypeError('Expected `retries` to be a non-negative integer or Infinity.');
		}
	} else if (retries !== undefined) {
		throw new TypeError('Expected `retries` to be a number or Infinity.');
	}
}

function validateNumberOption(name, value, {allowInfinity = false} = {}) {
	if (typeof value !== 'number' || Number.isNaN(value)) {
		throw new TypeError(`Expected \`${name}\` to be a number${allowInfinity ? ' or Infinity' : ''}.`);
	}

	if (!allowInfinity && !Number.isFinite(value)) {
		throw new TypeError(`Expected \`${name}\` to be a finite number.`);
	}

	if (value < 0) {
		throw new TypeError(`Expected \`${name}\` to be \u{2265} 0.`);
	}
}

function validateOption(name, value, type) {
	// `null` means "not provided", as it does for the other options. `unref` needs this because it is the one option with no default of its own.
	if (value === undefined || value === null) {
		return;
	}

	if (typeof value !== type) {
		throw new TypeError(`Expected \`${name}\` to be a ${type}.`);
	}
}

function validateSignal(value) {
	// `null` means "not provided", as it does for the other options.
	if (value === undefined || value === null) {
		return;
	}

	// Duck typed rather than `instanceof`, so a signal from another realm still works. All three methods are checked because `removeEventListener` is called from inside a timer callback, where a `TypeError` would be an uncaught exception rather than a rejection the caller could catch.
	if (typeof value.throwIfAborted !== 'function'
		|| typeof value.addEventListener !== 'function'
		|| typeof value.removeEventListener !== 'function') {
		throw new TypeError('Expected `signal` to be an AbortSignal.');
	}
}

class AbortError extends Error {
	constructor(message) {
		super(typeof message === 'string' ? message : undefined);

		this.name = 'AbortError';

		if (message instanceof Error) {
			this.originalError = message;
			({message} = message);
		} else {
			// Created here, so it already captures every caller frame. Copying `this.stack` instead would only rewrite the header, which is rendered lazily from `name` and `message` at read time. It also stringifies a non-string message, so reuse its result below.
			this.originalError = new Error(message);
			({message} = this.originalError);

			// The caller sees this error, so the frame for this constructor is dropped where the runtime supports it. Left in, the top frame blames p-retry for an error the caller threw. An error the caller passed keeps its own stack, which points at their throw site already. V8-only, hence the lint exception, and the optional call leaves the stack as it is where it is missing.
			// eslint-disable-next-line unicorn/no-nonstandard-builtin-properties
			Error.captureStackTrace?.(this.originalError, AbortError);
		}

		this.message = message;
	}
}

// `setTimeout` cannot represent a longer delay and fires it right away instead, which turns a long backoff into a tight retry loop. Cap at the largest value it can still hold.
const maximumDelay = (2 ** 31) - 1;

function calculateDelay(retriesConsumed, options) {
	// Nothing to wait for, and multiplying by a factor that has grown to `Infinity` would give `NaN`.
	if (options.minTimeout === 0) {
		return 0;
	}

	// `retriesConsumed` starts at 0 and only ever counts up, so the first retry is already attempt 1.
	const attempt = retriesConsumed + 1;
	const random = options.randomize ? (Math.random() + 1) : 1;

	const timeout = Math.round(random * options.minTimeout * (options.factor ** (attempt - 1)));

	// `maxTimeout` rounds up, so a fractional cap still gives a whole number of milliseconds. Rounding down would turn a cap below 1 into no timer at all, which never yields to the event loop. `Math.ceil(Infinity)` is `Infinity`.
	return Math.min(timeout, Math.ceil(options.maxTimeout), maximumDelay);
}

function calculateRemainingTime(start, max) {
	return Number.isFinite(max) ? max - (performance.now() - start) : max;
}

async function delayForRetry(delay, options) {
	if (delay <= 0) {
		return;
	}

	await new Promise((resolve, reject) => {
		// Registered with `once`, so it removes itself when it fires.
		const onAbort = () => {
			clearTimeout(timeoutToken);
			reject(options.signal.reason);
		};

		const timeoutToken = setTimeout(() => {
			options.signal?.removeEventListener('abort', onAbort);
			resolve();
		}, delay);

		if (options.unref) {
			timeoutToken.unref?.();
		}

		options.signal?.addEventListener('abort', onAbort, {once: true});
	});
}

// Stringifying a thrown value can itself throw, for an object with no usable `toString`. That must never be allowed to replace the failure the caller is actually dealing with.
//
// A thrown value whose own accessors or proxy traps throw is not supported, here or anywhere else. It comes from the caller's own code, so it is not something to defend against.
function stringifyThrownValue(value) {
	try {
		return String(value);
	} catch {
		return Object.prototype.toString.call(value);
	}
}

// `AbortError` wraps the error the caller actually wants, and the wrappers can be nested, so keep unwrapping until the cause is reached. Otherwise an `AbortError` would escape `pRetry` and a `catch` doing `error instanceof AbortError` would read a real failure as a cancellation.
//
// Two wrappers whose `originalError` points at each other are not supported, like the thrown values above.
function unwrapAbortError(error) {
	let cause = error;

	// A wrapper with no error to unwrap to is the cause as far as it goes.
	while (cause instanceof AbortError && cause.originalError instanceof Error) {
		cause = cause.originalError;
	}

	return cause;
}

async function onAttemptFailure({error, attemptNumber, retriesConsumed, startTime, options}) {
	// The signal is checked after the operation and after every callback, so a cancellation is never reported as an operation failure or a callback's decision, and no callback runs after it. The last check also guards the delay, whose abort listener never fires on a signal that is already aborted.
	const abortIfNeeded = () => {
		options.signal?.throwIfAborted();
	};

	const normalizedError = error instanceof Error
		? error
		: new TypeError(`Non-error was thrown: "${stringifyThrownValue(error)}". You should only throw errors.`);

	// Checked before unwrapping an `AbortError`, because the reason a caller aborted with is final. Unwrapping it would replace the reason they chose with whatever is inside it, and it would also let an `AbortError` from the operation outrank a cancellation the caller asked for.
	abortIfNeeded();

	if (normalizedError instanceof AbortError) {
		throw unwrapAbortError(normalizedError);
	}

	// `retriesConsumed` only ever advances while `retriesLeft` is above 0, so this is never negative. `Infinity` minus a finite count is `Infinity`, so an unlimited budget needs no special case.
	const retriesLeft = options.retries - retriesConsumed;

	// A `TypeError` normally means the operation itself is broken rather than the thing it was trying to reach, so retrying it does not help. A network `TypeError` is the exception, and its message differs per runtime, so it has to be recognised rather than assumed.
	const isRetriableError = !(normalizedError instanceof TypeError) || isNetworkError(normalizedError);

	// Out of time already, out of retries, or a failure that is never retried, so the delay is 0 and the callbacks are told that no retry follows. Only computed when a retry can still follow, so a randomized delay does not draw from `Math.random` for a wait that is never taken.
	const timeLeft = calculateRemainingTime(startTime, options.maxRetryTime);
	const delayTime = isRetriableError && timeLeft > 0 && retriesLeft > 0 ? calculateDelay(retriesConsumed, options) : 0;

	const consumeRetryContext = Object.freeze({
		error: normalizedError,
		attemptNumber,
		retriesLeft,
		retriesConsumed,
		retryDelay: delayTime,
	});

	// No answer means no opinion, so fall back to the default. Treating it as `false` instead would leave `retries` uncounted and let the loop run forever.
	const consumeRetry = (await options.shouldConsumeRetry(consumeRetryContext)) ?? true;

	abortIfNeeded();

	const effectiveDelay = consumeRetry ? delayTime : 0;
	const context = Object.freeze({
		error: normalizedError,
		attemptNumber,
		retriesLeft,
		retriesConsumed,
		retryDelay: effectiveDelay,
	});

	await options.onFailedAttempt(context);

	abortIfNeeded();

	const remainingTime = calculateRemainingTime(startTime, options.maxRetryTime);

	// No time or budget left, or a failure that retrying cannot help with.
	if (
		!isRetriableError
		|| remainingTime <= 0
		|| retriesLeft <= 0
	) {
		throw normalizedError;
	}

	const shouldRetry = await options.shouldRetry(context);

	abortIfNeeded();

	if (!shouldRetry) {
		throw normalizedError;
	}

	const remainingTimeAfterShouldRetry = calculateRemainingTime(startTime, options.maxRetryTime);

	if (remainingTimeAfterShouldRetry <= 0) {
		throw normalizedError;
	}

	if (!consumeRetry) {
		return false;
	}

	await delayForRetry(Math.min(effectiveDelay, remainingTimeAfterShouldRetry), options);

	return true;
}

async function pRetry(input, options = {}) {
	options = {...options};

	// Applied before validating, so that `null` means "not provided" here as it does for every other option.
	options.retries ??= 10;

	validateRetries(options.retries);

	if (Object.hasOwn(options, 'forever')) {
		throw new Error('The `forever` option is no longer supported. For many use-cases, you can set `retries: Infinity` instead.');
	}

	options.factor ??= 2;
	options.minTimeout ??= 1000;
	options.maxTimeout ??= Infinity;
	options.maxRetryTime ??= Infinity;
	options.randomize ??= false;
	options.onFailedAttempt ??= () => {};
	options.shouldRetry ??= () => true;
	options.shouldConsumeRetry ??= () => true;

	// Validate the options that have a runtime type to check.
	validateOption('onFailedAttempt', options.onFailedAttempt, 'function');
	validateOption('shouldRetry', options.shouldRetry, 'function');
	validateOption('shouldConsumeRetry', options.shouldConsumeRetry, 'function');
	validateOption('randomize', options.randomize, 'boolean');
	validateOption('unref', options.unref, 'boolean');
	validateSignal(options.signal);
	validateNumberOption('factor', options.factor);
	validateNumberOption('minTimeout', options.minTimeout);
	validateNumberOption('maxTimeout', options.maxTimeout, {allowInfinity: true});
	validateNumberOption('maxRetryTime', options.maxRetryTime, {allowInfinity: true});

	// A negative factor is rejected above, so this only catches `0`. Treat it as `1` to keep the delay constant instead of dropping to zero after the first retry.
	if (options.factor === 0) {
		options.factor = 1;
	}

	options.signal?.throwIfAborted();

	let attemptNumber = 0;
	let retriesConsumed = 0;
	const startTime = performance.now();

	// A consumed count is always finite, so `Infinity` keeps this true and needs no special case.
	while (retriesConsumed <= options.retries) {
		attemptNumber++;

		try {
			options.signal?.throwIfAborted();

			const result = await input(attemptNumber);

			options.signal?.throwIfAborted();

			return result;
		} catch (error) {
			if (await onAttemptFailure({
				error,
				attemptNumber,
				retriesConsumed,
				startTime,
				options,
			})) {
				retriesConsumed++;
			}
		}
	}

	// Unreachable: `onAttemptFailure` throws once `retriesLeft` reaches 0, which is the same state the loop condition tests, so the loop is always left by a throw. Kept as a guard against a future change to either side breaking that pairing.
	throw new Error('Retry attempts exhausted without throwing an error.');
}

function makeRetriable(function_, options) {
	return function (...arguments_) {
		return pRetry(() => function_.apply(this, arguments_), options);
	};
}

;// CONCATENATED MODULE: ./lib/artifacts/github-api.js
// The two REST look-ups @actions/artifact does not make for us: a run's
// artifacts by name (to see expiry) and a repository's newest by name
// (for run-id: latest). Plain fetch against GITHUB_API_URL.


function apiUrl() {
    return (process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
}
/** How often a look-up is tried, and the first pause (doubling after each try). */
const API_ATTEMPTS = 4;
const API_FIRST_DELAY_MS = 500;
/** One try; throws AbortError (no retry) for answers waiting cannot change. */
async function getOnce(path, token, what) {
    let response;
    try {
        response = await fetch(`${apiUrl()}${path}`, {
            headers: {
                Accept: 'application/vnd.github+json',
                Authorization: `Bearer ${token}`,
                'X-GitHub-Api-Version': '2022-11-28',
                'User-Agent': 'pg-dumper'
            },
            signal: AbortSignal.timeout(30_000)
        });
    }
    catch (error) {
        throw new errors/* ArtifactServiceError */._Y(`could not reach the GitHub API at ${apiUrl()}: ${error.message}`);
    }
    const body = (await response.json().catch(() => ({})));
    const reason = `HTTP ${response.status}${body.message ? `: ${body.message}` : ''}`;
    if (response.status === 401 || response.status === 403) {
        throw new AbortError(new errors/* ArtifactAccessDenied */.ar(`The github-token cannot list ${what} (${reason}). Give the job ` +
            "'permissions: actions: read', or pass a token that can read that repository's Actions."));
    }
    if (response.status === 404) {
        throw new AbortError(new errors/* ArtifactNotFound */.Eh(`Could not list ${what} (${reason}): check the 'repository' and 'run-id' inputs, ` +
            'and that the github-token can see that repository.'));
    }
    if (!response.ok) {
        const error = new errors/* ArtifactServiceError */._Y(`the GitHub API answered ${reason}`);
        if (response.status < 500 && response.status !== 429)
            throw new AbortError(error);
        throw error;
    }
    return body;
}
/** A GET with retries and backoff for 5xx, 429, time-outs and network errors. */
async function getJson(path, token, what) {
    try {
        return await pRetry(() => getOnce(path, token, what), {
            retries: API_ATTEMPTS - 1,
            minTimeout: API_FIRST_DELAY_MS,
            factor: 2,
            randomize: true
        });
    }
    catch (error) {
        if (error instanceof errors/* ArtifactServiceError */._Y) {
            throw new errors/* ArtifactServiceError */._Y(`Listing ${what} failed after ${API_ATTEMPTS} attempts with backoff: ${error.message}.`);
        }
        throw error;
    }
}
const slug = (r) => `${r.owner}/${r.repo}`;
/** The artifacts named `name` in one workflow run. */
async function listRunArtifacts(repository, runId, name, token) {
    const path = `/repos/${slug(repository)}/actions/runs/${runId}/artifacts` +
        `?name=${encodeURIComponent(name)}&per_page=100`;
    const list = (await getJson(path, token, `the artifacts of run ${runId} in ${slug(repository)}`));
    return list.artifacts;
}
/** The artifacts named `name` in the repository, newest first. */
async function listRepositoryArtifacts(repository, name, token) {
    const path = `/repos/${slug(repository)}/actions/artifacts` +
        `?name=${encodeURIComponent(name)}&per_page=100`;
    const list = (await getJson(path, token, `the artifacts of ${slug(repository)}`));
    return [...list.artifacts].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
}

// EXTERNAL MODULE: ./lib/artifacts/runtime.js
var runtime = __webpack_require__(49135);
;// CONCATENATED MODULE: ./lib/artifacts/find.js
// Decides which artifact a restore takes: from this run, another run, or
// the newest unexpired one in the repository.




const find_slug = (r) => `${r.owner}/${r.repo}`;
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
    (0,runtime/* requireRuntime */.U)(`Downloading the artifact '${source.name}' from this run`);
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
        if (!(error instanceof artifact.ArtifactNotFoundError)) {
            throw new errors/* ArtifactServiceError */._Y(`Looking up the artifact '${source.name}' in this run failed: ${error.message}. ` +
                '@actions/artifact retries the artifact service (5xx, 5 attempts with backoff); run the job again.');
        }
        throw new errors/* ArtifactNotFound */.Eh(`No artifact named '${source.name}' in this run (run ${process.env.GITHUB_RUN_ID} of ${find_slug(source.repository)}). ` +
            "Upload it in an earlier job of this run, or set 'run-id' (a run id, or 'latest') and 'github-token' to take it from another run.");
    }
}
async function inRun(source, runId, token) {
    const found = await listRunArtifacts(source.repository, runId, source.name, token);
    const newest = found.sort((a, b) => b.id - a.id)[0];
    if (!newest) {
        throw new errors/* ArtifactNotFound */.Eh(`No artifact named '${source.name}' in run ${runId} of ${find_slug(source.repository)}. ` +
            "Check 'artifact-name' and 'run-id', or use 'run-id: latest' for the newest one in the repository.");
    }
    if (newest.expired) {
        throw new errors/* ArtifactExpired */.sX(`The artifact '${source.name}' (id ${newest.id}) of run ${runId} in ${find_slug(source.repository)} has expired` +
            `${newest.expires_at ? ` (${newest.expires_at})` : ''}; its content is gone. ` +
            "Use 'run-id: latest' for the newest unexpired one, or dump again.");
    }
    return fromRest(newest, runId);
}
async function latest(source, token) {
    const all = await listRepositoryArtifacts(source.repository, source.name, token);
    const newest = all.find(a => !a.expired);
    if (!newest) {
        const expired = all.length;
        throw expired > 0
            ? new errors/* ArtifactExpired */.sX(`All ${expired} artifact(s) named '${source.name}' in ${find_slug(source.repository)} have expired; ` +
                `the newest was made ${all[0].created_at}. Run the dump workflow again.`)
            : new errors/* ArtifactNotFound */.Eh(`No artifact named '${source.name}' in ${find_slug(source.repository)}. ` +
                "Check 'artifact-name' and 'repository', and that the dump workflow has run.");
    }
    return fromRest(newest, newest.workflow_run?.id ?? 0);
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
            `${artifact.createdAt ? `, made ${artifact.createdAt}` : ''}`);
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
