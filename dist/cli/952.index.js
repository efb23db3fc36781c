export const id = 952;
export const ids = [952];
export const modules = {

/***/ 2952:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runInstall: () => (/* binding */ runInstall)
/* harmony export */ });
/* unused harmony export runCommands */
/* harmony import */ var _actions_exec__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6985);
/* harmony import */ var _actions_http_client__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4942);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3024);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6760);
/* harmony import */ var _process_runner_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(6911);
/* harmony import */ var _install_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8552);
// Runs an install plan (install.ts); when PGDG cannot be used (unreachable,
// no such package), undoes what it added and installs the distribution's own
// postgresql-client instead, saying so, if that is new enough.







/**
 * The text of url, fetched by Node (no curl needed) through
 * @actions/http-client, which honours https_proxy and no_proxy as curl did;
 * a ClientInstallError when it fails.
 */
async function fetchInput(argv, url) {
    try {
        const client = new _actions_http_client__WEBPACK_IMPORTED_MODULE_1__/* .HttpClient */ .Qq('pg-dumper', undefined, {
            socketTimeout: 60_000
        });
        const response = await client.get(url);
        const body = await response.readBody();
        const status = response.message.statusCode ?? 0;
        if (status !== 200)
            throw new Error(`HTTP ${status}`);
        return body;
    }
    catch (error) {
        const code = error.code;
        const why = error instanceof Error ? error.message : String(error);
        throw new _install_js__WEBPACK_IMPORTED_MODULE_5__/* .ClientInstallError */ .Lv(argv, -1, `fetching ${url} failed: ${why}${code && !why.includes(code) ? ` (${code})` : ''}`);
    }
}
/**
 * Runs commands one by one, logging each (output at debug). Throws
 * ClientInstallError with the failing command's stderr, unless bestEffort.
 */
async function runCommands(commands, logger, bestEffort = false) {
    for (const { argv, input, inputUrl } of commands) {
        const [program, ...args] = argv;
        if (program === undefined)
            continue;
        const fed = inputUrl
            ? ` < ${inputUrl}`
            : input === undefined
                ? ''
                : ` <<< ${JSON.stringify(input)}`;
        logger.info(`$ ${argv.map(_process_runner_js__WEBPACK_IMPORTED_MODULE_6__/* .displayArg */ .tR).join(' ')}${fed}`);
        let result;
        try {
            const stdin = inputUrl ? await fetchInput(argv, inputUrl) : input;
            result = await (0,_actions_exec__WEBPACK_IMPORTED_MODULE_0__/* .getExecOutput */ .H)((0,_process_runner_js__WEBPACK_IMPORTED_MODULE_6__/* .commandLine */ .ay)(program), args, {
                ignoreReturnCode: true,
                silent: true,
                env: (0,_process_runner_js__WEBPACK_IMPORTED_MODULE_6__/* .childEnv */ .gf)(),
                input: stdin === undefined ? undefined : Buffer.from(stdin),
                listeners: {
                    stdline: line => logger.debug(line),
                    errline: line => logger.debug(line)
                }
            });
        }
        catch (error) {
            if (bestEffort)
                continue;
            if (error instanceof _install_js__WEBPACK_IMPORTED_MODULE_5__/* .ClientInstallError */ .Lv)
                throw error;
            throw new _install_js__WEBPACK_IMPORTED_MODULE_5__/* .ClientInstallError */ .Lv(argv, -1, error instanceof Error ? error.message : String(error));
        }
        if (result.exitCode !== 0 && !bestEffort)
            throw new _install_js__WEBPACK_IMPORTED_MODULE_5__/* .ClientInstallError */ .Lv(argv, result.exitCode, result.stderr.trim());
    }
}
/** bin dir of an installed major; an Error when its pg_dump is missing. */
async function installedBinDir(major) {
    const binDir = (0,_install_js__WEBPACK_IMPORTED_MODULE_5__/* .debianBinDir */ .sX)(major);
    const pgDump = (0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(binDir, 'pg_dump');
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.access)(pgDump, node_fs__WEBPACK_IMPORTED_MODULE_2__.constants.X_OK);
    }
    catch {
        throw new Error(`Installing the PostgreSQL ${major} client finished, but ${pgDump} is missing`);
    }
    return binDir;
}
/** The command that installs the distribution's postgresql-client-<major>. */
function distributionInstall(major, sudo) {
    return [(0,_install_js__WEBPACK_IMPORTED_MODULE_5__/* .aptGetInstall */ .pj)(sudo, [`postgresql-client-${major}`])];
}
/** The major of the distribution's postgresql-client (apt-cache depends), if it has one. */
async function distributionMajor() {
    const result = await (0,_actions_exec__WEBPACK_IMPORTED_MODULE_0__/* .getExecOutput */ .H)('apt-cache', ['depends', 'postgresql-client'], { ignoreReturnCode: true, silent: true, env: (0,_process_runner_js__WEBPACK_IMPORTED_MODULE_6__/* .childEnv */ .gf)() }).catch(() => undefined);
    const match = /Depends: postgresql-client-(\d+)\b/.exec(result?.stdout ?? '');
    return match ? Number(match[1]) : undefined;
}
/** An error's message on one line (apt's stderr has several), at most 400 characters. */
const oneLine = (error) => {
    const text = (error instanceof Error ? error.message : String(error))
        .split('\n')
        .map(line => line.trim())
        .filter(Boolean)
        .join(' ');
    return text.length > 400 ? `${text.slice(0, 399)}…` : text;
};
/**
 * Runs the plan and returns the installed client's bin dir
 * (/usr/lib/postgresql/<major>/bin). When a command of a plan with an undo
 * fails (PGDG unreachable, say), runs the undo, `apt-get update`, and
 * installs the distribution's postgresql-client-<N> instead, with a warning,
 * when N is at least atLeast (default: major); its bin dir is returned then.
 * Throws ClientInstallError with the failing command's stderr, or an Error
 * when no fallback fits or the bin dir has no pg_dump afterwards.
 */
async function runInstall(plan, major, logger, atLeast = major) {
    for (const source of plan.sources)
        logger.info(`Adding apt source: ${source}`);
    let failure;
    try {
        await runCommands(plan.commands, logger);
        return await installedBinDir(major);
    }
    catch (error) {
        if (!plan.undo)
            throw error;
        failure = error;
    }
    const pgdg = `PGDG (apt.postgresql.org) could not be used: ${oneLine(failure)}`;
    await runCommands(plan.undo, logger, true);
    const sudo = plan.sudo ?? [];
    try {
        await runCommands([{ argv: [...sudo, 'apt-get', 'update'] }], logger);
    }
    catch (error) {
        throw new Error(`${pgdg}; then ${oneLine(error)}`, { cause: error });
    }
    const distro = await distributionMajor();
    if (distro === undefined || distro < atLeast) {
        throw new Error(`${pgdg}; and the distribution's postgresql-client ` +
            (distro === undefined
                ? 'is not available'
                : `is PostgreSQL ${distro}, older than ${atLeast}`));
    }
    logger.warning(`${pgdg}. Installing the distribution's postgresql-client-${distro} instead.`);
    await runCommands(distributionInstall(distro, sudo), logger);
    return installedBinDir(distro);
}


/***/ })

};
