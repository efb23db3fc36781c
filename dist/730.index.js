export const id = 730;
export const ids = [730];
export const modules = {

/***/ 58487:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  kj: () => (/* binding */ GrowingDataFile),
  D9: () => (/* binding */ INFLATABLE)
});

// UNUSED EXPORTS: readDataFile

// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __webpack_require__(78474);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
// EXTERNAL MODULE: ./lib/core/archive/writer-watch.js
var writer_watch = __webpack_require__(41349);
// EXTERNAL MODULE: ./lib/core/archive/inflate.js
var inflate = __webpack_require__(1913);
// EXTERNAL MODULE: external "node:v8"
var external_node_v8_ = __webpack_require__(78877);
// EXTERNAL MODULE: external "node:vm"
var external_node_vm_ = __webpack_require__(30714);
;// CONCATENATED MODULE: ./lib/core/archive/young-garbage.js
// Returning the memory of short-lived Buffers as it goes. A Buffer of more
// than 4 KiB holds its bytes outside V8's heap, freed only when V8 collects
// the Buffer object; V8 counts those bytes towards a collection only every
// 64 MB, and the objects themselves are too small to fill its young
// generation soon. Inflating a data file makes a new Buffer of every chunk
// of output (Node's zlib offers no way to inflate into a buffer of ours),
// so the process grew by up to 64 MB of dead output whatever the dump's
// size (issue 22). A minor collection every few MB of such Buffers bounds
// that to a few MB; the 176 of them inflating 1.5 GB cost no CPU we could
// measure.


let collect;
/**
 * V8's collector, which Node gives only with --expose-gc: the flag set
 * at run time holds for contexts made afterwards, so one new context hands
 * out its `gc`. Where that fails, nothing is collected early (as before).
 */
function minorCollection() {
    if (!collect) {
        let gc;
        try {
            (0,external_node_v8_.setFlagsFromString)('--expose-gc');
            gc = (0,external_node_vm_.runInNewContext)('typeof gc === "function" ? gc : undefined');
        }
        catch {
            gc = undefined;
        }
        collect =
            typeof gc === 'function'
                ? () => gc({ type: 'minor' })
                : () => { };
    }
    return collect;
}
/** How many bytes of dead Buffers to let pile up between two collections. */
const COLLECT_EVERY = 8 << 20;
/** Counts the bytes of Buffers dropped, and collects every COLLECT_EVERY. */
class YoungGarbage {
    #bytes = 0;
    /** `bytes` more in Buffers no longer referenced. */
    dropped(bytes) {
        this.#bytes += bytes;
        if (this.#bytes < COLLECT_EVERY)
            return;
        this.#bytes = 0;
        minorCollection()();
    }
}

;// CONCATENATED MODULE: ./lib/core/archive/data-file.js
// Reading one data file of a directory archive back in this process, as
// pg_restore reads it, whole or while a pg_dump worker writes it: a gzip
// file (`<id>.dat.gz`) is inflated to its end, which checks every deflate
// block and the gzip trailer's CRC-32 and length of the data; an
// uncompressed `<id>.dat` is read through. pg_restore does nothing more with
// a table's data file when its output is thrown away: it decompresses the
// file and writes the COPY text out as it is. Node's zlib, driven as
// inflate.ts drives it (into one reused buffer), inflates about twice as
// fast as the system zlib pg_restore links.






/** The data files read here: gzip-compressed or not (lz4 and zstd are left to pg_restore). */
const INFLATABLE = /\.dat(?:\.gz)?$/;
// 256 KiB reads and inflated chunks: with the collections, half the CPU of
// a pipeline of 64 KiB chunks (fewer trips to zlib's thread, memory reused
// rather than fresh). The file is read into one buffer, reused; the
// inflated chunks, new Buffers each, are collected as they pile up.
const CHUNK = 1 << 18;
/** Hands `bytes` to zlib; resolves once zlib has taken them all in. */
function data_file_inflate(gunzip, bytes) {
    return new Promise((resolve, reject) => {
        gunzip.write(bytes, error => (error ? reject(error) : resolve()));
    });
}
/**
 * Rejects on the stream's first error: zlib reports a damaged stream by
 * destroying it, and the write under way may then never call back.
 */
function failure(gunzip) {
    const failed = new Promise((_, reject) => {
        gunzip.once('error', reject);
    });
    failed.catch(() => { }); // raced below, where it is handled
    return failed;
}
/**
 * Reads one data file's bytes back as they come: inflated to the end of its
 * gzip stream when it is gzip, the CRC-32 of the bytes taken.
 */
class DataFileReading {
    /** inflating into one reused buffer, where the runtime allows (inflate.ts) */
    #inflate;
    /** else Node's stream API, a new Buffer for every chunk inflated */
    #gunzip;
    #failed;
    #crc = 0;
    constructor(gzip) {
        if (!gzip)
            return;
        if (inflate/* SYNC_INFLATE */.E) {
            this.#inflate = new inflate/* Stream */.Z(true);
            return;
        }
        const garbage = new YoungGarbage();
        this.#gunzip = (0,external_node_zlib_.createGunzip)({ chunkSize: CHUNK });
        this.#gunzip.on('data', (chunk) => {
            garbage.dropped(chunk.length);
        });
        this.#failed = failure(this.#gunzip);
    }
    /** Takes the next bytes; resolves once zlib has them all (`bytes` is free again). */
    async push(bytes) {
        this.#crc = (0,external_node_zlib_.crc32)(bytes, this.#crc);
        this.#inflate?.write(bytes);
        if (this.#gunzip) {
            await Promise.race([data_file_inflate(this.#gunzip, bytes), this.#failed]);
        }
    }
    /**
     * The file's end: the CRC-32 of its bytes; rejects when they were not one
     * complete, intact gzip stream.
     */
    async end() {
        this.#inflate?.end();
        if (this.#gunzip) {
            const end = (0,external_node_events_.once)(this.#gunzip, 'end');
            this.#gunzip.end();
            await Promise.race([end, this.#failed]);
        }
        return this.#crc;
    }
    close() {
        this.#inflate?.close();
        this.#gunzip?.destroy();
    }
}
/**
 * How long a followed data file waits when it has caught up with its
 * writer: reading 200 ms of pg_dump's output at a time rather than 20 took
 * 12 % less of the step's CPU (fewer reads, wake-ups and context switches),
 * and the file's end is read as soon as the worker is reported done.
 */
const POLL_MS = 200;
/**
 * Follows a data file a pg_dump worker is writing: reads it back as it
 * grows (a worker only appends), and to its end once told the worker has
 * closed it. `done` is the CRC-32 of the file's bytes; it rejects when they
 * are not one complete, intact gzip stream, or when stopped.
 */
class GrowingDataFile {
    done;
    /** the bytes read so far */
    position = 0;
    #writer = new writer_watch/* WriterWatch */.J(POLL_MS);
    constructor(path) {
        this.done = this.#follow(path);
        this.done.catch(() => { }); // awaited by whoever asks for it
    }
    /** The worker has closed the file: read what is left, to the end. */
    closed() {
        this.#writer.end();
    }
    /** pg_dump failed or was stopped: stop reading. */
    stop() {
        this.#writer.stop();
    }
    async #follow(path) {
        const file = await (0,promises_.open)(path, 'r');
        const reading = new DataFileReading(path.endsWith('.gz'));
        const buffer = Buffer.allocUnsafe(CHUNK);
        try {
            for (;;) {
                if (this.#writer.stopped)
                    throw new Error('stopped before its end');
                const closedBefore = this.#writer.ended;
                const { bytesRead } = await file.read(buffer, 0, CHUNK, this.position);
                if (bytesRead === 0) {
                    // closed before this read found nothing: the end
                    if (closedBefore)
                        break;
                    await this.#writer.pause();
                    continue;
                }
                this.position += bytesRead;
                await reading.push(buffer.subarray(0, bytesRead));
            }
            return await reading.end();
        }
        finally {
            reading.close();
            await file.close();
        }
    }
}
/**
 * Reads a finished data file to its end, inflating it when it is gzip;
 * returns the CRC-32 of the file's bytes as read. Rejects when the file is
 * not a complete, intact gzip stream.
 */
function readDataFile(path) {
    const file = new GrowingDataFile(path);
    file.closed();
    return file.done;
}


/***/ }),

/***/ 18552:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Lv: () => (/* binding */ ClientInstallError),
/* harmony export */   NL: () => (/* binding */ installPlanForThisMachine),
/* harmony export */   pj: () => (/* binding */ aptGetInstall),
/* harmony export */   sX: () => (/* binding */ debianBinDir)
/* harmony export */ });
/* unused harmony exports PGDG_KEYRING, aptInstallPlan */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var _process_runner_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6911);
// Installs a PostgreSQL client of a given major from the PostgreSQL project's
// apt repository (PGDG), for when no installed client is new enough; when
// PGDG cannot be used, undoes what it added and takes the distribution's own
// postgresql-client if that is new enough (install-run.ts).




/** Where the PGDG repository key is published. */
const PGDG_KEY_URL = 'https://www.postgresql.org/media/keys/ACCC4CF8.asc';
/** Where the key goes: the path postgresql-common's apt.postgresql.org.sh uses. */
const PGDG_KEYRING = '/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc';
/** The apt source file, named as on GitHub's runner images. */
const PGDG_LIST = '/etc/apt/sources.list.d/pgdg.list';
/** Where Debian's packages (PGDG's too) put a major's clients. */
function debianBinDir(major) {
    return `/usr/lib/postgresql/${major}/bin`;
}
/** `apt-get install` of `packages`, without prompts or recommends, through `sudo` when given. */
function aptGetInstall(sudo, packages) {
    // sudo resets the environment, so the variable travels through env(1)
    return {
        argv: [
            ...sudo,
            'env',
            'DEBIAN_FRONTEND=noninteractive',
            'apt-get',
            'install',
            '-y',
            '--no-install-recommends',
            ...packages
        ]
    };
}
/**
 * The exact commands that install postgresql-client-<major> from PGDG, the
 * way GitHub's runner images add the repository (then remove it; we leave it):
 * the key, fetched by Node, written by `tee` into
 * /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc (the
 * path postgresql-common's apt.postgresql.org.sh and the PGDG wiki use), a
 * `deb [signed-by=…] https://apt.postgresql.org/pub/repos/apt <codename>-pgdg main`
 * line written by `tee` into /etc/apt/sources.list.d/pgdg.list, `apt-get
 * update`, then `apt-get install -y --no-install-recommends
 * postgresql-client-<major>` with DEBIAN_FRONTEND=noninteractive. Every
 * command is prefixed with `sudo -n` when not root. Its undo removes the
 * source file, the key and the folders `install -d` made, if empty.
 * Throws RangeError on a major below 10 or a codename that is not a word.
 */
function aptInstallPlan(o) {
    if (!Number.isInteger(o.major) || o.major < 10)
        throw new RangeError(`No PGDG client package for major ${o.major}`);
    // the codename goes into an apt source line: a newline would add another source
    if (!/^[a-z][a-z0-9-]*$/.test(o.codename))
        throw new RangeError(`Not a distribution codename: ${o.codename}`);
    const source = `deb [signed-by=${PGDG_KEYRING}] https://apt.postgresql.org/pub/repos/apt ${o.codename}-pgdg main`;
    const sudo = o.root ? [] : ['sudo', '-n'];
    const keyDir = PGDG_KEYRING.slice(0, PGDG_KEYRING.lastIndexOf('/'));
    const commands = [
        // the folder exists only where postgresql-common is installed
        { argv: [...sudo, 'install', '-d', keyDir] },
        { argv: [...sudo, 'tee', PGDG_KEYRING], inputUrl: PGDG_KEY_URL },
        { argv: [...sudo, 'tee', PGDG_LIST], input: `${source}\n` },
        // every list, not only PGDG's: a fresh container has none to resolve dependencies from
        { argv: [...sudo, 'apt-get', 'update'] },
        aptGetInstall(sudo, [`postgresql-client-${o.major}`])
    ];
    const undo = [
        { argv: [...sudo, 'rm', '-f', PGDG_LIST, PGDG_KEYRING] },
        {
            argv: [
                ...sudo,
                'rmdir',
                '--ignore-fail-on-non-empty',
                keyDir,
                keyDir.slice(0, keyDir.lastIndexOf('/'))
            ]
        }
    ];
    return { commands, sources: [source], undo, sudo };
}
/** The value of KEY=value (optionally quoted) in an os-release file. */
function osReleaseValue(text, key) {
    const m = new RegExp(`^${key}=(["']?)(.*)\\1\\s*$`, 'm').exec(text);
    return m && m[2] !== '' ? m[2] : undefined;
}
async function onPath(program, path) {
    for (const dir of path.split(node_path__WEBPACK_IMPORTED_MODULE_2__.delimiter)) {
        if (dir === '')
            continue;
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.access)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, program), node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.X_OK);
            return true;
        }
        catch {
            // not in this folder
        }
    }
    return false;
}
/**
 * The plan for this machine: Linux with apt-get (and sudo unless root)
 * on PATH and a codename in /etc/os-release (UBUNTU_CODENAME first, so Ubuntu
 * derivatives use Ubuntu's, then VERSION_CODENAME). Otherwise no plan and the
 * reason in one sentence.
 */
async function installPlanForThisMachine(major, facts = {}) {
    const platform = facts.platform ?? process.platform;
    if (platform !== 'linux')
        return {
            reason: `installing a PostgreSQL client is automated only on Linux with apt, not on ${platform}`
        };
    const path = facts.path ?? process.env.PATH ?? '';
    const root = facts.root ?? process.getuid?.() === 0;
    for (const program of ['apt-get', ...(root ? [] : ['sudo'])]) {
        if (!(await onPath(program, path)))
            return {
                reason: `installing a PostgreSQL client needs ${program}, which is not on PATH`
            };
    }
    const file = facts.osReleaseFile ?? '/etc/os-release';
    let text;
    try {
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(file, 'utf8');
    }
    catch {
        return { reason: `cannot read ${file} to learn the distribution` };
    }
    const codename = osReleaseValue(text, 'UBUNTU_CODENAME') ??
        osReleaseValue(text, 'VERSION_CODENAME');
    if (!codename)
        return { reason: `${file} names no distribution codename` };
    try {
        return { plan: aptInstallPlan({ major, codename, root }) };
    }
    catch (error) {
        return { reason: error instanceof Error ? error.message : String(error) };
    }
}
/** An install command failed; carries its exit code and stderr. */
class ClientInstallError extends Error {
    name = 'ClientInstallError';
    argv;
    exitCode;
    stderr;
    constructor(argv, exitCode, stderr) {
        super(`Installing the PostgreSQL client failed: ${argv.map(_process_runner_js__WEBPACK_IMPORTED_MODULE_3__/* .displayArg */ .tR).join(' ')} ` +
            (exitCode < 0 ? 'could not start' : `exited ${exitCode}`) +
            (stderr ? `:\n${stderr}` : ''));
        this.argv = argv;
        this.exitCode = exitCode;
        this.stderr = stderr;
    }
}


/***/ }),

/***/ 32730:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  AGE_EXTENSION: () => (/* reexport */ age_kind/* AGE_EXTENSION */.E2),
  AgeKeyError: () => (/* reexport */ AgeKeyError),
  COMPRESSION_FORMS: () => (/* reexport */ compression/* COMPRESSION_FORMS */.dW),
  Cancellation: () => (/* reexport */ cancellation/* Cancellation */.mT),
  CompressionError: () => (/* reexport */ compression/* CompressionError */.z$),
  ConnectionStringError: () => (/* reexport */ keywords/* ConnectionStringError */.Qs),
  DUMP_FORMATS: () => (/* reexport */ core_args/* DUMP_FORMATS */.Md),
  DUMP_PATHS: () => (/* reexport */ format/* DUMP_PATHS */.yM),
  DecryptionFailed: () => (/* reexport */ core_errors/* DecryptionFailed */.DD),
  Dumper: () => (/* reexport */ Dumper),
  DumperError: () => (/* reexport */ core_errors/* DumperError */.oW),
  ENCRYPTABLE_FORMATS: () => (/* reexport */ ENCRYPTABLE_FORMATS),
  GLOBALS_AGE_FILE: () => (/* reexport */ cluster_layout/* GLOBALS_AGE_FILE */.ES),
  GLOBALS_FILE: () => (/* reexport */ cluster_layout/* GLOBALS_FILE */.Yu),
  IDENTITY_FORMS: () => (/* reexport */ IDENTITY_FORMS),
  LIMITS: () => (/* reexport */ limits/* LIMITS */.b),
  OperationCancelled: () => (/* reexport */ core_errors/* OperationCancelled */.TP),
  PLACEHOLDERS: () => (/* reexport */ cluster_outputs/* PLACEHOLDERS */.je),
  PgClientVersionMismatch: () => (/* reexport */ core_errors/* PgClientVersionMismatch */.Xr),
  PgDumpCommandError: () => (/* reexport */ core_errors/* PgDumpCommandError */.fu),
  PgDumpFailed: () => (/* reexport */ core_errors/* PgDumpFailed */.vC),
  PgRestoreCommandError: () => (/* reexport */ core_errors/* PgRestoreCommandError */.dX),
  PgRestoreFailed: () => (/* reexport */ core_errors/* PgRestoreFailed */.Zf),
  RECIPIENT_FORMS: () => (/* reexport */ RECIPIENT_FORMS),
  STREAMABLE_FORMATS: () => (/* reexport */ stream/* STREAMABLE_FORMATS */.A),
  ScrubCopyFailed: () => (/* reexport */ core_errors/* ScrubCopyFailed */.Gw),
  ScrubFailed: () => (/* reexport */ core_errors/* ScrubFailed */.ds),
  VerificationFailed: () => (/* reexport */ core_errors/* VerificationFailed */.XI),
  cancelOnSignals: () => (/* reexport */ cancellation/* cancelOnSignals */.dJ),
  databaseFileName: () => (/* reexport */ cluster_layout/* databaseFileName */.vl),
  databaseOfFileName: () => (/* reexport */ cluster_layout/* databaseOfFileName */.qw),
  describeCompression: () => (/* reexport */ compression/* describeCompression */.uR),
  describeError: () => (/* reexport */ core_errors/* describeError */.Uc),
  expandName: () => (/* reexport */ cluster_outputs/* expandName */.Uy),
  formatBytes: () => (/* reexport */ units/* formatBytes */.z),
  formatDuration: () => (/* reexport */ units/* formatDuration */.a),
  holdsPlaceholders: () => (/* reexport */ cluster_outputs/* holdsPlaceholders */.Vr),
  isGlobalsFile: () => (/* reexport */ cluster_layout/* isGlobalsFile */.NU),
  parseCompression: () => (/* reexport */ compression/* parseCompression */.Gd),
  parseConnection: () => (/* reexport */ parse/* parseConnection */.C8),
  parseIdentity: () => (/* reexport */ parseIdentity),
  parseRecipients: () => (/* reexport */ parseRecipients),
  placeholderProblem: () => (/* reexport */ cluster_outputs/* placeholderProblem */.V6),
  servedAsReadingThread: () => (/* reexport */ reading_thread/* servedAsReadingThread */.Q),
  servicePassword: () => (/* reexport */ service_file/* servicePassword */.Hf),
  severalOutputs: () => (/* reexport */ cluster_outputs/* severalOutputs */.PW),
  silentLogger: () => (/* reexport */ silentLogger),
  specialFileKind: () => (/* reexport */ format/* specialFileKind */.QD),
  unsafeTarget: () => (/* reexport */ atomic_file/* unsafeTarget */.W1),
  wordingOf: () => (/* reexport */ wording/* wordingOf */.O)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./lib/core/connection/parse.js + 1 modules
var parse = __webpack_require__(73206);
;// CONCATENATED MODULE: ./lib/core/connection/connection.js
// The connection a Dumper works through, parsed once: its facts for
// messages, and the same connection pointed at another database.

/** A parsed connection; `withDbname` derives others without parsing again. */
class Connection {
    #params;
    constructor(params, dbname) {
        this.#params = params;
        Object.assign(this, (0,parse/* connectionFields */.I1)(params, dbname));
    }
    /**
     * Parses a service name, key=value string or URI; `dbname` (unless empty)
     * replaces the database it names.
     *
     * @throws {ConnectionStringError} when the string is empty or malformed
     */
    static parse(value, dbname) {
        const connection = new Connection((0,parse/* parseParams */.Sl)(value));
        return dbname ? connection.withDbname(dbname) : connection;
    }
    /** The same connection to another database (the password still apart). */
    withDbname(dbname) {
        return new Connection(this.#params, dbname);
    }
    /** A name for the target in messages: database, service or host. */
    get target() {
        return (this.dbname ??
            (this.service
                ? `service ${this.service}`
                : (this.host ?? 'default database')));
    }
    /** Where it connects, for messages: `host:port`, else the target. */
    get endpoint() {
        if (!this.host)
            return this.target;
        return `${this.host}${this.port ? `:${this.port}` : ''}`;
    }
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./lib/core/age/kind.js
var age_kind = __webpack_require__(40617);
// EXTERNAL MODULE: ./lib/core/archive/format.js
var format = __webpack_require__(29171);
// EXTERNAL MODULE: ./lib/core/errors.js
var core_errors = __webpack_require__(3828);
// EXTERNAL MODULE: ./lib/core/process/temp.js
var temp = __webpack_require__(40211);
// EXTERNAL MODULE: ./lib/core/dump/atomic-file.js
var atomic_file = __webpack_require__(80076);
// EXTERNAL MODULE: ./lib/core/units.js
var units = __webpack_require__(17564);
;// CONCATENATED MODULE: ./lib/core/results.js

/** The file's facts once an operation is done, logged as `<verb> <size> (<format>) in <time>`. */
function fileResult(logger, verb, facts) {
    const { file, format, server, client, digest, started } = facts;
    const durationMs = performance.now() - started;
    logger.info(`${verb} ${(0,units/* formatBytes */.z)(digest.size)} (${format}) in ${(0,units/* formatDuration */.a)(durationMs)}`);
    return {
        file,
        format,
        serverVersion: server.text,
        clientVersion: client.version?.text ?? '',
        ...digest,
        durationMs
    };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./lib/core/args.js
var core_args = __webpack_require__(57854);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: ./lib/core/archive/digest.js
var archive_digest = __webpack_require__(16120);
;// CONCATENATED MODULE: ./lib/core/sql.js
// Quoting for the few SQL statements the core writes itself (creating and
// copying databases).
/** Quotes an SQL identifier: "name", doubling embedded quotes. */
function quoteIdent(name) {
    return `"${name.replace(/"/g, '""')}"`;
}
/**
 * Quotes an SQL string literal: 'text', doubling embedded quotes. Text with
 * a backslash is written E'…' with the backslashes doubled too, so it stays
 * one literal on a server with standard_conforming_strings off, where a
 * name ending in a backslash would otherwise escape the closing quote.
 */
function quoteLiteral(text) {
    const quoted = text.replace(/'/g, "''");
    return text.includes('\\')
        ? `E'${quoted.replace(/\\/g, '\\\\')}'`
        : `'${quoted}'`;
}
/** DROP DATABASE IF EXISTS, ending the sessions still on it where the server can (WITH (FORCE), PostgreSQL 13+). */
function dropDatabaseSql(name, serverMajor) {
    const force = serverMajor >= 13 ? ' WITH (FORCE)' : '';
    return `DROP DATABASE IF EXISTS ${quoteIdent(name)}${force}`;
}

;// CONCATENATED MODULE: ./lib/core/restore/databases.js

/**
 * Drops each of `names` if it exists and creates it from `template`, one
 * after the other in one psql session. Connections to them are ended first
 * (WITH (FORCE), PostgreSQL 13+). From PostgreSQL 15 a copy is made by
 * copying files, which beats WAL-logging every block.
 */
async function recreateDatabases(session, names, template, server) {
    const strategy = server.major >= 15 && template !== 'template0'
        ? ' STRATEGY = FILE_COPY'
        : '';
    await session.sql(names.flatMap(name => [
        dropDatabaseSql(name, server.major),
        `CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}${strategy}`
    ]), `(re)create the database${names.length > 1 ? 's' : ''} ${names.join(', ')} from ${template}`);
}
/** Creates `name` (empty, from template0) unless it exists; true if it did. */
async function createDatabaseIfMissing(session, name) {
    const count = await session.query(`SELECT count(*) FROM pg_database WHERE datname = ${quoteLiteral(name)}`, `check whether the database ${name} exists`);
    if (count === '1')
        return false;
    await session.sql([`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`], `create the database ${name}`);
    return true;
}

// EXTERNAL MODULE: ./lib/core/archive/custom-toc.js
var custom_toc = __webpack_require__(55968);
// EXTERNAL MODULE: ./lib/core/archive/header.js
var archive_header = __webpack_require__(3101);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: ./lib/core/age/age-file.js
var age_file = __webpack_require__(63375);
// EXTERNAL MODULE: ./lib/core/process/fifo.js
var process_fifo = __webpack_require__(88527);
;// CONCATENATED MODULE: ./lib/core/restore/dump-input.js
// How a restore reads its dump: a file as it is, or an age file
// authenticated whole first, then decrypted afresh for each pass, into a
// FIFO a tool reads or a stream the core reads, so that no plaintext is
// ever written to disk.









/** The bytes of a source, from the start. */
async function openSource(source) {
    return typeof source === 'string' ? (0,external_node_fs_.createReadStream)(source) : source();
}
/** A dump file read as it is. */
function fileInput(file) {
    return {
        file,
        encrypted: false,
        source: file,
        read: (tool, bytes) => bytes === undefined || typeof bytes === 'string'
            ? tool(bytes ?? file)
            : Promise.reject(new Error('a file dump is read from its path'))
    };
}
/**
 * An age file, decrypted with `identity` for each pass. It was
 * authenticated whole before: a pass that fails to decrypt it says that it
 * changed since, and that the target may hold part of it.
 */
function ageInput(session, file, identity) {
    const failed = (error) => (0,age_file/* changedError */.zi)(file, error, session.target);
    const source = () => (0,age_file/* decryptStream */.UC)(file, identity).then(plain => wordErrors(plain, failed), (error) => {
        throw failed(error);
    });
    return {
        file,
        encrypted: true,
        source,
        read: (tool, bytes) => (0,process_fifo/* feedingFifo */.V2)(session.cancellation, () => openSource(bytes ?? source), tool)
    };
}
/** The stream's bytes, its errors (a cut or altered payload) worded by `failed`. */
function wordErrors(plain, failed) {
    return external_node_stream_.Readable.from((async function* () {
        try {
            for await (const chunk of plain)
                yield chunk;
        }
        catch (error) {
            throw failed(error);
        }
    })(), { objectMode: false });
}
/**
 * The dump at `file` as a restore reads it, and its header: an age file
 * (told by its first line) needs `identity`, or fails saying so.
 */
async function openDump(session, file, identity, plainHeader) {
    const keyName = session.wording.name('decryptKey');
    const kind = await (0,age_kind/* ageFileKind */.Ah)(file).catch(() => undefined);
    if (kind === undefined) {
        if (identity !== undefined) {
            session.logger.warning(`${keyName} is set, but ${file} is not age-encrypted: restoring it as it is.`);
        }
        return { input: fileInput(file), header: await plainHeader(file) };
    }
    const key = ageIdentity(session, file, kind, identity);
    const input = ageInput(session, file, key);
    // in a restore of several, others may have been restored before this one
    const head = await authenticated(session, file, key, 'Nothing of it was restored.');
    session.logger.info(`Decrypting ${file} (age) as it is read: nothing is decrypted to disk`);
    try {
        return { input, header: (0,archive_header/* headerOf */.rR)(head, file) };
    }
    catch (error) {
        if (!(error instanceof format/* UnrecognizedDumpError */.GT))
            throw error;
        throw new core_errors/* ToolError */.v4('failed', error.message);
    }
}
/**
 * The identity an age file (of `kind`) is opened with: DecryptionFailed
 * for an armored one, which is not read, or when there is no identity.
 */
function ageIdentity(session, file, kind, identity) {
    if (kind === 'armored') {
        throw new core_errors/* DecryptionFailed */.DD(`${file} is an ASCII-armored age file (age -a), which is not read here: encrypt the dump without -a, or decode it first. Nothing was restored.`);
    }
    if (identity === undefined) {
        throw new core_errors/* DecryptionFailed */.DD(`${file} is age-encrypted (age-encryption.org/v1): set ${session.wording.name('decryptKey')} to the secret key (AGE-SECRET-KEY-1…) of one of its recipients. Nothing was restored.`);
    }
    return identity;
}
const seen = new WeakMap();
/** What a write or a replacement of the file changes (ctime cannot be set back). */
async function fileState(file) {
    const s = await (0,promises_.stat)(file, { bigint: true });
    return [s.dev, s.ino, s.size, s.mtimeNs, s.ctimeNs].join(':');
}
/**
 * Decrypts the whole age file, every chunk authenticated, before anything
 * of it is applied; keeps its header and discards the rest. A file this
 * run authenticated and nothing wrote since is not decrypted again. A
 * later pass reads the file again: see docs/reliability.md for what holds
 * when it changes in between.
 */
async function authenticated(session, file, key, outcome) {
    const done = seen.get(session.cancellation) ?? new Map();
    seen.set(session.cancellation, done);
    const state = await fileState(file);
    const known = done.get(file);
    if (known?.state === state && known.key === key)
        return known.head;
    const keyName = session.wording.name('decryptKey');
    const started = performance.now();
    const head = await (0,age_file/* authenticate */.QF)(file, key, archive_header/* HEADER_BYTES */.q2).catch((error) => {
        throw (0,age_file/* decryptionError */.sM)(file, error, keyName, outcome);
    });
    session.logger.info(`Authenticated every chunk of ${file} (age) in ${(0,units/* formatDuration */.a)(performance.now() - started)}, before restoring it; the plaintext was discarded`);
    if ((await fileState(file)) === state)
        done.set(file, { state, key, head });
    return head;
}
/**
 * Throws DecryptionFailed unless `identity` opens each age file of `files`
 * and every chunk of it authenticates (a cut or altered file fails here);
 * other files pass. Run before anything of a dump of several is applied.
 */
async function checkKeyOpens(session, files, identity) {
    for (const file of files) {
        const kind = await (0,age_kind/* ageFileKind */.Ah)(file).catch(() => undefined);
        if (kind === undefined)
            continue;
        await authenticated(session, file, ageIdentity(session, file, kind, identity));
    }
}

;// CONCATENATED MODULE: ./lib/core/restore/extensions.js

/** Asks the target its extensions and who the user is there, as JSON: {@link TargetState}. */
const TARGET_STATE_SQL = `SELECT json_build_object('user', current_user, 'extensions', coalesce((
  SELECT json_agg(json_build_object(
    'name', e.extname,
    'owner', pg_get_userbyid(e.extowner),
    'config', coalesce((
      SELECT json_agg(json_build_object(
        'schema', n.nspname, 'table', c.relname,
        'insert', has_table_privilege(c.oid, 'INSERT')))
      FROM unnest(e.extconfig) AS cfg(oid)
      JOIN pg_class c ON c.oid = cfg.oid
      JOIN pg_namespace n ON n.oid = c.relnamespace), '[]')))
  FROM pg_extension e), '[]'))`;
/** The target's state from TARGET_STATE_SQL's answer (undefined if it is not one: then asked again). */
function parseTargetState(answer) {
    try {
        const state = JSON.parse(answer);
        return Array.isArray(state.extensions) ? state : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * Starts asking the target its state, to run while the dump's items are
 * listed; a failure is thrown where the answer is needed, and only then.
 */
function targetStateAhead(session, target) {
    const ahead = session
        .query(TARGET_STATE_SQL, 'list the extensions of the target database', target, true)
        .then(answer => JSON.parse(answer));
    ahead.catch(() => { });
    return ahead;
}
/**
 * Whether {@link targetsOwn} may leave out any item of a dump that creates
 * `extensions`: the target has one of them, or an extension whose
 * configuration table the user may not write. When not, the dump's items
 * need not be listed.
 */
function targetMayOwn(extensions, state) {
    if (extensions.length === 0)
        return false;
    return state.extensions.some(e => extensions.includes(e.name) || e.config.some(c => !c.insert));
}
/** The verdict on one entry of the dump, given the target's extensions. */
function judgeEntry(entry, extensions) {
    if (entry.kind !== 'data') {
        const existing = extensions.find(e => e.name === entry.name);
        if (!existing)
            return { action: 'keep' };
        return {
            action: 'skip',
            why: entry.kind === 'extension'
                ? `extension ${entry.name}: already in the target (owned by ${existing.owner}), not created again`
                : `comment on extension ${entry.name}: the target's extension keeps its own`
        };
    }
    for (const extension of extensions) {
        const table = extension.config.find(c => c.schema === entry.schema && c.table === entry.table);
        if (table && !table.insert)
            return { action: 'count', extension, owner: extension.owner };
    }
    return { action: 'keep' };
}
/**
 * Why an item is left out as it passes (the target has its extension), or
 * undefined: kept. For a script read once, into a target where no
 * configuration table needs its rows counted first.
 */
function skipAsItPasses(entry, extensions) {
    const verdict = judgeEntry(entry, extensions);
    return verdict.action === 'skip' ? verdict.why : undefined;
}
/** The verdict on a configuration table's data once its rows are counted. */
function judgeRows(entry, rows, extension, user) {
    const table = `${entry.schema}.${entry.table}`;
    if (rows === 0) {
        return {
            action: 'skip',
            why: `data of ${table}: a configuration table of the extension ${extension.name} that ${user} may not write, and the dump holds no rows for it`
        };
    }
    throw new core_errors/* ToolError */.v4('failed', `The dump holds ${rows} row(s) for ${table}, a configuration table of the extension ${extension.name} (owned by ${extension.owner}), ` +
        `and ${user} may not insert into it, so they cannot be restored. Ask the DBA to GRANT INSERT ON ${table} TO ${user} ` +
        `(or to restore those rows as ${extension.owner}), then restore again. Nothing was restored.`);
}
/**
 * The items of a dump (TOC lines, script sections) to leave out because the
 * target already has them, with the reasons logged. `entryOf` says what an
 * item is; `rowsOf` counts a data item's rows when that decides.
 * `ahead`: the target's state, asked beforehand (targetStateAhead).
 * Throws when a configuration table's rows cannot be restored.
 */
async function targetsOwn(session, target, items, entryOf, rowsOf, ahead) {
    const skipped = new Set();
    const whys = [];
    if (!items.some(item => entryOf(item)?.kind === 'extension'))
        return skipped;
    const { user, extensions } = await (ahead ??
        targetStateAhead(session, target));
    for (const item of items) {
        const entry = entryOf(item);
        const verdict = entry ? judgeEntry(entry, extensions) : undefined;
        if (!entry || !verdict || verdict.action === 'keep')
            continue;
        if (verdict.action === 'skip')
            whys.push(verdict.why);
        else if (entry.kind === 'data')
            whys.push(judgeRows(entry, await rowsOf(item), verdict.extension, user).why);
        else
            continue;
        skipped.add(item);
    }
    if (whys.length)
        session.logger.info(`Skipped, as the target already has them: ${whys.join('; ')}`);
    return skipped;
}

;// CONCATENATED MODULE: ./lib/core/restore/options.js

/** Throws a command ToolError for a combination that cannot be done. */
function checkRestoreOptions(o, format, hasDbname, w) {
    const refuse = (message) => {
        throw new core_errors/* ToolError */.v4('command', message, {
            tool: format === 'plain' ? 'psql' : 'pg_restore'
        });
    };
    const excluded = o.excludeSchemas ?? [];
    if (format === 'plain' && excluded.length > 0) {
        refuse(`Cannot exclude schemas (${excluded.join(', ')}) from a plain SQL dump: ` +
            'psql runs the whole script. Exclude them when dumping, or dump in custom format.');
    }
    if (o.singleTransaction && o.ignoreErrors) {
        refuse(`${w.name('singleTransaction')} makes the restore all or nothing: it cannot also ignore errors.`);
    }
    if (o.singleTransaction && (o.jobs ?? 1) > 1 && format !== 'plain') {
        refuse('pg_restore cannot restore in a single transaction with several jobs: choose one.');
    }
    if (o.clean && format === 'plain') {
        refuse(`${w.name('clean')} needs an archive (custom, directory or tar): a plain SQL dump runs as written. Dump in custom format, or restore into an empty database.`);
    }
    const databases = o.databases ?? [];
    const repeated = databases.find((name, i) => databases.indexOf(name) !== i);
    if (repeated !== undefined) {
        refuse(`The database ${repeated} is named twice among the databases to restore into: name each once.`);
    }
    if (o.createDatabase && !o.databases?.length && !hasDbname) {
        refuse(`${w.name('createDatabase')} needs the database name: name it in the connection string or in ${w.name('dbname')}.`);
    }
}

;// CONCATENATED MODULE: ./lib/core/restore/version-warnings.js
/** The warning for restoring `origin` into `target`, or undefined when none is due. */
function olderTargetWarning(origin, target, w) {
    const from = origin.dumpedFrom;
    const by = origin.dumpedBy;
    const olderThanSource = from !== undefined && target.major < from.major;
    // pg_dump 17+ writes SET transaction_timeout, unknown to older servers
    const olderThanDumper = by !== undefined && by.major >= 17 && target.major < 17;
    if (!olderThanSource && !olderThanDumper)
        return undefined;
    const expected = [
        ...(olderThanDumper
            ? [
                'unrecognized configuration parameter "transaction_timeout" (written by pg_dump 17 and later)'
            ]
            : []),
        'syntax errors or unknown options for features the older server lacks (e.g. new CREATE TABLE, index or publication options)',
        'functions, types or catalog columns that do not exist in the older server'
    ];
    const source = from ? `a PostgreSQL ${from.text} server` : 'a newer server';
    const dumper = by ? ` by pg_dump ${by.text}` : '';
    return (`Restoring a dump of ${source}${dumper} into PostgreSQL ${target.text}, which is older. ` +
        `Errors that usually follow:\n- ${expected.join('\n- ')}\n` +
        `Restore into a server of version ${from?.major ?? by?.major} or newer, or set ${w.name('ignoreErrors')} to accept a partial restore.`);
}

;// CONCATENATED MODULE: ./lib/core/restore/plan.js
// A restore's plan, settled before anything touches the target: what the
// dump is (from its bytes, decrypted or not), the options checked against
// it, the server asked its version, a client chosen that reads the dump.











/**
 * Recognises the dump and checks the options against it and the server;
 * the plan of the restore. `opened`: a dump streamed from its store, its
 * head read (`options.file` then only names it).
 */
async function planRestore(session, options, opened) {
    const file = opened ? options.file : (0,external_node_path_.resolve)(options.file);
    const databases = [...(options.databases ?? [])];
    const { logger, wording } = session;
    const { input, header } = opened ?? (await openDump(session, file, options.decryptKey, recognise));
    const { format } = header;
    const tool = format === 'plain' ? 'psql' : 'pg_restore';
    checkRestoreOptions(options, format, session.connection.dbname !== undefined, wording);
    logOrigin(session, header);
    // targets that may not exist yet: ask the maintenance database; the
    // target itself, its state too, in the same round trip
    const own = databases.length === 0 && !options.createDatabase;
    // read while psql checks the connection: whether to list the dump first
    // depends on it and on the target's state (see runArchive)
    const listable = own &&
        !options.excludeSchemas?.length &&
        !input.encrypted &&
        !input.streamed;
    const toc = format === 'custom' && listable
        ? (0,custom_toc/* readCustomToc */.K6)(input.file).catch(() => undefined)
        : undefined;
    const { version: server, answer } = await session.connect(own ? undefined : session.maintenance, own ? TARGET_STATE_SQL : undefined);
    const warning = olderTargetWarning(header, server, wording);
    if (warning)
        logger.warning(warning);
    const client = await session.client({
        ...readerNeed(header, tool),
        // psql itself refuses the script's meta-commands (restricted mode)
        restricted: tool === 'psql' && !options.allowMetaCommands
    });
    const jobs = options.jobs ?? 1;
    const parallel = core_args/* PARALLEL_RESTORE_FORMATS */.Wi.includes(format) &&
        !input.encrypted &&
        !input.streamed;
    if (jobs > 1 && !parallel) {
        logger.warning(input.encrypted
            ? `jobs ${jobs}: an age-encrypted dump is decrypted as a stream, which pg_restore reads with one job only; restoring with one job.`
            : `jobs ${jobs}: pg_restore runs in parallel only for custom and directory archives; restoring ${format} with one job.`);
    }
    return {
        file,
        format,
        header,
        tool,
        input,
        databases,
        server,
        client,
        ...(parallel && { jobs }),
        targetState: answer === undefined ? undefined : parseTargetState(answer),
        ...(toc && { toc })
    };
}
/**
 * The dump's format and header, read once; ToolErrors when unreadable. A
 * FIFO, socket or device is refused before it is opened (reading a FIFO
 * waits for a writer for good).
 */
async function recognise(file) {
    try {
        const special = (0,format/* specialFileKind */.QD)(await (0,promises_.stat)(file));
        if (special) {
            throw new core_errors/* ToolError */.v4('command', `Cannot restore ${file}: it is ${special}. Expected ${format/* DUMP_PATHS */.yM}.`);
        }
        return await (0,archive_header/* readArchiveHeader */.Qz)(file);
    }
    catch (error) {
        if (error instanceof core_errors/* ToolError */.v4)
            throw error;
        if (error instanceof format/* UnrecognizedDumpError */.GT)
            throw new core_errors/* ToolError */.v4('failed', error.message);
        throw new core_errors/* ToolError */.v4('command', `Cannot read the dump ${file}: ${error.message}`);
    }
}
function logOrigin(session, header) {
    const { dumpedFrom: from, dumpedBy: by } = header;
    if (!from && !by)
        return;
    session.logger.info(`The dump was made${from ? ` from PostgreSQL ${from.text}` : ''}` +
        `${by ? ` by pg_dump ${by.text}` : ''}`);
}
/** The client a dump needs: one at least as new as what wrote it. */
function readerNeed(header, tool) {
    const major = (0,archive_header/* minimumReaderMajor */.Z2)(header);
    return major === undefined
        ? { major: 0, why: 'the dump', tool }
        : {
            major,
            why: `the dump (made by pg_dump ${header.dumpedBy?.text ?? major})`,
            tool
        };
}

;// CONCATENATED MODULE: ./lib/core/restore/tool-errors.js
// Reads the errors pg_restore and psql print, so a failed or tolerated
// restore can be reported as a list a person can act on.
/** How many errors a message lists before it only counts the rest. */
const ERRORS_SHOWN = 20;
const LINES_PER_ERROR = 6;
const PG_RESTORE_ENTRY = /^pg_restore: (error|warning|detail|hint): /;
const PG_RESTORE_IGNORED = /errors ignored on restore: (\d+)/;
// psql prefixes script messages with "psql:<file>:<line>: <LEVEL>:"
const PSQL_ENTRY = /^psql:.*?:\d+: (ERROR|FATAL|PANIC|error|WARNING|NOTICE|INFO):/;
const PSQL_LINE = /^psql:.*?:(\d+): /;
const COPY_CONTEXT = /^CONTEXT: +COPY (.+), line \d+/;
const PSQL_ERROR_LEVELS = new Set(['ERROR', 'FATAL', 'PANIC', 'error']);
function splitEntries(stderr, start) {
    const entries = [];
    for (const line of stderr.split(/\r?\n/)) {
        const match = start.exec(line);
        if (match)
            entries.push({ level: match[1], lines: [line] });
        else if (line.trim() !== '' && entries.length > 0)
            entries[entries.length - 1].lines.push(line);
    }
    return entries;
}
function render(entry, prefix) {
    const lines = entry.lines.slice(0, LINES_PER_ERROR);
    lines[0] = lines[0].replace(prefix, '');
    if (entry.lines.length > LINES_PER_ERROR)
        lines.push('…');
    return lines.join('\n');
}
/** The errors in pg_restore's stderr and its closing count, if any. */
function parsePgRestoreOutput(stderr) {
    const errors = splitEntries(stderr, PG_RESTORE_ENTRY)
        .filter(e => e.level === 'error')
        .map(e => render(e, /^pg_restore: error: /));
    const count = PG_RESTORE_IGNORED.exec(stderr);
    return {
        errors,
        ignoredCount: count ? Number(count[1]) : undefined
    };
}
/** The errors in psql's stderr when it ran a script. */
function parsePsqlOutput(stderr) {
    const entries = splitEntries(stderr, PSQL_ENTRY).filter(e => PSQL_ERROR_LEVELS.has(e.level));
    const copyContexts = entries.flatMap(e => e.lines.flatMap(line => COPY_CONTEXT.exec(line)?.[1] ?? []));
    return {
        errors: entries.map(e => render(e, /^psql:/)),
        lines: entries.map(e => Number(PSQL_LINE.exec(e.lines[0])?.[1] ?? 0)),
        copyContexts
    };
}
/** The first ERRORS_SHOWN errors, then how many more there were. */
function listErrors(errors, total = errors.length) {
    const shown = errors.slice(0, ERRORS_SHOWN);
    const rest = total - shown.length;
    const more = rest > 0 ? [`… and ${rest} more`] : [];
    return [...shown, ...more].join('\n');
}

// EXTERNAL MODULE: ./lib/core/process/runner.js
var process_runner = __webpack_require__(6911);
;// CONCATENATED MODULE: ./lib/core/restore/outcome.js
// Decides whether a pg_restore or psql run restored successfully, from its
// exit code and the errors it printed.



const tables = (copies) => copies.map(c => c.table).join(', ');
/** Judges a restore run; throws a failed ToolError when it failed. */
function judgeRestore(tool, result, ignoreErrors, target, w, plain) {
    const report = tool === 'psql'
        ? parsePsqlOutput(result.stderr)
        : parsePgRestoreOutput(result.stderr);
    if (result.exitCode === 0 && report.errors.length === 0)
        return { ignoredErrors: 0 };
    // pg_restore exits 1 both for tolerated statement errors (then it prints
    // its count) and for fatal ones (connection, unreadable archive): only
    // the former may be ignored. psql exits 0 when it carried on past errors.
    const tolerable = tool === 'psql' ? result.exitCode === 0 : report.ignoredCount !== undefined;
    const total = Math.max(report.ignoredCount ?? 0, report.errors.length);
    if (plain && !plain.quote) {
        // psql's messages echo the lines they failed on: say where, not what
        report.errors = report.errors.map((_, i) => `line ${report.lines?.[i] ?? '?'} of the script (the message is not shown: the file is not a pg_dump dump, and psql's messages may quote its lines; the debug log has them)`);
    }
    const copies = plain?.failedCopies ?? [];
    const runaway = copies.filter(c => c.dataRanAsSql);
    if (tolerable && ignoreErrors && runaway.length === 0) {
        const lost = copies.length
            ? `\nThe rows of ${tables(copies)} were not restored: ${copies.length > 1 ? 'their COPYs' : 'its COPY'} failed.`
            : '';
        return {
            ignoredErrors: total,
            warning: `Ignored ${total} error(s) ${tool} reported restoring into ${target}:\n` +
                listErrors(report.errors, total) +
                lost
        };
    }
    const existing = conflicts(report.errors);
    const advice = existing.length
        ? `\nThe target database already holds objects the dump creates: ${existing.slice(0, 10).join(', ')}${existing.length > 10 ? `, … (${existing.length} in all)` : ''}. ` +
            `Restore with ${w.name('clean')} to drop them first, or into an empty database (${w.name('createDatabase')} creates a missing one). ` +
            `(${w.name('ignoreErrors')} would keep the existing objects but still load the dump's rows into them, duplicating the rows of tables without a unique key.)`
        : '';
    const message = tolerable || report.errors.length > 0
        ? `${tool} reported ${total} error(s):\n${listErrors(report.errors, total)}${advice}` +
            plainAdvice(result, report.lines ?? [], runaway, ignoreErrors, w, plain)
        : (0,process_runner/* failureMessage */.oh)(tool, result);
    throw new core_errors/* ToolError */.v4('failed', message, {
        tool,
        exitCode: result.exitCode,
        stderr: result.stderr
    });
}
/** The objects that already existed, from "… "name" already exists" errors. */
function conflicts(errors) {
    const found = new Set();
    for (const error of errors) {
        const m = /ERROR: +(?:([a-z ]+?) )?"([^"]+)" already exists/.exec(error);
        if (m)
            found.add(m[1] ? `${m[1]} ${m[2]}` : m[2]);
    }
    return [...found];
}
/** What a failed plain restore applied, and what it lost. */
function plainAdvice(result, lines, runaway, ignoreErrors, w, plain) {
    if (!plain)
        return '';
    if (ignoreErrors && runaway.length) {
        return (`\nThe COPY of ${tables(runaway)} failed, so ${runaway.length > 1 ? 'their' : 'its'} rows were not restored and psql read them as SQL statements: ` +
            `the rest of the script may not have run as written, and later tables may have lost rows. ` +
            `${w.name('ignoreErrors')} cannot make such a restore whole: fix the cause (often a missing table or privilege), or restore into an empty database.`);
    }
    // psql exits 3 when ON_ERROR_STOP ends the script
    if (result.exitCode !== 3)
        return '';
    const at = lines.at(-1);
    const where = at ? ` at line ${at} of the script` : '';
    return plain.singleTransaction
        ? `\npsql stopped${where}: the restore ran in a single transaction, so nothing of it was applied.`
        : `\npsql stopped${where}: the statements before it were applied, the rest of the script was not run.`;
}

// EXTERNAL MODULE: external "node:readline"
var external_node_readline_ = __webpack_require__(80481);
;// CONCATENATED MODULE: ./lib/core/restore/plain-script.js
// What a plain SQL script says at the lines psql reported errors on: which
// COPY failed, so a restore can say whose rows were not restored.


/** A `COPY <table> [(columns)] FROM stdin;` line, as pg_dump writes it; captures the table. */
const COPY_START = /^COPY (.+?) (?:\(.*\) )?FROM stdin;$/;
/** The text of the given lines of a file (1-based), read as a stream. */
async function scriptLines(file, wanted) {
    const found = new Map();
    const lines = new Set(wanted.filter(n => n > 0));
    const last = Math.max(0, ...lines);
    if (last === 0)
        return found;
    const input = await openSource(file);
    input.setEncoding('utf8');
    input.on('error', () => { });
    const reader = (0,external_node_readline_.createInterface)({ input, crlfDelay: Infinity });
    let number = 0;
    for await (const line of reader) {
        number++;
        if (lines.has(number))
            found.set(number, line);
        if (number >= last)
            break;
    }
    reader.close();
    input.destroy();
    return found;
}
/**
 * The COPYs psql reported failing, from its errors and the script's lines
 * (of a script read once: its COPY lines, by number).
 */
async function failedCopies(file, report) {
    const failed = new Map();
    for (const table of report.copyContexts ?? [])
        failed.set(table, { table, dataRanAsSql: false });
    const lines = file instanceof Map
        ? new Map((report.lines ?? []).flatMap(n => file.has(n) ? [[n, file.get(n)]] : []))
        : await scriptLines(file, report.lines ?? []);
    for (const text of lines.values()) {
        const table = COPY_START.exec(text)?.[1];
        if (table !== undefined)
            failed.set(table, { table, dataRanAsSql: true });
    }
    return [...failed.values()];
}

// EXTERNAL MODULE: ./lib/core/archive/toc.js
var archive_toc = __webpack_require__(16076);
;// CONCATENATED MODULE: ./lib/core/archive/toc-uses.js

// entry kinds of more than one word (pg_dump's descs); the others are one
const MULTI_WORD = [
    'TABLE DATA',
    'SEQUENCE SET',
    'SEQUENCE OWNED BY',
    'FK CONSTRAINT',
    'CHECK CONSTRAINT',
    'DEFAULT ACL',
    'MATERIALIZED VIEW DATA',
    'MATERIALIZED VIEW',
    'TEXT SEARCH CONFIGURATION',
    'TEXT SEARCH DICTIONARY',
    'TEXT SEARCH PARSER',
    'TEXT SEARCH TEMPLATE',
    'OPERATOR CLASS',
    'OPERATOR FAMILY',
    'FOREIGN TABLE',
    'FOREIGN DATA WRAPPER',
    'FOREIGN SERVER',
    'USER MAPPING',
    'EVENT TRIGGER',
    'LARGE OBJECT',
    'BLOB METADATA',
    'PROCEDURAL LANGUAGE',
    'SHELL TYPE',
    'ACCESS METHOD',
    'INDEX ATTACH',
    'TABLE ATTACH',
    'ROW SECURITY',
    'PUBLICATION TABLES IN SCHEMA',
    'PUBLICATION TABLE',
    'SUBSCRIPTION TABLE',
    'SECURITY LABEL',
    'DATABASE PROPERTIES',
    'STATISTICS DATA'
].sort((a, b) => b.length - a.length);
// entries whose tag is "<table> <name>": named "<name> on <schema>.<table>"
const ON_TABLE = new Set([
    'TRIGGER',
    'CONSTRAINT',
    'FK CONSTRAINT',
    'CHECK CONSTRAINT',
    'RULE',
    'POLICY'
]);
// entries nothing kept should be said to use: rows, comments, grants
const NOT_USED = new Set([
    'TABLE DATA',
    'SEQUENCE SET',
    'MATERIALIZED VIEW DATA',
    'COMMENT',
    'ACL',
    'SECURITY LABEL'
]);
const KINDS = {
    CONSTRAINT: 'table constraint',
    'FK CONSTRAINT': 'table constraint',
    DEFAULT: 'default value'
};
/** An identifier as pg_identify_object spells it: quoted unless plain. */
function ident(name) {
    return /^[a-z_][a-z0-9_$]*$/.test(name)
        ? name
        : `"${name.replace(/"/g, '""')}"`;
}
/** An entry's kind, schema and name; `schemas` are the dump's, longest first. */
function parseEntry(body, schemas) {
    const desc = MULTI_WORD.find(d => body.startsWith(`${d} `)) ?? body.split(' ')[0];
    const afterDesc = body.slice(desc.length + 1);
    // the namespace is '-' or a schema's name, which may hold spaces
    const schema = afterDesc.startsWith('- ')
        ? undefined
        : (schemas.find(s => afterDesc.startsWith(`${s} `)) ??
            afterDesc.split(' ')[0]);
    const rest = afterDesc.slice((schema ?? '-').length + 1);
    // the owner is the last word (empty for extensions)
    const tag = rest.slice(0, Math.max(0, rest.lastIndexOf(' ')));
    const kind = KINDS[desc] ?? desc.toLowerCase();
    const qualified = (name) => schema === undefined ? name : `${ident(schema)}.${name}`;
    const space = tag.indexOf(' ');
    let label;
    if (desc === 'SCHEMA')
        label = ident(tag);
    else if (ON_TABLE.has(desc) && space > 0)
        label = `${ident(tag.slice(space + 1))} on ${qualified(ident(tag.slice(0, space)))}`;
    else if (desc === 'DEFAULT' && space > 0)
        label = `for ${qualified(`${ident(tag.slice(0, space))}.${ident(tag.slice(space + 1))}`)}`;
    else
        label = qualified(tag.includes('(') ? tag : ident(tag));
    return {
        desc,
        schema: desc === 'SCHEMA' ? tag : schema,
        label: `${kind} ${label}`,
        kind
    };
}
/**
 * The uses, by entries of `list` kept in the restore, of entries in the
 * `excluded` schemas (or of their SCHEMA entries). `list` is the verbose
 * table of contents; `schemas` are the schemas the dump holds.
 */
function tocKeptUses(list, excluded, schemas) {
    const bySize = [...schemas].sort((a, b) => b.length - a.length);
    const out = new Set(excluded);
    const entries = new Map();
    const deps = new Map();
    let last;
    for (const line of list.split('\n')) {
        const body = (0,archive_toc/* entryBody */.R5)(line);
        if (body !== undefined) {
            last = (0,archive_toc/* entryId */.ub)(line);
            entries.set(last, {
                ...parseEntry(body, bySize),
                ofSchema: (0,archive_toc/* schemaOfEntry */.$1)(line)
            });
            continue;
        }
        const ids = (0,archive_toc/* dependsOn */.fr)(line);
        if (ids && last !== undefined)
            deps.set(last, ids);
    }
    const isOut = (e) => (e.schema !== undefined && out.has(e.schema)) ||
        (e.ofSchema !== undefined && out.has(e.ofSchema));
    const uses = new Map();
    for (const [id, entry] of entries) {
        if (isOut(entry))
            continue;
        for (const dep of deps.get(id) ?? []) {
            const used = entries.get(dep);
            if (!used || !isOut(used) || NOT_USED.has(used.desc))
                continue;
            uses.set(`${entry.label}\n${used.label}`, {
                dependent: entry.label,
                kind: entry.kind,
                object: entry.label,
                objectKind: entry.kind,
                used: used.label,
                usedKind: used.kind
            });
        }
    }
    return [...uses.values()].sort((a, b) => a.dependent.localeCompare(b.dependent) || a.used.localeCompare(b.used));
}

;// CONCATENATED MODULE: ./lib/core/kept-objects.js
// Kept objects that use what an excluded schema holds, as one wording at dump
// (from the catalogue) and at restore (from the dump's table of contents):
// uses of an extension's members as one line per extension, the rest named.
/** How many uses a warning names before it counts the rest. */
const NAMED = 20;
const plural = (kind, n) => n === 1
    ? kind
    : /(s|x|ch|sh)$/.test(kind)
        ? `${kind}es`
        : /[^aeiou]y$/.test(kind)
            ? `${kind.slice(0, -1)}ies`
            : `${kind}s`;
/** `a, b and c` */
function andList(items) {
    return items.length > 1
        ? `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
        : (items[0] ?? '');
}
/** `3 tables, 2 indexes and 1 view`, the largest count first. */
function countsByKind(kinds) {
    const counts = new Map();
    for (const kind of kinds)
        counts.set(kind, (counts.get(kind) ?? 0) + 1);
    return andList([...counts]
        .sort(([a, m], [b, n]) => n - m || a.localeCompare(b))
        .map(([kind, n]) => `${n} ${plural(kind, n)}`));
}
/** The line of one extension: what uses its members, and which kinds of them. */
function extensionLine(extension, uses, createsExtensions) {
    const objects = new Map(uses.map(u => [`${u.objectKind} ${u.object}`, u]));
    const usedKinds = [...new Set(uses.map(u => u.usedKind))].sort();
    return (`Kept objects (${countsByKind([...objects.values()].map(u => u.objectKind))}) ` +
        `use ${andList(usedKinds.map(k => plural(k, 2)))} of extension ${extension}: the target needs it ` +
        (createsExtensions
            ? '(the dump still creates it).'
            : '(the dump does not create it: create it in the target first).'));
}
/**
 * The warnings for kept objects that use what the `excluded` schemas hold:
 * one per extension whose members they use, and one naming the rest, the
 * first {@link NAMED} by name and the others counted by kind. `when` words
 * the last sentence: a dump restored later, or this restore.
 */
function keptUsesWarnings(uses, excluded, when) {
    const byExtension = new Map();
    const named = [];
    const kinds = new Map();
    for (const use of uses) {
        if (use.extension) {
            const list = byExtension.get(use.extension);
            if (list)
                list.push(use);
            else
                byExtension.set(use.extension, [use]);
            continue;
        }
        const item = `${use.dependent} (uses ${use.used})`;
        if (kinds.has(item))
            continue;
        kinds.set(item, use.kind);
        named.push(item);
    }
    const warnings = [...byExtension]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, list]) => extensionLine(name, list, when.createsExtensions));
    if (named.length) {
        const rest = named.slice(NAMED);
        const more = rest.length
            ? `; … and ${rest.length} more (${countsByKind(rest.map(i => kinds.get(i) ?? 'object'))})`
            : '';
        warnings.push(`Kept objects use the excluded schema${excluded.length > 1 ? 's' : ''} ${excluded.join(', ')}: ` +
            `${named.slice(0, NAMED).join('; ')}${more}. ` +
            (when.at === 'dump'
                ? 'Restoring this dump fails on them unless the target holds those objects already.'
                : 'This restore fails on them unless the target holds those objects already.'));
    }
    return warnings;
}

;// CONCATENATED MODULE: ./lib/core/schema-patterns.js
// One grammar for schema lists, at dump and at restore: names as the
// catalogue spells them (case-sensitive, no quoting needed) with pg_dump's
// `*` and `?` wildcards. An item wholly in double quotes is an exact name
// (`"a*b"` is the schema a*b), for users who quote out of habit.
function read(item) {
    if (item.length >= 2 && item.startsWith('"') && item.endsWith('"')) {
        return { text: item.slice(1, -1).replace(/""/g, '"'), exact: true };
    }
    return { text: item, exact: false };
}
const quote = (literal) => `"${literal.replace(/"/g, '""')}"`;
/**
 * The item as a pg_dump pattern that means the same: every literal run
 * double-quoted (so case is kept and `.` is no separator), `*` and `?`
 * left as wildcards.
 */
function pgDumpPattern(item) {
    const { text, exact } = read(item);
    if (exact)
        return quote(text);
    return text
        .split(/([*?])/)
        .filter(part => part !== '')
        .map(part => (part === '*' || part === '?' ? part : quote(part)))
        .join('');
}
/** Whether `name` is one the item means. */
function matchesSchema(item, name) {
    const { text, exact } = read(item);
    if (exact)
        return name === text;
    const source = text
        .split(/([*?])/)
        .map(part => part === '*'
        ? '.*'
        : part === '?'
            ? '.'
            : part.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))
        .join('');
    return new RegExp(`^${source}$`, 's').test(name);
}
/** The names among `names` the items mean, and the items that mean none. */
function matchSchemas(items, names) {
    const matched = names.filter(name => items.some(item => matchesSchema(item, name)));
    const unmatched = items.filter(item => !names.some(name => matchesSchema(item, name)));
    return { matched, unmatched };
}
/** The warning for items that match no schema, naming the schemas there are. */
function unmatchedWarning(option, unmatched, names, where) {
    if (unmatched.length === 0)
        return undefined;
    return (`${option}: ${unmatched.map(i => `'${i}'`).join(', ')} ` +
        `${unmatched.length > 1 ? 'match' : 'matches'} no schema of ${where}. Its schemas are: ${names.join(', ') || 'none'}. ` +
        'Names are case-sensitive, as the catalogue spells them; * and ? are wildcards.');
}

// EXTERNAL MODULE: ./lib/core/process/cancellation.js
var cancellation = __webpack_require__(17382);
;// CONCATENATED MODULE: ./lib/core/restore/stream-input.js
// A dump restored from a store's stream, no local copy (issue 24): its head
// is read first (of a custom archive, up to the end of its table of
// contents) to know what it is; `pg_restore --list` reads that head alone,
// and pg_restore or psql reads the head and the rest of the stream, once,
// through a FIFO, to its very end (so that the store's own check of it
// runs), hashed as it passes. When the stream fails, the tool is ended
// before it sees the stream's end (psql would commit a single transaction
// there). What a stream cannot restore is told before anything is run.









/** A streamed dump this restore cannot take as a stream, found before anything ran: fetch it instead. */
class StreamRefused extends Error {
}
/** Reads the stream's first chunks until `enough` says they suffice, or it ends. */
async function readUntil(chunks, held, enough) {
    let bytes = Buffer.concat(held);
    while (!enough(bytes)) {
        const next = await chunks.next();
        if (next.done)
            break;
        held.push(next.value);
        bytes = Buffer.concat(held);
    }
    held.splice(0, held.length, bytes);
    return bytes;
}
/**
 * Reads the head of `stream` (the dump `name`): a custom archive or a
 * plain script (`plain`: when psql may read one as it streams) it can
 * restore as it streams; for anything else, why not (the caller then
 * brings the dump to a file; the stream is spent).
 */
async function openStream(session, name, stream, plain) {
    if (process.platform === 'win32') {
        return { refused: 'this system has no FIFOs to feed the tools from' };
    }
    const chunks = stream[Symbol.asyncIterator]();
    const held = [];
    const first = await readUntil(chunks, held, b => b.length >= archive_header/* HEADER_BYTES */.q2);
    if ((0,age_kind/* ageKind */.c8)(first)) {
        return {
            refused: 'it is age-encrypted, and every chunk of it is authenticated before anything of it is restored'
        };
    }
    let header;
    try {
        header = (0,archive_header/* headerOf */.rR)(first.subarray(0, archive_header/* HEADER_BYTES */.q2), name);
    }
    catch (error) {
        if (!(error instanceof format/* UnrecognizedDumpError */.GT))
            throw error;
        throw new core_errors/* ToolError */.v4('failed', error.message);
    }
    if (header.format === 'plain' && !plain) {
        return {
            refused: "a plain script streams only into the connection's own database, which must exist (its extensions are asked ahead)"
        };
    }
    if (header.format === 'tar') {
        return { refused: 'a tar archive is not read as a stream' };
    }
    const read = {};
    const bytes = header.format === 'plain'
        ? first
        : await readUntil(chunks, held, b => {
            read.toc = (0,custom_toc/* tocParse */.uq)(b);
            return read.toc !== 'short' || b.length > custom_toc/* TOC_LIMIT */.Hb;
        });
    const parsed = read.toc;
    if (typeof parsed === 'string') {
        return {
            refused: 'its table of contents is not one pg-dumper reads ahead'
        };
    }
    const tool = header.format === 'plain' ? 'psql' : 'pg_restore';
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    let failure;
    const counted = (chunk) => {
        hash.update(chunk);
        size += chunk.length;
        return chunk;
    };
    const rest = external_node_stream_.Readable.from((async function* () {
        yield counted(bytes);
        for (;;) {
            const next = await chunks.next().catch(async (error) => {
                failure = error;
                await (0,cancellation/* stopChildTool */.JV)(tool);
                throw error;
            });
            if (next.done)
                return;
            yield counted(next.value);
        }
    })(), { objectMode: false });
    return {
        input: streamInput(session, name, stream, rest, {
            head: parsed ? bytes.subarray(0, parsed.dataStart) : bytes,
            ...(parsed && { toc: parsed }),
            digest: () => ({ size, sha256: hash.copy().digest('hex') }),
            failure: () => failure
        }),
        header
    };
}
/** The stream as a restore's input: the head for listings, the whole once. */
function streamInput(session, name, stream, rest, streamed) {
    let used = false;
    const once = () => {
        if (used) {
            return Promise.reject(new core_errors/* ToolError */.v4('command', `${name} streams from its store and is read once: a second pass is not possible`));
        }
        used = true;
        return Promise.resolve(rest);
    };
    return {
        file: name,
        encrypted: false,
        streamed,
        source: once,
        read: async (tool, bytes) => {
            if (typeof bytes === 'string')
                throw new Error('a streamed dump is not a file');
            if (bytes !== undefined)
                return (0,process_fifo/* feedingFifo */.V2)(session.cancellation, bytes, tool);
            try {
                // to its end: the store checks the bytes as they end
                const result = await (0,process_fifo/* feedingFifo */.V2)(session.cancellation, once, tool, true);
                if (streamed.failure() !== undefined)
                    throw streamed.failure();
                return result;
            }
            finally {
                stream.destroy();
            }
        }
    };
}

;// CONCATENATED MODULE: ./lib/core/restore/run-archive.js
// Runs pg_restore on an archive, from an edited table of contents when
// schemas are excluded or the target already has the dump's extensions.
















/** The rows a COPY block in pg_restore's SQL output holds. */
function copyRows(sql) {
    let rows = 0;
    let inCopy = false;
    for (const line of sql.split('\n')) {
        if (inCopy) {
            if (line === '\\.')
                inCopy = false;
            else
                rows++;
        }
        else if (COPY_START.test(line))
            inCopy = true;
    }
    return rows;
}
/**
 * Waits for a target being prepared; when that fails, for the listing too
 * (no pg_restore left running), then throws.
 */
async function whenReady(target, listing) {
    try {
        return await target;
    }
    catch (error) {
        await listing.catch(() => { });
        throw error;
    }
}
/**
 * Runs pg_restore into `target`, leaving out what the target must keep.
 * The dump is listed while the target is prepared (the first fan-out
 * database created); the target is asked its extensions once ready: while
 * pg_restore still lists, else only when the dump has some (unless
 * `known`: asked with the connection check).
 */
async function runArchive(session, client, options, input, targetReady, known) {
    const run = (args, head) => input.read(file => session.run(client, 'pg_restore', args(file)), 
    // a stream is read once: a listing reads its head alone
    head && input.streamed ? headOf(input.streamed.head) : undefined);
    if (!(await needsListing(options, input, known))) {
        const { conninfo } = await targetReady;
        return run(file => (0,core_args/* pgRestoreArgs */.VZ)({ ...options, conninfo, file }));
    }
    // verbose: each entry followed by its dependencies, when they are needed
    const verbose = options.excludeSchemas.length ? ['--verbose'] : [];
    const listing = run(file => [...verbose, ...(0,core_args/* tocListArgs */.yC)(file, options.format)], true);
    let listed = false;
    void listing.then(() => (listed = true)).catch(() => { });
    const target = await whenReady(targetReady, listing);
    const extensions = known.state ?? (listed ? undefined : targetStateAhead(session, target));
    const o = { ...options, conninfo: target.conninfo };
    const toc = checked(await listing);
    let list = toc.stdout;
    let edited = false;
    let excluded = [];
    if (o.excludeSchemas.length) {
        // one grammar with the dump's: names as spelled, * and ? wildcards
        const schemas = (0,archive_toc/* tocSchemas */.Bt)(list);
        const { matched, unmatched } = matchSchemas(o.excludeSchemas, schemas);
        const warning = unmatchedWarning(session.wording.name('excludeSchemas'), unmatched, schemas, 'the dump');
        if (warning)
            session.logger.warning(warning);
        const uses = tocKeptUses(list, matched, schemas);
        const at = { at: 'restore', createsExtensions: true };
        for (const kept of keptUsesWarnings(uses, matched, at))
            session.logger.warning(kept);
        excluded = matched;
        list = (0,archive_toc/* withoutSchemaEntries */.QF)(list, matched);
        edited = true;
    }
    const lines = list.split('\n');
    const skipped = await targetsOwn(session, target, lines, archive_toc/* extensionEntry */.gW, line => rowsOfStreamed(input) ??
        withList(session, input, `${line}\n`, async (one) => copyRows(checked(await run(file => [
            '--file=-',
            `--use-list=${one}`,
            ...(0,core_args/* formatArg */.wO)(o.format),
            file
        ])).stdout)), extensions);
    if (skipped.size) {
        list = lines.filter(line => !skipped.has(line)).join('\n');
        edited = true;
    }
    if (!edited)
        return run(file => (0,core_args/* pgRestoreArgs */.VZ)({ ...o, file }));
    return withList(session, input, list, useList => run(file => (0,core_args/* pgRestoreArgs */.VZ)({ ...o, file, excludeSchemas: excluded, useList })));
}
/**
 * Whether the archive's items must be listed (`pg_restore --list`) to
 * restore it: to leave out excluded schemas, or items the target already
 * has. A custom file whose own table of contents shows that the target has
 * none of them, the target's state known, is restored as it is.
 */
async function needsListing(o, input, known) {
    const { state, format } = known;
    if (o.excludeSchemas.length || !state || input.encrypted)
        return true;
    if (format !== 'custom')
        return true;
    const toc = input.streamed?.toc ??
        (await (known.toc ?? (0,custom_toc/* readCustomToc */.K6)(input.file).catch(() => undefined)));
    // names not plain ASCII may read differently here and in the target
    if (!toc || toc.extensions.some(name => /[^\x20-\x7e]/.test(name)))
        return true;
    return targetMayOwn(toc.extensions, state);
}
/**
 * Runs `fn` with the path of a table of contents for `--use-list`: of an
 * encrypted dump, it is decrypted content (names of schemas, tables,
 * owners) and reaches pg_restore through a FIFO, never a file; of a plain
 * one, a temporary file.
 */
function withList(session, input, list, fn) {
    if (input.encrypted) {
        return (0,process_fifo/* feedingFifo */.V2)(session.cancellation, () => Promise.resolve(external_node_stream_.Readable.from([Buffer.from(list)])), fn);
    }
    return (0,temp/* withTrackedTemp */.p)(session.cancellation, { prefix: 'toc' }, async (dir) => {
        const path = (0,external_node_path_.join)(dir, 'toc.list');
        await (0,promises_.writeFile)(path, list);
        return fn(path);
    });
}
/** The head of a streamed archive, as a listing reads it. */
function headOf(head) {
    return () => Promise.resolve(external_node_stream_.Readable.from([head]));
}
/**
 * A streamed archive cannot be read twice to count a configuration
 * table's rows first: refused before anything is restored (the dump is
 * then fetched to a file).
 */
function rowsOfStreamed(input) {
    if (!input.streamed)
        return undefined;
    return Promise.reject(new StreamRefused('the rows of a configuration table of an extension the target already has are counted first, which takes a second pass over the archive'));
}
/** A pg_restore run that must succeed. */
function checked(result) {
    if (result.exitCode === 0)
        return result;
    throw new core_errors/* ToolError */.v4('failed', (0,process_runner/* failureMessage */.oh)('pg_restore', result), {
        tool: 'pg_restore',
        exitCode: result.exitCode,
        stderr: result.stderr
    });
}

;// CONCATENATED MODULE: ./lib/core/restore/meta-commands.js
// Finds the psql meta-commands in a SQL script, as psql's own lexer would:
// a backslash outside quotes, dollar quotes and comments starts one, even in
// the middle of a line (`SELECT 1 \g |sh`). A restore changes the target
// database and nothing else, so only the meta-commands pg_dump writes are
// let through; `\!`, `\o`, `\w`, `\g |…`, `\copy … program`, `\setenv`,
// `\i` and the rest are refused before anything runs.
/** The meta-commands pg_dump's plain format uses, and only those. */
const DUMP_META_COMMANDS = new Set([
    'restrict',
    'unrestrict'
]);
/** A whole line of pg_dump's or pg_dumpall's own `\restrict KEY` or `\unrestrict KEY` (since August 2025). */
const DUMP_RESTRICT_LINE = /^\\(?:un)?restrict [A-Za-z0-9]+\r?$/;
const DOLLAR_TAG = /^\$([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/;
const COPY_FROM_STDIN = /\bFROM\s+stdin\b/i;
const SCS_ON = /^\s*SET\s+standard_conforming_strings\s*(=|TO)\s*'?on'?\s*$/i;
/**
 * A line-by-line lexer over a script: `scan` returns the meta-commands of
 * each line, keeping quotes, dollar quotes, comments and COPY data open
 * across lines.
 */
class MetaCommandScanner {
    #state = { in: 'sql' };
    // the statement so far, to see a COPY … FROM stdin end
    #statement = '';
    /** True between statements: outside quotes, comments, COPY data and any statement begun. */
    get betweenStatements() {
        return this.#state.in === 'sql' && this.#statement.trim() === '';
    }
    /** The meta-commands that start on this line. */
    scan(text, line) {
        if (this.#state.in === 'copy') {
            // psql ends COPY data at \. before LF or CR LF
            if (text === '\\.' || text === '\\.\r')
                this.#state = { in: 'sql' };
            return [];
        }
        const found = [];
        let i = 0;
        while (i < text.length) {
            const state = this.#state;
            const c = text[i];
            if (state.in !== 'sql') {
                const next = this.#skipQuoted(state, text, i);
                if (next === undefined)
                    return found;
                i = next;
                continue;
            }
            if (c === '-' && text[i + 1] === '-') {
                text = text.slice(0, i);
                break;
            }
            if (c === '/' && text[i + 1] === '*') {
                this.#state = { in: 'comment', depth: 1 };
                i += 2;
                continue;
            }
            if (c === "'") {
                const escapes = i > 0 && /[eE]/.test(text[i - 1]) && !/\w/.test(text[i - 2] ?? '');
                this.#state = { in: 'quote', escapes };
                i++;
                continue;
            }
            if (c === '"') {
                this.#state = { in: 'ident' };
                i++;
                continue;
            }
            if (c === '$' && !/[\w$]/.test(text[i - 1] ?? '')) {
                const tag = DOLLAR_TAG.exec(text.slice(i))?.[0];
                if (tag) {
                    this.#state = { in: 'dollar', tag };
                    i += tag.length;
                    continue;
                }
            }
            if (c === '\\') {
                const name = /^\\([A-Za-z]+|[^A-Za-z\s])/.exec(text.slice(i))?.[1] ?? '';
                if (!DUMP_META_COMMANDS.has(name)) {
                    found.push({ line, command: name, text: text.slice(0, 120) });
                }
                // a meta-command takes the rest of the line as its arguments
                this.#statement = '';
                return found;
            }
            if (c === ';') {
                const statement = this.#statement + text.slice(0, i);
                this.#statement = '';
                // psql lexes quotes by the server's standard_conforming_strings:
                // a script that turns it off could hide a meta-command from this
                // scan inside what it reads as a string (pg_dump only sets it on)
                if (/standard_conforming_strings/i.test(statement) &&
                    !SCS_ON.test(statement)) {
                    found.push({
                        line,
                        command: 'standard_conforming_strings',
                        text: text.slice(0, 120)
                    });
                }
                if (/^\s*COPY\b/i.test(statement) && COPY_FROM_STDIN.test(statement)) {
                    this.#state = { in: 'copy' };
                    return found;
                }
                text = text.slice(i + 1);
                i = 0;
                continue;
            }
            i++;
        }
        if (this.#state.in === 'sql')
            this.#statement += `${text}\n`;
        return found;
    }
    /**
     * Inside a quote, a quoted identifier, a dollar quote or a comment: where
     * lexing goes on in `text` from `i`, or undefined when the dollar quote
     * runs past the line.
     */
    #skipQuoted(state, text, i) {
        const c = text[i];
        switch (state.in) {
            case 'quote':
                if (state.escapes && c === '\\')
                    return i + 2;
                if (c !== "'")
                    return i + 1;
                if (text[i + 1] === "'")
                    return i + 2;
                this.#state = { in: 'sql' };
                return i + 1;
            case 'ident':
                if (c === '"')
                    this.#state = { in: 'sql' };
                return i + 1;
            case 'dollar': {
                const end = text.indexOf(state.tag, i);
                if (end < 0)
                    return undefined;
                this.#state = { in: 'sql' };
                return end + state.tag.length;
            }
            case 'comment':
                if (c === '*' && text[i + 1] === '/') {
                    this.#state =
                        state.depth > 1
                            ? { in: 'comment', depth: state.depth - 1 }
                            : { in: 'sql' };
                    return i + 2;
                }
                if (c === '/' && text[i + 1] === '*') {
                    this.#state = { in: 'comment', depth: state.depth + 1 };
                    return i + 2;
                }
                return i + 1;
        }
    }
}
/** Where the meta-commands of a script are, for a message: the first ten by line, and how many more. */
function metaCommandPlaces(found) {
    const shown = found
        .slice(0, 10)
        .map(m => m.command === 'standard_conforming_strings'
        ? `line ${m.line}: standard_conforming_strings set other than on`
        : `line ${m.line}: \\${m.command}`)
        .join(', ');
    return found.length > 10 ? `${shown} and ${found.length - 10} more` : shown;
}

// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(46466);
;// CONCATENATED MODULE: ./lib/core/restore/plain-sections.js
// Reads a plain SQL dump as pg_dump lays it out: each object under a
// header comment (`-- Name: postgis; Type: EXTENSION; Schema: -; Owner: -`),
// data as `COPY … FROM stdin;` up to `\.`. A restore that leaves sections
// out blanks their lines (line numbers stay the file's), and the text psql
// gets is the text the meta-command scan read: one pass makes both. Lines
// end at LF only, as psql's do; bytes are read as latin1, one character a
// byte, so the script goes through unchanged in any encoding. Streams: no
// script is held in memory.






const HEADER = /^-- (?:Data for )?Name: (.*); Type: (.*); Schema: (.*); Owner: .*$/;
/**
 * One pass over a script, a line at a time: finds the sections of the
 * given types, blanks the lines of `skip` and pg_dump's own restrict lines
 * (the restore runs under a restriction of its own), and scans what is
 * left, which is exactly what `line()` hands on.
 */
class ScriptPass {
    sections = [];
    metaCommands = [];
    /** the lines that start a COPY, by number (a streamed script is not read again) */
    copies = new Map();
    #types;
    #skip;
    #live;
    #liveSkip;
    #scanner = new MetaCommandScanner();
    #number = 0;
    #next = 0;
    #previous = '';
    #open;
    #inCopy = false;
    /**
     * `live`: told each section of `types` as its header passes, says
     * whether to blank it from there to its end (a script read once).
     */
    constructor(types, skip = [], live) {
        this.#types = types;
        this.#skip = [...skip].sort((a, b) => a.first - b.first);
        this.#live = live;
    }
    /** The line (without its LF) as psql is to get it. */
    line(text) {
        const number = ++this.#number;
        this.#section(text.endsWith('\r') ? text.slice(0, -1) : text, number);
        const out = this.#skipped(number) ||
            this.#liveSkipped(number) ||
            (this.#scanner.betweenStatements && DUMP_RESTRICT_LINE.test(text))
            ? ''
            : text;
        this.metaCommands.push(...this.#scanner.scan(out, number));
        return out;
    }
    #skipped(number) {
        const skip = this.#skip;
        while (this.#next < skip.length && skip[this.#next].last < number)
            this.#next++;
        const section = skip[this.#next];
        return section !== undefined && number >= section.first;
    }
    /** Whether the line is in a section `live` left out: from its header to its end. */
    #liveSkipped(number) {
        const section = this.#liveSkip;
        if (!section)
            return false;
        if (section === this.#open)
            return true;
        this.#liveSkip = undefined;
        return section.last === number;
    }
    /** Follows headers, statements and COPY data to find where sections end. */
    #section(line, number) {
        if (this.#inCopy) {
            // data rows, whatever they hold, are never headers
            if (line === '\\.') {
                this.#inCopy = false;
                if (this.#open)
                    this.#open.last = number;
                this.#open = undefined;
            }
            else if (this.#open)
                this.#open.rows = (this.#open.rows ?? 0) + 1;
            this.#previous = '';
            return;
        }
        const open = this.#open;
        if (COPY_START.test(line)) {
            this.#inCopy = true;
            this.copies.set(number, line);
        }
        else if (open &&
            open.type !== 'TABLE DATA' &&
            line.trimEnd().endsWith(';')) {
            open.last = number;
            this.#open = undefined;
        }
        const header = this.#previous === '--' ? HEADER.exec(line) : null;
        if (header) {
            this.#open = undefined;
            const [, name, type, schema] = header;
            if (this.#types.has(type)) {
                this.#open = {
                    type,
                    name,
                    schema,
                    first: number - 1,
                    last: number,
                    rows: 0
                };
                this.sections.push(this.#open);
                if (this.#live?.(this.#open))
                    this.#liveSkip = this.#open;
            }
        }
        this.#previous = line;
    }
}
/**
 * The script through `pass`, as chunks of whole lines; the source's errors
 * (a cut age file) end it with them. Every LF is kept, and a last line
 * without one stays without.
 */
async function* passed(source, pass) {
    const input = await openSource(source);
    input.setEncoding('latin1');
    let rest = '';
    try {
        for await (const chunk of input) {
            const lines = (rest + chunk).split('\n');
            rest = lines.pop();
            yield Buffer.from(lines.map(l => `${pass.line(l)}\n`).join(''), 'latin1');
        }
        if (rest !== '')
            yield Buffer.from(pass.line(rest), 'latin1');
    }
    finally {
        input.destroy();
    }
}
/**
 * One pass over a plain script: the sections of the types asked for, with
 * where each ends, and every meta-command pg_dump would not have written
 * in the text psql would get with `skip` left out.
 */
async function scanPlainScript(file, types, skip = []) {
    const pass = new ScriptPass(types, skip);
    for await (const chunk of passed(file, pass))
        void chunk;
    return pass;
}
/** The script as psql is to run it, scanned by `pass` as it goes. */
function scriptStream(file, pass) {
    return external_node_stream_.Readable.from(passed(file, pass), { objectMode: false });
}
/** Writes the script as psql is to run it to `to` (mode 0600), scanned by `pass`. */
async function writeScript(file, to, pass) {
    await (0,external_node_stream_promises_.pipeline)(scriptStream(file, pass), (0,external_node_fs_.createWriteStream)(to, { mode: 0o600 }));
}

;// CONCATENATED MODULE: ./lib/core/restore/restricted.js
// psql's restricted mode, the boundary of every script the core runs
// through psql (a plain dump, a globals script, a scrub script): psql reads
// `\restrict <key>` from its standard input before the script, and from
// then on refuses each of the script's meta-commands (`\!`, `\o`, `\copy …
// program`…) itself, whatever a scan of ours made of the text. The key is
// new for each run and exists only in this process and psql's input: never
// on a command line, in a file or in the log, so no script can lift it.

/** A key psql's `\restrict` accepts: letters and digits. */
function newKey() {
    return (0,external_node_crypto_.randomBytes)(32).toString('hex');
}
/**
 * PGOPTIONS that make the server end a script's statement within a second
 * of psql going away (PostgreSQL 14+): a signal to the whole process group
 * ends psql before it can cancel the statement, which would otherwise go on
 * and commit after the step failed.
 */
function connectionCheck(session) {
    if ((session.serverMajor ?? 0) < 14)
        return {};
    const given = process.env.PGOPTIONS;
    const check = '-c client_connection_check_interval=1000';
    return { PGOPTIONS: given ? `${given} ${check}` : check };
}
/**
 * Runs psql with `args(restricted)`; when restricted, psql first reads
 * `\restrict <key>` from its standard input (`args(true)` must read it:
 * `--file=-` before the script).
 */
function runScript(session, client, args, restricted, 
/** keep psql's stderr out of the debug log (a scrub script's errors quote its lines) */
how = {}) {
    const env = connectionCheck(session);
    if (!restricted)
        return session.run(client, 'psql', args(false), { ...how, env });
    const input = Buffer.from(`\\restrict ${newKey()}\n`);
    return session.run(client, 'psql', args(true), { ...how, env, input });
}
/** psql's messages name `path` (a FIFO or a private copy) as `shown`, the file the user gave. */
function naming(result, path, shown) {
    return { ...result, stderr: result.stderr.split(path).join(shown) };
}

;// CONCATENATED MODULE: ./lib/core/restore/run-plain.js
// Runs psql on a plain SQL dump in restricted mode. The lines of sections
// the target must keep (an extension a DBA created, its comment, the data
// of its configuration tables) are blanked, and the text psql reads is
// the very text the meta-command scan read, passed through a FIFO (a
// private copy where there are no FIFOs).












const TYPES = new Set(['EXTENSION', 'COMMENT', 'TABLE DATA']);
function extensionEntry(section) {
    if (section.type === 'EXTENSION')
        return { kind: 'extension', name: section.name };
    if (section.type === 'COMMENT' && section.name.startsWith('EXTENSION '))
        return { kind: 'comment', name: section.name.slice('EXTENSION '.length) };
    if (section.type === 'TABLE DATA')
        return { kind: 'data', schema: section.schema, table: section.name };
    return undefined;
}
/**
 * The meta-commands found, refused, naming where; quotes nothing of the
 * script. `ran`: psql had run the script up to them (a streamed script).
 */
function metaCommandsError(session, found, ran = false) {
    const places = metaCommandPlaces(found);
    const outcome = ran
        ? 'so psql was stopped before it read them (what it ran before them stays in the target unless the restore was one transaction)'
        : 'so nothing was run';
    return new core_errors/* ToolError */.v4('command', `The SQL script holds psql meta-commands that reach outside the target database (${places}), ` +
        `${outcome}: pg_dump writes none of these, and psql would run them on this machine (a shell, files written or read). ` +
        `Restore a dump made by pg_dump, or, for a script you wrote and trust, set ${session.wording.name('allowMetaCommands')}.`, { tool: 'psql' });
}
/** Refuses the meta-commands found. */
function refuseMetaCommands(session, found) {
    if (found.length > 0)
        throw metaCommandsError(session, found);
}
/**
 * Runs `tool` on a path psql reads the script from as `pass` hands it on:
 * a FIFO, or where there are none (Windows) a private copy.
 */
function feedScript(session, input, pass, tool) {
    if (process.platform !== 'win32' || input.encrypted) {
        const stream = () => Promise.resolve(scriptStream(input.source, pass));
        return (0,process_fifo/* feedingFifo */.V2)(session.cancellation, stream, tool);
    }
    return (0,temp/* withTrackedTemp */.p)(session.cancellation, { prefix: 'script' }, async (dir) => {
        const copy = (0,external_node_path_.join)(dir, 'restore.sql');
        await writeScript(input.source, copy, pass);
        return tool(copy);
    });
}
/**
 * Runs psql into `target`; `fn` sees the script that ran before it is
 * removed. `state`: the target's, when asked with the connection check.
 */
async function runPlain(session, client, o, input, target, { allowMetaCommands, state }, after) {
    if (input.streamed) {
        const run = (path) => runScript(session, client, r => (0,core_args/* psqlRestoreArgs */.ue)({ ...o, file: path, restricted: r }), !allowMetaCommands);
        return after(await runStreamed(session, input, { allowMetaCommands, state }, run));
    }
    const whole = await scanPlainScript(input.source, TYPES);
    if (!allowMetaCommands)
        refuseMetaCommands(session, whole.metaCommands);
    const skipped = await targetsOwn(session, target, whole.sections, extensionEntry, section => Promise.resolve(section.rows ?? 0), state);
    const skip = [...skipped];
    // blanking lines changes what the rest of the script means to a lexer
    if (skip.length > 0 && !allowMetaCommands) {
        const left = await scanPlainScript(input.source, new Set(), skip);
        refuseMetaCommands(session, left.metaCommands);
    }
    const restricted = !allowMetaCommands;
    const pass = new ScriptPass(new Set(), skip);
    const result = await feedScript(session, input, pass, async (path) => naming(await runScript(session, client, r => (0,core_args/* psqlRestoreArgs */.ue)({ ...o, file: path, restricted: r }), restricted), path, input.file));
    return after({ result, script: input.source });
}
/**
 * A script streamed from its store, read once. The target's extensions
 * were asked ahead, so the sections it keeps are left out as their headers
 * pass; the meta-command scan runs on the text as it goes to psql, and at
 * the first meta-command psql is ended before it gets its line.
 */
async function runStreamed(session, input, { allowMetaCommands, state }, run) {
    if (!state || state.extensions.some(e => e.config.some(c => !c.insert))) {
        throw new StreamRefused('the target has an extension whose configuration tables may need their rows counted first, which takes a second pass over the script');
    }
    const whys = [];
    const pass = new ScriptPass(TYPES, [], section => {
        const entry = extensionEntry(section);
        const why = entry && skipAsItPasses(entry, state.extensions);
        if (why)
            whys.push(why);
        return why !== undefined;
    });
    let refused;
    const checked = async function* () {
        for await (const chunk of scriptStream(input.source, pass)) {
            // the chunk's lines were scanned before any of them goes on
            if (!allowMetaCommands && pass.metaCommands.length > 0) {
                refused = metaCommandsError(session, pass.metaCommands, true);
                await (0,cancellation/* stopChildTool */.JV)('psql');
                throw refused;
            }
            yield chunk;
        }
    };
    const result = await (0,process_fifo/* feedingFifo */.V2)(session.cancellation, () => Promise.resolve(external_node_stream_.Readable.from(checked(), { objectMode: false })), async (path) => naming(await run(path), path, input.file));
    // psql, ended by us, may have stopped reading before the error came
    const failure = refused ?? input.streamed?.failure();
    if (failure !== undefined)
        throw failure;
    if (whys.length)
        session.logger.info(`Skipped, as the target already has them: ${whys.join('; ')}`);
    return { result, script: pass.copies };
}

;// CONCATENATED MODULE: ./lib/core/restore/run.js





/**
 * Runs the plan's tool into `target`, once it is ready (an archive is
 * listed meanwhile); throws a failed ToolError when the restore failed.
 */
async function runRestore(session, plan, options, target) {
    const { tool, input, client } = plan;
    const argOptions = {
        file: plan.file,
        excludeSchemas: options.excludeSchemas ?? [],
        ignoreErrors: options.ignoreErrors ?? false,
        jobs: plan.jobs,
        singleTransaction: options.singleTransaction,
        clean: options.clean,
        owner: options.owner,
        // a FIFO cannot be probed
        format: input.encrypted || input.streamed ? plan.format : undefined
    };
    const judge = (result, script) => judged(session, plan, options, result, script);
    // asked with the connection check, of the session's own target only
    const state = plan.targetState;
    if (tool !== 'psql') {
        return judge(await runArchive(session, client, argOptions, input, target, {
            state,
            format: plan.format,
            toc: plan.toc
        }));
    }
    const ready = await target;
    return runPlain(session, client, { ...argOptions, conninfo: ready.conninfo }, input, ready, { allowMetaCommands: options.allowMetaCommands ?? false, state }, run => judge(run.result, run.script));
}
/** The run's outcome; a plain script's failed COPYs are read from `script`. */
async function judged(session, plan, options, result, script) {
    return judgeRestore(plan.tool, result, options.ignoreErrors ?? false, plan.databases[0] ?? session.target, session.wording, script === undefined
        ? undefined
        : {
            failedCopies: await failedCopies(script, parsePsqlOutput(result.stderr)),
            singleTransaction: options.singleTransaction ?? false,
            quote: plan.header.dumpedBy !== undefined
        });
}

;// CONCATENATED MODULE: ./lib/core/restore/restore.js
// The restore operation of one dump: its plan (plan.ts: what the dump is,
// the options checked, a client that reads it), the target databases
// prepared, the run (run.ts: pg_restore or psql, judged), and the fan-out
// copies made.







/**
 * Restores an archive with pg_restore or a plain script with psql;
 * `opened`: a dump streamed from its store (see planRestore).
 */
async function restore(session, options, opened) {
    const started = performance.now();
    const plan = await planRestore(session, options, opened);
    const { file, format, databases, server, client, input } = plan;
    const [first] = databases;
    // an archive is listed while the target is prepared
    const target = prepareTarget(session, options, first, server);
    const outcome = await runRestore(session, plan, options, target);
    if (outcome.warning)
        session.logger.warning(outcome.warning);
    // the dump is hashed while the server copies: the copies' floor is theirs
    const [copied, hashed] = await Promise.allSettled([
        first !== undefined &&
            copyDatabase(session, first, databases.slice(1), server),
        // a stream was hashed as the restore read it
        input.streamed ? input.streamed.digest() : (0,archive_digest/* fileDigest */.h)(file)
    ]);
    if (copied.status === 'rejected')
        throw copied.reason;
    if (hashed.status === 'rejected')
        throw hashed.reason;
    const digest = hashed.value;
    const restoredInto = first === undefined ? [await session.databaseName()] : [...databases];
    return {
        ...fileResult(session.logger, 'Restored', {
            file,
            format,
            server,
            client,
            digest,
            started
        }),
        ignoredErrors: outcome.ignoredErrors,
        databases: restoredInto,
        ...(input.encrypted && { encrypted: true })
    };
}
/**
 * The connection to restore into: the first fan-out database, (re)created
 * empty; else the session's, created first when asked and missing.
 */
async function prepareTarget(session, options, first, server) {
    if (first !== undefined) {
        await recreateDatabases(session, [first], 'template0', server);
        return session.connection.withDbname(first);
    }
    const name = session.connection.dbname;
    if (options.createDatabase && name !== undefined) {
        if (await createDatabaseIfMissing(session, name)) {
            session.logger.info(`Created the database ${name} (${session.wording.name('createDatabase')})`);
        }
    }
    return session.connection;
}
/**
 * Makes each of `copies` a copy of the restored `first`, in lanes of one
 * psql session each. A copy is one backend copying files with the kernel's
 * help, a core's work: on 2 cores two copies side by side took as long as
 * one after the other (402 and 558 ms together, 225 ms alone), so a lane
 * per two cores; a psql and a connection per lane, not per copy.
 * CREATE DATABASE … TEMPLATE takes a share lock on the template, so copies
 * of one template may run side by side. A lane stops at its first failure;
 * the others finish theirs.
 */
async function copyDatabase(session, first, copies, server) {
    if (copies.length === 0)
        return;
    const count = Math.max(1, Math.min(copies.length, Math.floor((0,external_node_os_.availableParallelism)() / 2)));
    const lanes = Array.from({ length: count }, (_, lane) => copies.filter((_, i) => i % count === lane));
    const results = await Promise.allSettled(lanes.map(async (names) => {
        const started = performance.now();
        await recreateDatabases(session, names, first, server);
        const what = names.length > 1 ? 'copies' : 'a copy';
        session.logger.info(`Created ${names.join(', ')} as ${what} of ${first} in ${(0,units/* formatDuration */.a)(performance.now() - started)}`);
    }));
    const failed = results.find(r => r.status === 'rejected');
    if (failed)
        throw failed.reason;
}

;// CONCATENATED MODULE: ./lib/core/dump/drill-compare.js
// What a restore drill compares: the tables the dump holds rows of (its
// schema lists and exclude-table-data applied to the snapshot's counts),
// and their rows after the restore, table by table.


/** What the drills of several dumps proved together; undefined when none ran. */
function sumVerified(dumps) {
    const all = dumps.flatMap(d => (d.verified ? [d.verified] : []));
    if (all.length === 0)
        return undefined;
    return {
        tables: all.reduce((sum, v) => sum + v.tables, 0),
        rows: all.reduce((sum, v) => sum + v.rows, 0),
        durationMs: all.reduce((sum, v) => sum + v.durationMs, 0)
    };
}
/** How many differing tables and restore errors a failure names. */
const drill_compare_NAMED = 10;
/**
 * A pg_dump table pattern (`schema.table`, `table`, with `*`, `?` and
 * double quotes) as a test of a schema and table: unquoted letters are
 * folded to lower case, as pg_dump does; a pattern without a schema
 * matches the table in any schema.
 */
function tablePattern(pattern) {
    // each part as a regular expression's source
    const parts = [''];
    const add = (source) => {
        parts[parts.length - 1] += source;
    };
    let quoted = false;
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern.charAt(i);
        if (c === '"') {
            if (quoted && pattern.charAt(i + 1) === '"') {
                add('"');
                i++;
            }
            else
                quoted = !quoted;
        }
        else if (!quoted && c === '.')
            parts.push('');
        else if (!quoted && c === '*')
            add('.*');
        else if (!quoted && c === '?')
            add('.');
        else
            add((quoted ? c : c.toLowerCase()).replace(/[\\^$.|+()[\]{}*?]/g, '\\$&'));
    }
    const regex = (source) => new RegExp(`^${source}$`, 's');
    const table = regex(parts[parts.length - 1] ?? '');
    const schema = parts.length > 1 ? regex(parts[parts.length - 2] ?? '') : /^/;
    return (s, t) => schema.test(s) && table.test(t);
}
/** The snapshot's tables the dump holds rows of: in its schemas, not excluded, rows not left out. */
function dumpedTables(counted, options) {
    const schemas = options.schemas ?? [];
    const excluded = options.excludeSchemas ?? [];
    const noData = (options.excludeTableData ?? []).map(tablePattern);
    return counted.filter(([schema, table]) => (schemas.length === 0 || schemas.some(p => matchesSchema(p, schema))) &&
        !excluded.some(p => matchesSchema(p, schema)) &&
        !noData.some(test => test(schema, table)));
}
/** A name as it is when plain, else quoted with escapes (no line break reaches a message). */
const part = (name) => /^[a-z_][a-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
const label = (schema, table) => `${part(schema)}.${part(table)}`;
/**
 * Compares each dumped table's rows with the restored one's; throws
 * VerificationFailed naming the tables that differ and the restore's
 * first errors, when it failed or any differs.
 */
function compareRows(dumped, restored, restoreFailure, about) {
    const found = new Map(restored.map(([s, t, n]) => [`${s}\u0000${t}`, n]));
    const differ = [];
    const details = [];
    for (const [schema, table, rows] of dumped) {
        const got = found.get(`${schema}\u0000${table}`);
        if (got === rows)
            continue;
        differ.push(label(schema, table));
        details.push(`${label(schema, table)}: ${rows} row(s) dumped, ${got === undefined ? 'no such table' : `${got}`} restored`);
    }
    if (restoreFailure === undefined && differ.length === 0) {
        return {
            tables: dumped.length,
            rows: dumped.reduce((sum, [, , n]) => sum + n, 0),
            durationMs: about.durationMs
        };
    }
    const tables = differ.length
        ? `${differ.length} of ${dumped.length} table(s) differ after the restore: ${details.slice(0, drill_compare_NAMED).join('; ')}${differ.length > drill_compare_NAMED ? `; and ${differ.length - drill_compare_NAMED} more` : ''}`
        : `every table's rows matched`;
    const errors = restoreFailure
        ? `The restore failed: ${restoreFailure.split('\n').slice(0, drill_compare_NAMED).join('\n')}`
        : '';
    throw new core_errors/* VerificationFailed */.XI(`The restore drill failed, so ${about.file} was not written: ${restoreFailure ? 'the dump does not restore' : 'the restored rows differ from the dumped ones'}; ${tables}.${errors ? `\n${errors}` : ''}`, differ);
}

;// CONCATENATED MODULE: ./lib/core/dump/snapshot.js
// The dump's own snapshot, for a restore drill: a psql session opens a
// REPEATABLE READ transaction, exports its snapshot (which pg_dump is given
// with --snapshot) and counts every table's rows in it, so the counts are
// of the very data dumped. The session stays open until pg_dump is done.





/**
 * The ordinary tables (partitions included; a partitioned table holds no
 * rows of its own) but the system's and extensions' members.
 */
const TABLES = `SELECT n.nspname AS s, c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace ` +
    `WHERE c.relkind = 'r' AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema' ` +
    `AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')`;
/** The tables, a JSON array of [schema, table]. */
const LIST_TABLES_SQL = `SELECT coalesce(jsonb_agg(jsonb_build_array(s, t)), '[]')::text FROM (${TABLES}) v`;
/** One query counting the rows of each table `from` yields (columns s, t): a JSON array of [schema, table, rows]. */
function countRowsSql(from) {
    return (`SELECT coalesce(jsonb_agg(jsonb_build_array(s, t, ` +
        `(xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', s, t), false, true, '')))[1]::text::bigint)), '[]')::text ` +
        `FROM ${from}`);
}
/** Counts the rows of every table (of a restored database). */
const COUNT_ROWS_SQL = countRowsSql(`(${TABLES}) v`);
/** Counts the rows of these tables. */
function countTablesSql(tables) {
    const rows = tables
        .map(([schema, table]) => `(${quoteLiteral(schema)}, ${quoteLiteral(table)})`)
        .join(', ');
    return countRowsSql(`(VALUES ${rows}) v(s, t)`);
}
/** The counts as psql printed them; a failed ToolError when they are not. */
function parseRows(json) {
    return parsed(json, 3);
}
/** A JSON array of [text, text(, number)] as psql printed it. */
function parsed(json, width) {
    let value;
    try {
        value = JSON.parse(json);
    }
    catch {
        value = undefined;
    }
    const valid = Array.isArray(value) &&
        value.every((v) => Array.isArray(v) &&
            typeof v[0] === 'string' &&
            typeof v[1] === 'string' &&
            (width === 2 || typeof v[2] === 'number'));
    if (!valid) {
        throw new core_errors/* ToolError */.v4('failed', `psql printed no row counts: ${json}`, {
            tool: 'psql'
        });
    }
    return value;
}
/** psql's arguments for the snapshot session: its commands read from `fifo`, one value a line. */
function snapshotSessionArgs(conninfo, fifo) {
    return [
        '--no-psqlrc',
        '--quiet',
        '--tuples-only',
        '--no-align',
        '--set=ON_ERROR_STOP=1',
        `--file=${fifo}`,
        ...(conninfo === '' ? [] : [`--dbname=${conninfo}`])
    ];
}
const SNAPSHOT = 'snapshot:';
const TABLES_LINE = 'tables:';
const COUNTS = 'counts:';
const PID = 'pid:';
/** A value that arrives later, or fails; `failed` once it has. */
function deferred() {
    let resolve;
    let reject;
    const state = { settled: false };
    const promise = new Promise((res, rej) => {
        resolve = value => {
            state.settled = true;
            res(value);
        };
        reject = reason => {
            const error = reason instanceof Error ? reason : new Error(String(reason));
            if (!state.settled)
                Object.assign(state, { settled: true, failed: error });
            rej(error);
        };
    });
    promise.catch(() => { });
    return { promise, resolve, reject, state };
}
/**
 * Opens the snapshot session on `connection` and calls `fn` with the
 * exported snapshot and the rows of the tables `select` keeps (counted in
 * it, while `fn` runs); the session ends when `fn` calls `end` (once
 * pg_dump is done), or has returned.
 */
async function withSnapshot(session, client, connection, select, fn) {
    const commands = new external_node_stream_.PassThrough();
    const snapshot = deferred();
    const counts = deferred();
    let pid;
    const onOutLine = (line) => {
        try {
            if (line.startsWith(SNAPSHOT))
                snapshot.resolve(line.slice(SNAPSHOT.length));
            else if (line.startsWith(PID))
                pid = line.slice(PID.length);
            else if (line.startsWith(COUNTS))
                counts.resolve(parseRows(line.slice(COUNTS.length)));
            else if (line.startsWith(TABLES_LINE)) {
                const all = parsed(line.slice(TABLES_LINE.length), 2);
                const chosen = select(all);
                if (chosen.length === 0)
                    counts.resolve([]);
                else
                    commands.write(`SELECT '${COUNTS}' || (${countTablesSql(chosen)});\n`);
            }
        }
        catch (error) {
            counts.reject(error);
        }
    };
    const ran = (0,process_fifo/* feedingFifo */.V2)(session.cancellation, () => Promise.resolve(commands), fifo => session.run(client, 'psql', snapshotSessionArgs(connection.conninfo, fifo), { quiet: true, onOutLine })).then(result => {
        const ended = new core_errors/* ToolError */.v4('failed', `The session that counts the rows in the dump's snapshot ended: ${(0,process_runner/* failureMessage */.oh)('psql', result)}`, { tool: 'psql', exitCode: result.exitCode, stderr: result.stderr });
        snapshot.reject(ended);
        counts.reject(ended);
    }, (error) => {
        snapshot.reject(error);
        counts.reject(error);
    });
    commands.write(`SELECT '${PID}' || pg_backend_pid();\n` +
        `BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;\n` +
        `SELECT '${SNAPSHOT}' || pg_export_snapshot();\n` +
        `SELECT '${TABLES_LINE}' || (${LIST_TABLES_SQL});\n`);
    let ended;
    // the open transaction holds back vacuum: ended as soon as pg_dump is done
    const end = () => (ended ??= (async () => {
        commands.end('ROLLBACK;\n');
        await ran;
    })());
    try {
        return await fn(await snapshot.promise, counts.promise, end);
    }
    catch (error) {
        if (session.cancellation.reason !== undefined)
            throw error;
        // the counting stops at once, not when it is done
        const cancelled = !counts.state.settled &&
            pid !== undefined &&
            (await session
                .query(`SELECT pg_cancel_backend(${Number(pid)})`, 'stop counting the rows', connection, true)
                .catch(() => 'f')) === 't';
        await end();
        // pg_dump fails when the session died under it: the session's error says why
        if (counts.state.failed !== undefined && !cancelled)
            throw counts.state.failed;
        throw error;
    }
    finally {
        await end();
    }
}

;// CONCATENATED MODULE: ./lib/core/dump/throwaway-db.js
// Dropping a database the action made for itself (a scrub's copy, a restore
// drill's scratch database): whatever happened, also once cancelled, and
// never an error that hides the one that explains the failure.


/**
 * Drops `name`, ending sessions still on it (PostgreSQL 13+); tried again
 * when a cancellation stopped a try (a signal to the process group reaches
 * this psql too). Never rejects: one left behind is a warning naming the
 * statement to run. `dropped` and `kept` name it in the log: "Dropped the
 * throwaway database", "Could not drop the scrubbed copy".
 */
async function dropThrowaway(session, name, server, words) {
    const sql = dropDatabaseSql(name, server.major);
    let said = '';
    for (let attempt = 0; attempt < 3; attempt++) {
        const result = await session.cleanupSql([sql]).catch((error) => ({
            exitCode: 1,
            stdout: '',
            stderr: error.message
        }));
        if (result.exitCode === 0) {
            session.logger.info(`${words.dropped} ${name}`);
            return;
        }
        said = (0,process_runner/* failureMessage */.oh)('psql', result);
        if (session.cancellation.reason === undefined)
            break;
    }
    session.logger.warning(`${words.kept} ${name}: ${said}. Drop it by hand: ${sql}`);
}

// EXTERNAL MODULE: ./lib/core/dump/verify.js + 1 modules
var verify = __webpack_require__(44774);
;// CONCATENATED MODULE: ./lib/core/dump/encrypted.js
// An age-encrypted dump: pg_dump writes into a FIFO, the action encrypts the
// stream into the age file, and no plaintext is ever a file. Before the age
// file takes its name it is read back: decrypted (every chunk
// authenticated) into pg_restore, or for plain SQL checked for pg_dump's
// closing line, and shown to decrypt to exactly the bytes pg_dump wrote.







/** The formats pg_dump writes as one stream, which alone can be encrypted. */
const ENCRYPTABLE_FORMATS = ['custom', 'plain'];
/** pg_dump's comment before each object of a plain script. */
const PLAIN_ENTRY = /^-- (?:Data for )?Name: .*; Type: /m;
const TAIL = 4096;
function writeError(error, tool = 'pg_dump') {
    return new core_errors/* ToolError */.v4('command', `Cannot write the encrypted dump: ${error.message}. Nothing was written to the target.`, { tool });
}
/**
 * Runs `write(fifo)` (a tool writing to the path it is given, throwing when
 * it fails) while what it writes is encrypted to `recipients` into
 * `partial`: no plaintext is ever a file.
 */
async function encryptWhileWriting(session, partial, recipients, write, tool = 'pg_dump') {
    return (0,process_fifo/* withFifo */.Rv)(session.cancellation, async (fifo) => {
        const { stream, writerEnded } = (0,process_fifo/* fifoSource */.Ch)(fifo);
        const encrypting = (0,age_file/* encryptStream */.UO)(stream, recipients, partial);
        encrypting.catch(() => { });
        try {
            await write(fifo);
        }
        catch (error) {
            writerEnded();
            const stopped = new Error(`${tool} failed`);
            stream.destroy(stopped);
            // the tool died of a closed pipe when the encryption failed first
            const failed = await encrypting.then(() => undefined, (e) => e);
            throw failed === undefined || failed === stopped
                ? error
                : writeError(failed, tool);
        }
        finally {
            writerEnded();
        }
        return encrypting.catch((error) => {
            throw writeError(error, tool);
        });
    });
}
/**
 * Runs `dump(fifo)` (pg_dump writing to the path it is given, throwing when
 * it fails) while its output is encrypted to `recipients` into `partial`;
 * then reads the age file back. Returns the age file's own key (for a
 * restore drill); the caller hashes the file.
 */
async function dumpEncrypted(session, client, partial, format, recipients, dump) {
    const encrypted = await encryptWhileWriting(session, partial, recipients, dump);
    await readBackEncrypted(session, client, partial, format, encrypted);
    return encrypted.readBack;
}
/**
 * Encrypts the verified plaintext dump `plainFile` (kept, as asked) into
 * `partial`, then reads the age file back.
 */
async function encryptFile(session, client, plainFile, partial, format, recipients) {
    const encrypted = await (0,age_file/* encryptStream */.UO)((0,external_node_fs_.createReadStream)(plainFile), recipients, partial).catch((error) => {
        throw writeError(error);
    });
    await readBackEncrypted(session, client, partial, format, encrypted);
}
/**
 * Reads the age file back with its own file key: an archive decrypted into
 * pg_restore through a FIFO, plain SQL by its closing line; either way the
 * plaintext must be the bytes that were encrypted.
 */
async function readBackEncrypted(session, client, partial, format, encrypted) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    const plain = async () => (0,age_file/* tapped */.DS)(await (0,age_file/* decryptStream */.UC)(partial, encrypted.readBack), bytes => {
        hash.update(bytes);
        size += bytes.length;
    });
    const opened = async () => plain().catch((error) => {
        throw (0,verify/* unreadable */.O$)(`the age file cannot be decrypted (${error.message})`);
    });
    let entries = true;
    if (format === 'plain') {
        entries = await checkPlain(await opened());
    }
    else {
        const result = await (0,process_fifo/* feedingFifo */.V2)(session.cancellation, opened, fifo => session.run(client, 'pg_restore', (0,core_args/* streamReadBackArgs */.$U)(fifo)), true).catch((error) => {
            if (error instanceof core_errors/* ToolError */.v4)
                throw error;
            throw (0,verify/* unreadable */.O$)(`the age file does not decrypt end to end (${error.message})`);
        });
        if (result.exitCode !== 0) {
            throw (0,verify/* unreadable */.O$)('its archive cannot be read back end to end from the age file', result);
        }
    }
    if (size !== encrypted.plain.size ||
        hash.digest('hex') !== encrypted.plain.sha256) {
        throw (0,verify/* unreadable */.O$)(`the age file decrypts to other bytes than pg_dump wrote (${size} bytes, not ${encrypted.plain.size})`);
    }
    session.logger.info(`Verified: the age file decrypts, every chunk authenticated, to the ${size} bytes pg_dump wrote, and ` +
        (format === 'plain'
            ? "they end with pg_dump's completion line"
            : 'pg_restore read the whole archive back from it'));
    if (!entries)
        (0,verify/* warnEmpty */.kU)(session);
}
/** Reads a decrypted plain script to its end: whether it holds an object; throws when it lacks the closing line. */
async function checkPlain(stream) {
    let tail = Buffer.alloc(0);
    let entry = false;
    let carry = '';
    try {
        for await (const chunk of stream) {
            const bytes = chunk;
            tail = Buffer.concat([tail, bytes]).subarray(-TAIL);
            if (!entry) {
                const text = carry + bytes.toString('latin1');
                entry = PLAIN_ENTRY.test(text);
                carry = text.slice(text.lastIndexOf('\n') + 1);
            }
        }
    }
    catch (error) {
        throw (0,verify/* unreadable */.O$)(`the age file does not decrypt end to end (${error.message})`);
    }
    if (!(0,verify/* endsComplete */.k9)(tail)) {
        throw (0,verify/* unreadable */.O$)(`the plain dump is incomplete: it lacks pg_dump's completion line (${verify/* PLAIN_COMPLETE */.pn})`);
    }
    return entry;
}

// EXTERNAL MODULE: ./lib/core/archive/data-file.js + 1 modules
var data_file = __webpack_require__(58487);
// EXTERNAL MODULE: ./lib/core/archive/writer-watch.js
var writer_watch = __webpack_require__(41349);
// EXTERNAL MODULE: ./lib/core/dump/reading-thread.js
var reading_thread = __webpack_require__(51483);
;// CONCATENATED MODULE: ./lib/core/dump/read-as-finished.js
// Verifying a parallel directory dump while pg_dump writes it. pg_dump
// writes toc.dat before any data, then its workers write one file per
// table; with --verbose the leader reports each item a worker has finished
// ("finished item <id> …"), its file closed. While pg_dump runs, the
// folder is watched and every gzip or uncompressed data file is read back
// as it grows (data-file.ts) by a thread of this process at the lowest
// priority (reading-thread.ts), doing what pg_restore does with them at
// half its CPU; each report tells its file's reader that the file is
// whole. Other data files (lz4, zstd) are read back by one pg_restore at a
// time as their items finish. Once pg_dump has exited, every entry not yet
// read is read back in `jobs` parts, as a dump verified afterwards would be.










/** pg_dump's verbose report that a parallel worker finished an item (untranslated). */
const FINISHED = /^pg_dump: finished item (\d+) /;
/** How often the archive's folder is looked at for new data files. */
const SCAN_MS = 50;
/**
 * Reads back the data files pg_dump writes, each as it grows, and the items
 * pg_dump reports finished that this process cannot read, one pg_restore at
 * a time.
 */
class FinishedItems {
    #session;
    #client;
    #archive;
    #dir;
    #queue = [];
    #list;
    #draining;
    #batches = 0;
    /** the data files being read as they grow, by name */
    #growing = new Map();
    /** where they are read: a thread at the lowest priority */
    #thread;
    /** every data file seen, followed or not */
    #seen = new Set();
    /** the folder's scan for data files, until {@link dumped} */
    #scanning;
    /** pg_dump's progress, for the scan of its folder */
    #dump = new writer_watch/* WriterWatch */.J(SCAN_MS);
    /** the first failed read-back, if any */
    failure;
    /** the entries read back */
    read = new Set();
    /** bytes of data files read before pg_dump reported them finished, and in all */
    bytes = { early: 0, all: 0 };
    /** their data files' CRC-32s as read, by name */
    crcs = new Map();
    constructor(session, client, archive, dir, thread) {
        this.#session = session;
        this.#client = client;
        this.#archive = archive;
        this.#dir = dir;
        this.#thread = thread;
        this.#scanning = this.#scan();
    }
    async #scan() {
        while (!this.#dump.ended && !this.failure) {
            await this.#follow();
            await this.#dump.pause();
        }
    }
    /** Starts reading each data file of the folder not yet read; returns the folder's names. */
    async #follow() {
        let names;
        try {
            names = await (0,promises_.readdir)(this.#archive);
        }
        catch (error) {
            // pg_dump has not made the folder yet
            if (error.code === 'ENOENT')
                return [];
            throw error;
        }
        for (const name of names) {
            if (this.#seen.has(name) || !verify/* DATA_FILE */.AL.test(name))
                continue;
            this.#seen.add(name);
            if (!data_file/* INFLATABLE */.D9.test(name))
                continue;
            this.#growing.set(name, this.#thread.dataFile((0,external_node_path_.join)(this.#archive, name)));
        }
        return names;
    }
    /**
     * pg_dump has exited: with `ok`, its files are whole, and the ones still
     * followed (their reports not acted on yet) are read to their end; the
     * others are read no further.
     */
    async dumped(ok) {
        this.#dump.end();
        await this.#scanning.catch(() => { });
        await this.settled();
        if (ok && !this.failure)
            await this.#finish([...this.#growing.keys()]);
        const left = [...this.#growing.values()];
        for (const file of left)
            file.stop();
        await Promise.allSettled([this.#list, ...left.map(file => file.done)]);
    }
    /** Tells the named files' readers they are whole; takes their CRC-32s. */
    async #finish(names) {
        for (const name of names)
            this.#growing.get(name)?.end();
        for (const name of names) {
            const file = this.#growing.get(name);
            if (!file)
                continue;
            let read;
            try {
                read = await file.done;
            }
            catch (error) {
                this.failure ??= (0,verify/* unreadable */.O$)(`its data file ${name} cannot be read back (${error.message})`);
                return;
            }
            this.crcs.set(name, read.crc);
            this.bytes.early += read.early;
            this.bytes.all += read.length;
            this.#growing.delete(name);
            this.read.add(Number(verify/* DATA_FILE */.AL.exec(name)?.[1]));
        }
    }
    /** pg_dump's stderr, line by line. */
    line(line) {
        const finished = FINISHED.exec(line);
        if (!finished || this.failure)
            return;
        // a failure is met where the list is awaited
        this.list().catch(() => { });
        this.#queue.push(Number(finished[1]));
        this.#draining ??= this.#drain().finally(() => {
            this.#draining = undefined;
        });
    }
    /**
     * The table of contents; toc.dat is complete before any item finishes.
     * Asked once, at the first report, so it is there when pg_dump exits.
     */
    list() {
        this.#list ??= (0,verify/* listToc */.HF)(this.#session, this.#client, this.#archive);
        return this.#list;
    }
    /**
     * Finishes reading the queued items' data files (`<id>.dat…`; large
     * objects wait for the end): gzip and uncompressed ones in this process,
     * others by pg_restore. Each file's CRC-32 is taken as it is read, to show
     * at the end that the finished archive holds those bytes.
     */
    async #drain() {
        while (this.#queue.length > 0 && !this.failure) {
            const queued = new Set(this.#queue.splice(0));
            const files = new Map();
            for (const name of await this.#follow()) {
                const id = Number(verify/* DATA_FILE */.AL.exec(name)?.[1]);
                if (queued.has(id))
                    files.set(id, name);
            }
            const here = [...files.values()].filter(name => data_file/* INFLATABLE */.D9.test(name));
            await this.#finish(here);
            if (this.failure)
                return;
            const there = [...files].filter(([, name]) => !data_file/* INFLATABLE */.D9.test(name));
            if (there.length === 0)
                continue;
            const ids = new Set(there.map(([id]) => id));
            const lines = (0,archive_toc/* tocEntries */.dr)(await this.list()).filter(l => ids.has((0,archive_toc/* entryId */.ub)(l)));
            await this.#restoreRead(lines, files);
        }
    }
    /** Reads entries back with one pg_restore, taking their files' CRC-32s. */
    async #restoreRead(lines, files) {
        const useList = (0,external_node_path_.join)(this.#dir, `finished-${++this.#batches}.list`);
        await (0,promises_.writeFile)(useList, `${lines.join('\n')}\n`);
        const [result, crcs] = await Promise.all([
            this.#session.run(this.#client, 'pg_restore', (0,core_args/* readBackArgs */.Rn)(this.#archive, useList)),
            Promise.all(lines.map(async (line) => {
                const name = files.get((0,archive_toc/* entryId */.ub)(line));
                return [name, await (0,archive_digest/* fileCrc */.F)((0,external_node_path_.join)(this.#archive, name))];
            }))
        ]);
        if (result.exitCode !== 0) {
            this.failure = (0,verify/* unreadable */.O$)('its archive cannot be read back end to end', result);
            return;
        }
        for (const line of lines)
            this.read.add((0,archive_toc/* entryId */.ub)(line));
        for (const [name, crc] of crcs)
            this.crcs.set(name, crc);
    }
    /** Waits for the read-back under way. */
    async settled() {
        while (this.#draining)
            await this.#draining;
    }
}
/**
 * Runs `dump` (pg_dump with --verbose, its stderr lines passed to the
 * callback) writing a directory archive to `partial` with `jobs` workers,
 * reading items back as they finish; returns the archive's digest once
 * every entry has been read back.
 */
async function dumpDirectoryReadingBack(session, client, partial, jobs, dump) {
    return (0,temp/* withTrackedTemp */.p)(session.cancellation, { prefix: 'verify' }, async (dir) => {
        const thread = new reading_thread/* ReadingThread */.P();
        const items = new FinishedItems(session, client, partial, dir, thread);
        let ok = false;
        try {
            await dump(line => items.line(line));
            ok = true;
        }
        finally {
            // a failed read-back is reported after pg_dump's own failure
            await items.dumped(ok).catch(() => { });
            await thread.close();
        }
        if (items.failure)
            throw items.failure;
        const list = await items.list();
        const rest = (0,archive_toc/* tocEntries */.dr)(list).filter(l => !items.read.has((0,archive_toc/* entryId */.ub)(l)));
        const [digest] = await Promise.all([
            (0,archive_digest/* fileDigest */.h)(partial, { start: 0, end: Number.POSITIVE_INFINITY }),
            rest.length > 0 || items.read.size === 0
                ? (0,verify/* readBackParts */.G)(session, partial, `${rest.join('\n')}\n`, jobs, client, dir)
                : undefined
        ]);
        for (const [name, crc] of items.crcs) {
            if (digest.fileCrcs?.get(name) !== crc) {
                throw (0,verify/* unreadable */.O$)(`its data file ${name} changed after it was read back`);
            }
        }
        const entries = (0,archive_toc/* tocEntryCount */.et)(list);
        const { early, all } = items.bytes;
        session.logger.debug(`Data files read back as pg_dump wrote them: ${early} of their ${all} bytes before pg_dump reported their items finished`);
        session.logger.info(`Verified: the whole archive was read back (${entries} entries; ${items.read.size} read as pg_dump wrote them)`);
        if (entries === 0)
            (0,verify/* warnEmpty */.kU)(session);
        return { size: digest.size, sha256: digest.sha256 };
    });
}

// EXTERNAL MODULE: ./lib/core/archive/custom-data.js
var custom_data = __webpack_require__(98572);
;// CONCATENATED MODULE: ./lib/core/dump/read-while-writing.js
// Verifying a custom dump while pg_dump writes it: the follower reads the
// growing file's data blocks back in this process, in a thread of its own
// at the lowest priority (follow.ts, reading-thread.ts); once
// pg_dump has exited, the finished file's rewritten table of contents is
// shown to be the one read but for its data offsets, the offsets are
// checked against the blocks read, and the data is shown to be the bytes
// that were read (CRC-32, taken in the hashing pass).





/**
 * Runs `dump` (pg_dump writing a custom archive to `partial`, throwing when
 * it fails) while its data blocks are read back; returns the finished
 * file's digest once every check passed. Where the archive is one the
 * reader does not know (a table of contents of another version, lz4 or
 * zstd data), the finished file is read back afterwards instead (by
 * pg_restore), as for other formats.
 */
async function dumpReadingBack(session, client, partial, dump) {
    // pg_dump first, the step's longest path; the reading thread follows the
    // file from its start as soon as it exists
    const dumping = dump();
    // awaited below, pg_dump first: until then a failure waits
    dumping.catch(() => { });
    const thread = new reading_thread/* ReadingThread */.P();
    let followed;
    try {
        const following = thread.follow(partial);
        try {
            await dumping;
        }
        catch (error) {
            following.stop();
            await following.done.catch(() => { });
            throw error;
        }
        following.end();
        followed = await following.done.catch((error) => {
            if (!(error instanceof custom_data/* DataProblem */._O))
                throw error;
            throw (0,verify/* unreadable */.O$)(`its archive cannot be read back end to end: ${error.message}`);
        });
    }
    finally {
        await thread.close();
    }
    return checkFinished(session, client, partial, followed);
}
/** Checks the finished file against what was read while it was written. */
async function checkFinished(session, client, partial, followed) {
    if (!followed.head || !followed.toc || !followed.blocks) {
        return (0,verify/* readBackFinished */.Sq)(session, partial, 'custom', client, 1);
    }
    const toc = await (0,custom_toc/* rewrittenToc */.tf)(partial, followed.head, followed.toc);
    if ('changedAt' in toc) {
        // a table of contents this reader no longer reads: pg_restore judges it
        if (!(await (0,custom_toc/* readCustomToc */.K6)(partial))) {
            return (0,verify/* readBackFinished */.Sq)(session, partial, 'custom', client, 1);
        }
        throw (0,verify/* unreadable */.O$)(`its table of contents changed after it was read back (at byte ${toc.changedAt}), not only its data offsets`);
    }
    const digest = await (0,archive_digest/* fileDigest */.h)(partial, {
        start: toc.dataStart,
        end: followed.length
    });
    if (digest.size !== followed.length) {
        throw (0,verify/* unreadable */.O$)(`the file changed while it was read back (${followed.length} bytes read, ${digest.size} in the file)`);
    }
    const offsets = (0,custom_data/* offsetsProblem */.Ys)(toc, followed.blocks, digest.size);
    if (offsets)
        throw (0,verify/* unreadable */.O$)(`its table of contents is wrong: ${offsets}`);
    if (digest.crc32 !== followed.dataCrc) {
        throw (0,verify/* unreadable */.O$)('its data blocks changed after they were read back');
    }
    const entries = toc.entries.filter(e => e.listed).length;
    const how = (0,verify/* readHow */.BY)(followed.toc.compression === 'gzip');
    session.logger.info(`Verified: pg-dumper read the whole archive back itself while pg_dump wrote it (${entries} entries, ${how}); the finished file's table of contents and data offsets match`);
    if (entries === 0)
        (0,verify/* warnEmpty */.kU)(session);
    return { size: digest.size, sha256: digest.sha256 };
}

;// CONCATENATED MODULE: ./lib/core/dump/write.js









/** The dump of a connection's database, verified and in place, encrypted when the plan says. */
async function writeDump(session, plan, connection, drill) {
    const { file, plainFile } = plan;
    const write = (target, encryptInto) => writeVerified(session, plan, connection, { target, encryptInto, drill });
    if (plan.recipients.length === 0)
        return write(file);
    if (plainFile === undefined)
        return write(file, (0,atomic_file/* partialPath */.Dn)(file));
    await write(plainFile);
    session.logger.info(`Kept the plaintext dump at ${plainFile}, as asked`);
    return (0,temp/* withTrackedTemp */.p)(session.cancellation, { path: (0,atomic_file/* partialPath */.Dn)(file) }, async (partial) => {
        await encryptFile(session, plan.client, plainFile, partial, plan.format, plan.recipients);
        const written = await (0,archive_digest/* fileDigest */.h)(partial);
        await moveIntoPlace(partial, file);
        return written;
    });
}
/**
 * pg_dump into a temporary path beside `target`, read back, then renamed to
 * it; with `encryptInto`, pg_dump writes into a FIFO whose stream is
 * encrypted into that path, renamed to the plan's file.
 */
function writeVerified(session, plan, connection, { target, encryptInto, drill }) {
    const { client, format, jobs } = plan;
    return (0,temp/* withTrackedTemp */.p)(session.cancellation, { path: encryptInto ?? (0,atomic_file/* partialPath */.Dn)(target) }, async (partial) => {
        // a parallel directory dump's data files are read as they are written
        const streamed = format === 'directory' && jobs > 1;
        const runDump = async (onErrLine, to = partial) => {
            const args = plan.args(connection, to, {
                verbose: streamed,
                noSync: encryptInto !== undefined,
                snapshot: drill?.snapshot
            });
            const result = await session.run(client, 'pg_dump', args, false, onErrLine);
            if (plan.checked)
                await checkedAhead(plan.checked, result);
            if (result.exitCode !== 0) {
                const stderr = streamed
                    ? withoutProgress(result.stderr)
                    : result.stderr;
                throw new core_errors/* ToolError */.v4('failed', (0,process_runner/* failureMessage */.oh)('pg_dump', { ...result, stderr }), { tool: 'pg_dump', exitCode: result.exitCode, stderr });
            }
        };
        let written;
        let readBack;
        if (encryptInto !== undefined) {
            readBack = await dumpEncrypted(session, client, partial, format, plan.recipients, fifo => runDump(undefined, fifo));
            written = await (0,archive_digest/* fileDigest */.h)(partial);
        }
        else if (format === 'custom') {
            // read back while pg_dump writes, then check the finished file
            written = await dumpReadingBack(session, client, partial, runDump);
        }
        else if (streamed) {
            written = await dumpDirectoryReadingBack(session, client, partial, jobs, runDump);
        }
        else {
            await runDump();
            written = await (0,verify/* readBackFinished */.Sq)(session, partial, format, client, jobs);
        }
        session.cancellation.throwIfCancelled(`pg_dump was stopped and ${partial} removed`);
        await drill?.check(partial, readBack);
        await moveIntoPlace(partial, encryptInto === undefined ? target : plan.file);
        return written;
    });
}
/**
 * pg_dump's stderr without the progress lines --verbose adds: its errors,
 * warnings, details and hints stay, as do lines that continue them.
 */
function withoutProgress(stderr) {
    return stderr
        .split('\n')
        .filter(line => !line.startsWith('pg_dump: ') ||
        /^pg_dump: (error|warning|detail|hint): /.test(line))
        .join('\n')
        .trim();
}
/**
 * pg_dump started before the server accepted connections (its check then
 * waited for it): the dump is to be made again, with the checked plan.
 */
class StartedTooEarly extends Error {
}
/**
 * The verdict on a pg_dump started beside the connection check, which
 * comes first: the check's failure is the step's (a connection refused, a
 * client older than the server), whatever pg_dump said.
 */
async function checkedAhead(checked, result) {
    await checked;
    const refused = /^pg_dump: error: (connection to server .* failed|could not connect to server)/m;
    if (result.exitCode !== 0 && refused.test(result.stderr))
        throw new StartedTooEarly('pg_dump could not connect yet');
}
/** Renames a verified dump to its target; a command ToolError when that fails. */
async function moveIntoPlace(partial, target) {
    await (0,atomic_file/* replacePath */.WI)(partial, target).catch((error) => {
        throw new core_errors/* ToolError */.v4('command', `Cannot move the verified dump into place at ${target}: ${error.message}. Nothing was written to the target.`, { tool: 'pg_dump' });
    });
}

;// CONCATENATED MODULE: ./lib/core/dump/drill.js
// Restore drills (verify: restore): the dump, before it takes its name, is
// restored into a scratch database (on the dumped server, or on the
// verify connection's) and every table's rows there are compared with the
// rows counted in the dump's own snapshot. The scratch database is always
// dropped: on success, failure and cancellation.










/** Every scratch database's name starts so, to be found if a killed run left one. */
const SCRATCH_PREFIX = 'pg_dumper_drill_';
/** The session of the server the drill restores on: the verify connection's, or the dumped one's. */
function drillServer(session, options) {
    return options.verifyConnection
        ? session.forConnection(Connection.parse(options.verifyConnection))
        : session;
}
/**
 * Before anything is dumped: the drill's server answers and its role may
 * create the scratch database; else a command ToolError saying what to
 * set.
 */
async function checkDrillable(session, options) {
    if (process.platform === 'win32') {
        throw new core_errors/* ToolError */.v4('command', `${session.wording.set('verify', 'restore')} counts the dumped rows in a session fed through a FIFO, which Windows lacks: run the drill on a Linux or macOS runner. Nothing was dumped.`, { tool: 'psql' });
    }
    const server = drillServer(session, options);
    try {
        if (options.verifyConnection)
            await server.serverVersion();
        const [role, may, superuser] = (await server.query(`SELECT current_user || '|' || (rolcreatedb OR rolsuper)::int || '|' || rolsuper::int FROM pg_roles WHERE rolname = current_user`, 'ask whether the role may create databases', server.connection, true)).split('|');
        const { wording } = session;
        if (may === '1') {
            if (superuser !== '1')
                await checkExtensions(session, server, role);
            return;
        }
        throw new core_errors/* ToolError */.v4('command', `${wording.set('verify', 'restore')} restores each dump into a scratch database, and the role ${role} may not create databases on ${server.connection.endpoint}, so nothing was dumped. ` +
            `Grant it CREATEDB (ALTER ROLE ${quoteIdent(role ?? '')} CREATEDB), or set ${wording.name('verifyConnection')} to a server where the role may create databases (a service container).`, { tool: 'psql' });
    }
    finally {
        if (server !== session)
            await server.close();
    }
}
/**
 * The scratch database starts empty, and only a superuser creates an
 * extension that is not trusted (PostGIS, hstore before 13): a dump holding
 * one would fail its drill after the whole dump, for a reason that is not
 * the dump's. Refused before dumping, naming them.
 */
async function checkExtensions(session, server, role) {
    const untrusted = await session.query(`SELECT string_agg(e.extname, ', ' ORDER BY e.extname) FROM pg_extension e ` +
        `JOIN pg_available_extension_versions v ON v.name = e.extname AND v.version = e.extversion WHERE NOT v.trusted`, 'list the extensions only a superuser may create', session.connection, true);
    if (untrusted === '')
        return;
    const { wording } = session;
    throw new core_errors/* ToolError */.v4('command', `${wording.set('verify', 'restore')} restores each dump into a new, empty scratch database, where the dump creates its extensions (${untrusted}), and only a superuser may create them: the role ${role} is not one on ${server.connection.endpoint}, so nothing was dumped. ` +
        `Set ${wording.name('verifyConnection')} to a server where the role is a superuser (a service container with the same extensions installed).`, { tool: 'psql' });
}
/** The dump written with a drill before it takes its name: its digest and what the drill compared. */
async function writeDrilled(session, plan, connection, options) {
    let verified;
    const probe = await session.probe();
    // made while pg_dump runs: its time is off the drill's path
    const scratch = await scratchDatabase(session, plan, options);
    try {
        const digest = await withSnapshot(session, probe, connection, tables => dumpedTables(tables, options), async (snapshot, counts, end) => writeDump(session, plan, connection, {
            snapshot,
            check: async (path, readBack) => {
                const dumped = await counts;
                await end();
                await scratch.ready;
                verified = await drill(session, plan, scratch.session, {
                    path,
                    readBack,
                    dumped
                });
            }
        }));
        if (verified === undefined)
            throw new Error('the drill did not run');
        return { digest, verified };
    }
    finally {
        await scratch.drop();
    }
}
/**
 * Starts making `pg_dumper_drill_<random>` on the drill's server, and has
 * it dropped also when the run is cancelled.
 */
async function scratchDatabase(session, plan, options) {
    const base = drillServer(session, options);
    const name = `${SCRATCH_PREFIX}${(0,external_node_crypto_.randomBytes)(6).toString('hex')}`;
    const server = base === session ? plan.server : await base.serverVersion();
    const ready = base.sql([`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`], 'create the scratch database of the restore drill');
    ready.catch(() => { });
    const into = base.forDatabase(name);
    let dropping;
    const drop = () => (dropping ??= (async () => {
        await ready.catch(() => { });
        await into.close();
        await dropThrowaway(base, name, server, {
            dropped: 'Dropped the scratch database',
            kept: "Could not drop the restore drill's scratch database"
        });
        if (base !== session)
            await base.close();
    })());
    const forget = session.cancellation.defer(drop);
    return {
        session: into,
        ready,
        drop: () => drop().finally(forget)
    };
}
/** Restores the dump into the scratch database and compares its rows. */
async function drill(session, plan, into, input) {
    const started = performance.now();
    session.logger.info(`Restore drill: restoring the dump into the scratch database ${into.connection.dbname ?? ''} on ${into.connection.endpoint}`);
    const failure = await restoreInto(into, plan, input);
    const restored = parseRows(await into.query(COUNT_ROWS_SQL, 'count the rows of the restored tables', into.connection, true));
    const verified = compareRows(input.dumped, restored, failure, {
        file: plan.file,
        durationMs: performance.now() - started
    });
    session.logger.info(`Restore drill: ${verified.tables} table(s), ${verified.rows} row(s), each table's rows as dumped, in ${Math.round(verified.durationMs)} ms`);
    return verified;
}
/** Restores the dump into the scratch database; the restore's error message when it failed. */
async function restoreInto(into, plan, input) {
    try {
        await restore(into, {
            file: input.path,
            // as a restore would; a stream (plain, an age file) takes one job
            jobs: core_args/* PARALLEL_RESTORE_FORMATS */.Wi.includes(plan.format) && !input.readBack
                ? plan.jobs
                : 1,
            ...(input.readBack && { decryptKey: input.readBack })
        });
        return undefined;
    }
    catch (error) {
        if (error instanceof core_errors/* OperationCancelled */.TP)
            throw error;
        if (into.cancellation.reason !== undefined)
            throw error;
        if (error instanceof core_errors/* VerificationFailed */.XI)
            throw error;
        return error.message;
    }
}

// EXTERNAL MODULE: ./lib/core/dump/compression.js
var compression = __webpack_require__(74864);
;// CONCATENATED MODULE: ./lib/core/dump/kept-uses.js
// What kept objects use in the schemas a dump leaves out, from the
// catalogue in one query. Members of extensions are no concern (the
// extension brings them); uses of them are only counted per extension.


// The catalogues whose objects live in a schema, by their schema column.
const IN_SCHEMA = [
    ['pg_class', 'relnamespace'],
    ['pg_type', 'typnamespace'],
    ['pg_proc', 'pronamespace'],
    ['pg_constraint', 'connamespace'],
    ['pg_operator', 'oprnamespace'],
    ['pg_opclass', 'opcnamespace'],
    ['pg_opfamily', 'opfnamespace'],
    ['pg_collation', 'collnamespace'],
    ['pg_conversion', 'connamespace'],
    ['pg_statistic_ext', 'stxnamespace'],
    ['pg_ts_config', 'cfgnamespace'],
    ['pg_ts_dict', 'dictnamespace'],
    ['pg_ts_parser', 'prsnamespace'],
    ['pg_ts_template', 'tmplnamespace']
];
// Objects without a schema of their own belong to another: a rule, trigger,
// default or policy to its table, an operator family's members to it.
const OWNERS = [
    ['pg_rewrite', 'ev_class', 'pg_class'],
    ['pg_trigger', 'tgrelid', 'pg_class'],
    ['pg_attrdef', 'adrelid', 'pg_class'],
    ['pg_policy', 'polrelid', 'pg_class'],
    ['pg_amop', 'amopfamily', 'pg_opfamily'],
    ['pg_amproc', 'amprocfamily', 'pg_opfamily']
];
const inside = IN_SCHEMA.map(([t, n]) => `SELECT '${t}'::regclass::oid AS classid, oid FROM ${t} WHERE ${n} IN (SELECT oid FROM ns)`).join('\n  UNION ALL ');
const ownerClass = `CASE ${OWNERS.map(([t, , owner]) => `WHEN d.classid = '${t}'::regclass THEN '${owner}'::regclass::oid`).join(' ')} ELSE d.classid END`;
const ownerOid = `coalesce(${OWNERS.map(([t, column]) => `${t}.${column}`).join(', ')}, d.objid)`;
const ownerJoins = OWNERS.map(([t]) => `LEFT JOIN ${t} ON d.classid = '${t}'::regclass AND ${t}.oid = d.objid`).join('\n  ');
// Names come from pg_identify_object (schema names quoted as needed), called
// once per object used and per object named: never for each dependency, so
// that the query stays cheap and far below the planner's JIT threshold,
// which the first form of this query crossed on large models.
const QUERY = (names) => `WITH excluded AS (SELECT json_array_elements_text(${names}::json) AS name),
ns AS (SELECT oid FROM pg_namespace WHERE nspname IN (SELECT name FROM excluded)),
inside AS (
  ${inside}
),
uses AS (
  SELECT d.classid, d.objid, d.objsubid, d.refclassid, d.refobjid,
    ${ownerClass} AS oclass, ${ownerOid} AS oobj
  FROM pg_depend d
  JOIN inside i ON i.classid = d.refclassid AND i.oid = d.refobjid
  ${ownerJoins}
  WHERE d.deptype = 'n'
  OFFSET 0
),
kept AS (
  SELECT u.*, u.classid = 'pg_rewrite'::regclass AS rule,
    -- a rule counts as its view
    CASE WHEN u.classid = 'pg_rewrite'::regclass THEN u.oclass ELSE u.classid END AS objclass,
    CASE WHEN u.classid = 'pg_rewrite'::regclass THEN u.oobj ELSE u.objid END AS objoid
  FROM uses u
  WHERE NOT EXISTS (SELECT FROM inside i WHERE i.classid = u.oclass AND i.oid = u.oobj)
    AND NOT EXISTS (SELECT FROM pg_depend e WHERE e.classid = u.oclass AND e.objid = u.oobj AND e.deptype = 'e')
),
refs AS (
  SELECT s.refclassid, s.refobjid, ref.type, ref.identity,
    -- the extension it belongs to; an array type, its element type's
    (SELECT (SELECT x.extname FROM pg_extension x WHERE x.oid = e.refobjid) FROM pg_depend e
      WHERE e.classid = s.refclassid AND e.deptype = 'e'
        AND e.objid IN (s.refobjid, (SELECT i.refobjid FROM pg_depend i WHERE i.classid = s.refclassid
          AND i.objid = s.refobjid AND i.refclassid = s.refclassid AND i.deptype = 'i' LIMIT 1))
      LIMIT 1) AS extension
  FROM (SELECT DISTINCT refclassid, refobjid FROM kept) s
  -- objsubid 0: a column used counts as its table
  CROSS JOIN LATERAL pg_identify_object(s.refclassid, s.refobjid, 0) ref
),
found AS (
  SELECT k.*, r.type AS rtype, r.identity AS ridentity, r.extension
  FROM kept k JOIN refs r ON r.refclassid = k.refclassid AND r.refobjid = k.refobjid
),
named AS (
  SELECT DISTINCT
    CASE WHEN f.rule THEN 'view ' || obj.identity ELSE dep.type || ' ' || dep.identity END AS dependent,
    CASE WHEN f.rule THEN 'view' ELSE dep.type END AS kind,
    obj.identity AS object, obj.type AS "objectKind",
    f.rtype || ' ' || f.ridentity AS used, f.rtype AS "usedKind", NULL::name AS extension
  FROM found f
  CROSS JOIN LATERAL pg_identify_object(f.objclass, f.objoid, 0) obj
  CROSS JOIN LATERAL pg_identify_object(f.classid, f.objid, f.objsubid) dep
  WHERE f.extension IS NULL
),
members AS (
  -- uses of extension members are counted, not named: kinds from the catalogue
  SELECT DISTINCT '' AS dependent, '' AS kind, f.objclass || '/' || f.objoid AS object,
    CASE f.objclass
      WHEN 'pg_class'::regclass THEN (SELECT CASE c.relkind WHEN 'i' THEN 'index' WHEN 'I' THEN 'index'
        WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table'
        WHEN 'S' THEN 'sequence' WHEN 'c' THEN 'composite type' ELSE 'table' END
        FROM pg_class c WHERE c.oid = f.objoid)
      WHEN 'pg_proc'::regclass THEN 'function'
      ELSE (SELECT o.type FROM pg_identify_object(f.objclass, f.objoid, 0) o) END AS "objectKind",
    '' AS used, f.rtype AS "usedKind", f.extension
  FROM found f
  WHERE f.extension IS NOT NULL
)
SELECT coalesce(json_agg(x ORDER BY extension, dependent, used), '[]')
FROM (SELECT * FROM named UNION ALL SELECT * FROM members) x`;
/**
 * The uses of objects inside `excluded` by objects outside it (a view over
 * a table, a trigger calling a function, a column of a type there), leaving
 * out the members of extensions. A use of an extension's member comes with
 * its extension, the kinds of the object and of the member, and an id for
 * the object in place of names.
 */
async function keptUses(session, excluded) {
    const json = await session.query(QUERY(quoteLiteral(JSON.stringify(excluded))), 'find the kept objects that use the excluded schemas', session.connection, true);
    const value = JSON.parse(json);
    const text = (v) => typeof v === 'string';
    if (!Array.isArray(value) ||
        !value.every((u) => text(u.dependent) &&
            text(u.kind) &&
            text(u.object) &&
            text(u.objectKind) &&
            text(u.used) &&
            text(u.usedKind))) {
        throw new core_errors/* ToolError */.v4('failed', `psql printed no list of uses: ${json}`);
    }
    return value;
}

;// CONCATENATED MODULE: ./lib/core/dump/schemas.js
// The schema lists of a dump, checked against the database before pg_dump
// runs: items that match no schema are named with the schemas there are,
// and an excluded schema that kept objects use is named with those objects.




/** The schemas the connection's database holds, system schemas left out. */
async function schemaNames(session) {
    const json = await session.query(`SELECT coalesce(json_agg(nspname ORDER BY nspname), '[]') FROM pg_namespace ` +
        `WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'`, 'list the schemas of the database', session.connection, true);
    return parseList(json);
}
function parseList(json) {
    const value = JSON.parse(json);
    if (!Array.isArray(value) || !value.every(v => typeof v === 'string')) {
        throw new core_errors/* ToolError */.v4('failed', `psql printed no list of names: ${json}`);
    }
    return value;
}
/** Warns about the items of `option` that match no schema in `names`. */
function warnUnmatched(session, option, unmatched, names) {
    const warning = unmatchedWarning(session.wording.name(option), unmatched, names, session.target);
    if (warning)
        session.logger.warning(warning);
}
/**
 * The dump's schema lists as pg_dump patterns, after checking them against
 * the database; warns about items that match nothing and about kept
 * objects that use an excluded schema.
 */
async function checkedSchemaPatterns(session, excludeSchemas, schemas) {
    if (excludeSchemas.length === 0 && schemas.length === 0) {
        return { excludeSchemas: [], schemas: [] };
    }
    const names = await schemaNames(session);
    const excluded = matchSchemas(excludeSchemas, names);
    warnUnmatched(session, 'excludeSchemas', excluded.unmatched, names);
    warnUnmatched(session, 'schemas', matchSchemas(schemas, names).unmatched, names);
    if (excluded.matched.length) {
        const uses = await keptUses(session, excluded.matched);
        // pg_dump creates extensions unless a schema list narrows the dump
        const at = { at: 'dump', createsExtensions: schemas.length === 0 };
        for (const warning of keptUsesWarnings(uses, excluded.matched, at))
            session.logger.warning(warning);
    }
    return {
        excludeSchemas: excludeSchemas.map(pgDumpPattern),
        schemas: schemas.map(pgDumpPattern)
    };
}

;// CONCATENATED MODULE: ./lib/core/dump/plan.js
// A dump's plan, settled before pg_dump runs: the targets checked, the
// server asked its version, a client chosen, the compression and the schema
// patterns checked, the targets' folders made. What is wrong fails here,
// before anything is written.








/**
 * Checks the options against the target and the server; the plan of the
 * dump. `streamed`: no file is written (the dump goes to a store's stream),
 * so no target is checked and no folder made.
 */
async function planDump(session, options, streamed = false, local = localPlan(session, options, streamed)) {
    const server = await session.serverVersion();
    const client = await session.client({
        major: server.major,
        why: `the server (${server.text})`,
        tool: 'pg_dump'
    });
    const patterns = await checkedSchemaPatterns(session, options.excludeSchemas ?? [], options.schemas ?? []);
    if (!streamed)
        await makeFolders(local);
    return { ...writePlan(session, options, local, client, patterns), server };
}
/**
 * The plan of a dump, whose pg_dump may start while the connection is
 * checked (the check and pg_dump's start are each tens of milliseconds a
 * fixture's step pays) where nothing pg_dump is given depends on the
 * server: its client is the folder `pgBinDir` names, and no schema pattern
 * is matched against the database, no scrub or drill comes first. Then
 * `checked` is the plan planDump makes, the check included; else the plan
 * is planDump's.
 */
async function planAhead(session, options) {
    const matched = [
        ...(options.excludeSchemas ?? []),
        ...(options.schemas ?? [])
    ];
    if (options.scrub || options.verify === 'restore' || matched.length > 0)
        return planDump(session, options);
    const local = localPlan(session, options);
    const checked = planDump(session, options, false, local); // the check starts
    // awaited once pg_dump ends, or by the caller: a refusal meanwhile (while
    // the client is found) is not an unhandled rejection
    checked.catch(() => { });
    const client = await session.clients.given();
    if (!client)
        return checked;
    const plan = writePlan(session, options, local, client, {
        excludeSchemas: [],
        schemas: []
    });
    await makeFolders(local);
    return { ...plan, checked };
}
/** The checks that need no server (of the targets: none when `streamed`). */
function localPlan(session, options, streamed = false) {
    const file = (0,external_node_path_.resolve)(options.file);
    const format = options.format ?? 'custom';
    const recipients = options.encryptTo ?? [];
    const plainFile = recipients.length > 0
        ? options.plainFile && (0,external_node_path_.resolve)(options.plainFile)
        : file;
    if (recipients.length > 0 && !ENCRYPTABLE_FORMATS.includes(format)) {
        throw new core_errors/* ToolError */.v4('command', `Cannot encrypt a ${format} dump: it is not one stream. Encrypt a custom or plain dump.`, { tool: 'pg_dump' });
    }
    for (const target of streamed ? [] : targetsOf({ file, plainFile })) {
        const unsafe = (0,atomic_file/* unsafeTarget */.W1)(target, format === 'directory');
        if (unsafe) {
            throw new core_errors/* ToolError */.v4('command', `Cannot dump to ${target}: ${unsafe}. Choose another file.`, { tool: 'pg_dump' });
        }
    }
    const jobs = options.jobs ?? 1;
    if (jobs > 1 && !core_args/* PARALLEL_DUMP_FORMATS */.m1.includes(format)) {
        session.logger.warning(`jobs ${jobs}: pg_dump runs in parallel only for the directory format; dumping ${format} with one job.`);
    }
    return { file, format, recipients, plainFile, jobs };
}
/** pg_dump's client and arguments, for the targets and schema patterns. */
function writePlan(session, options, local, client, patterns) {
    const { format } = local;
    const compress = (0,compression/* dumpCompressArg */.t4)(format, options.compression, client.version?.major ?? 16, session.wording);
    const { jobs } = local;
    return {
        ...local,
        client,
        args: (connection, to, how) => (0,core_args/* dumpArgs */.KB)({
            conninfo: connection.conninfo,
            file: to,
            format,
            excludeSchemas: patterns.excludeSchemas,
            schemas: patterns.schemas,
            excludeTableData: options.excludeTableData,
            jobs,
            compress,
            owner: options.owner,
            privileges: options.privileges,
            ...how
        })
    };
}
/** The paths a dump writes: the target, and a kept plaintext. */
function targetsOf(plan) {
    return [...new Set([plan.file, plan.plainFile])].filter((target) => target !== undefined);
}
async function makeFolders(local) {
    for (const target of targetsOf(local))
        await makeFolderOf(target);
}
/** Makes the folder a dump target lies in; a command ToolError when that fails. */
async function makeFolderOf(target) {
    await (0,promises_.mkdir)((0,external_node_path_.dirname)(target), { recursive: true }).catch((error) => {
        throw new core_errors/* ToolError */.v4('command', `Cannot create the folder ${(0,external_node_path_.dirname)(target)} for the dump: ${error.message}`, { tool: 'pg_dump' });
    });
}

;// CONCATENATED MODULE: ./lib/core/dump/scrub-commit.js
// Proof that a scrub script's changes were kept. psql runs the script in one
// transaction, but the script may end it itself (`ROLLBACK`, `COMMIT` then
// more statements, `ROLLBACK; BEGIN; …`) and psql still exits 0 (issue 19).
// Right before and right after the script, the same session reports the id
// of its transaction in a notice carrying a token made for this run; the
// script ran whole in one transaction that committed when both reports name
// the same transaction and the server, asked from another session once psql
// has exited, says that transaction committed. An id cannot be forged: a
// transaction that ended never runs again, and one that rolled back never
// becomes committed.


/** A new proof, with its own random token. */
function commitProof() {
    const token = (0,external_node_crypto_.randomBytes)(16).toString('hex');
    return { token, before: report(token), after: report(token) };
}
/**
 * A notice naming the session's transaction. Every name is qualified (the
 * script may put functions of its own first on the search_path), and
 * client_min_messages is raised for the notice only (a role or the script
 * may have set it to hide notices).
 */
function report(token) {
    return ('DO $pg_dumper$DECLARE was text := pg_catalog.current_setting($$client_min_messages$$); BEGIN ' +
        'PERFORM pg_catalog.set_config($$client_min_messages$$, $$notice$$, true); ' +
        `RAISE NOTICE $$pg_dumper scrub ${token} transaction %$$, pg_catalog.txid_current(); ` +
        'PERFORM pg_catalog.set_config($$client_min_messages$$, was, true); END$pg_dumper$');
}
/** The transaction ids reported in psql's stderr: the first and the last report. */
function reportedTransactions(stderr, token) {
    const ids = [
        ...stderr.matchAll(new RegExp(`pg_dumper scrub ${token} transaction (\\d+)`, 'g'))
    ].map(m => m[1]);
    return ids.length < 2
        ? { before: ids[0] }
        : { before: ids[0], after: ids.at(-1) };
}
/**
 * Resolves when the script's transaction is proven committed; else throws
 * ScrubFailed saying what the script did (its changes may be missing from
 * the copy, which must not be dumped).
 */
async function checkCommitted(session, stderr, proof, label) {
    const { before, after } = reportedTransactions(stderr, proof.token);
    let why = 'psql did not report the transaction it ran the script in';
    if (before !== undefined && after !== undefined) {
        // from the maintenance database: the copy's catalogue is the script's
        const status = await session.query(`SELECT pg_catalog.txid_status(${before})`, 'ask whether the scrub script committed');
        if (before === after && status === 'committed')
            return;
        why =
            status === 'aborted'
                ? 'it rolled back the transaction it runs in'
                : 'it ended the transaction it runs in and went on outside it';
    }
    throw new core_errors/* ScrubFailed */.ds(`The scrub script ${label} did not commit as one transaction (${why}), so its changes cannot be proven kept: nothing was dumped and the throwaway copy was dropped. ` +
        'The script runs in one transaction that pg-dumper commits: leave out BEGIN, COMMIT, END, ROLLBACK and PREPARE TRANSACTION (SAVEPOINT and ROLLBACK TO SAVEPOINT are fine).', { tool: 'psql', exitCode: 0 });
}

;// CONCATENATED MODULE: ./lib/core/dump/scrub-errors.js
// What a failed scrub script says: psql's own message, its
// `psql:<file>:<line>:` prefix turned into the script's line, and nothing of
// the script's text (it may hold secrets: salts, replacement values).

// a name or value in a message, quoted as PostgreSQL quotes them (English
// "…", translations »…«, « … », “…”, „…“): the script's words, left out
const QUOTED = /"[^"\n]*"|»[^«\n]*«|«[^»\n]*»|“[^”\n]*”|„[^“”\n]*[“”]/g;
/** A message with its quoted names and values left out. */
function withoutQuotes(message) {
    return message.replace(QUOTED, '"…"');
}
/**
 * The message of a scrub script psql stopped, and the line it stopped at.
 * Only the first line of each message is kept, without what it quotes:
 * psql and the server quote the failing statement (`LINE 2: …`, DETAIL,
 * CONTEXT, QUERY) and its words (`syntax error at or near "…"`).
 */
function scrubFailure(result, file, label) {
    const prefix = `psql:${file}:`;
    const lines = (0,process_runner/* failureMessage */.oh)('psql', result).split('\n');
    // psql prefixes each message about the script with its file and line;
    // the notices before the error are left out
    const at = lines.findIndex(l => /^(?:psql:.*?:\d+: )?(?:ERROR|FATAL|PANIC):/.test(l));
    const from = lines.slice(at < 0 ? 0 : at);
    let line;
    const kept = [];
    for (const l of from) {
        const match = l.startsWith(prefix)
            ? /^(\d+): (.*)$/.exec(l.slice(prefix.length))
            : null;
        if (!match)
            continue;
        line ??= Number(match[1]);
        kept.push(match[2]);
    }
    if (line === undefined && /^psql: error:/m.test(from.join('\n'))) {
        return {
            message: `The scrub script ${label} could not run in the throwaway copy, so nothing was dumped and the copy was dropped: ${from.join('\n')}\nThe role must be able to connect to the copy (pg_hba.conf: databases named pg_dumper_scrub_…).`
        };
    }
    // a message about no line of the script (a lost connection): its first line
    if (kept.length === 0 && from[0])
        kept.push(from[0]);
    const shown = withoutQuotes(kept.join('\n')) ||
        (0,process_runner/* failureMessage */.oh)('psql', { ...result, stderr: '' });
    const where = line === undefined ? '' : ` at line ${line}`;
    const left = shown.includes('"…"')
        ? ' (names and values are left out: the script may hold secrets)'
        : '';
    return {
        message: `The scrub script ${label} failed${where}, so nothing was dumped and the throwaway copy was dropped: ${shown}${left}`,
        line
    };
}

;// CONCATENATED MODULE: ./lib/core/dump/scrub.js
// Sanitised fixtures: the database is copied (CREATE DATABASE … TEMPLATE),
// the user's SQL script runs in the copy, and the copy is dumped in the
// source's place. The copy is dropped afterwards, whatever happens (also on
// cancellation); the source is only ever read.















/** Every copy's name starts so, to be found if a killed run left one. */
const COPY_PREFIX = 'pg_dumper_scrub_';
/** Meta-commands that would run the rest of the script outside the copy. */
const LEAVES_COPY = new Set(['c', 'connect']);
/**
 * Copies the session's database, runs the script in the copy and calls
 * `fn` with a connection to it; drops the copy afterwards. A script that
 * fails throws ScrubFailed before `fn` runs; a copy that cannot be made,
 * ScrubCopyFailed.
 */
async function withScrubbedCopy(session, plan, fn) {
    return withScriptFile(session, plan.script, async (file, label) => {
        await checkScript(session, file, label, plan.allowMetaCommands);
        const source = await session.databaseName();
        const copy = `${COPY_PREFIX}${(0,external_node_crypto_.randomBytes)(6).toString('hex')}`;
        let dropping;
        const drop = () => (dropping ??= dropThrowaway(session, copy, plan.server, {
            dropped: 'Dropped the throwaway database',
            kept: 'Could not drop the scrubbed copy'
        }));
        const forget = session.cancellation.defer(drop);
        let result;
        try {
            await createCopy(session, source, copy, plan.server);
            const connection = session.connection.withDbname(copy);
            await scrub_runScript(session, await scrubClient(session, plan), connection, {
                file,
                label,
                restricted: !plan.allowMetaCommands
            });
            session.logger.info(`Dumping the scrubbed copy ${copy} as ${source}`);
            result = await fn(connection, source);
        }
        catch (error) {
            // the first error explains the failure: a failed drop only warns
            await drop();
            throw error;
        }
        finally {
            forget();
        }
        await drop();
        return result;
    });
}
/** The script as a file: the one given, or the inline SQL in a private temp file. */
async function withScriptFile(session, script, fn) {
    if ('file' in script)
        return fn((0,external_node_path_.resolve)(script.file), script.file);
    const label = `the SQL in ${session.wording.name('scrub')}`;
    return (0,temp/* withTrackedTemp */.p)(session.cancellation, { prefix: 'scrub' }, dir => {
        const file = (0,external_node_path_.join)(dir, 'scrub.sql');
        return (0,promises_.writeFile)(file, script.sql, { mode: 0o600 }).then(() => fn(file, label));
    });
}
/**
 * Refuses the script's meta-commands before anything runs (psql would run
 * them on this machine), unless allowed; `\connect` always, which would run
 * the rest of the script in another database, production perhaps.
 */
async function checkScript(session, file, label, allowMetaCommands) {
    const { metaCommands } = await scanPlainScript(file, new Set()).catch((error) => {
        throw new core_errors/* ToolError */.v4('command', `Cannot read the scrub script ${label}: ${error.message}`, { tool: 'psql' });
    });
    const refused = metaCommands.filter(m => !allowMetaCommands || LEAVES_COPY.has(m.command));
    if (refused.length === 0)
        return;
    const places = metaCommandPlaces(refused);
    const why = refused.every(m => LEAVES_COPY.has(m.command))
        ? `\\connect would run the rest of the script outside the throwaway copy; a scrub script runs in the copy only`
        : `psql would run them on this machine (a shell, files written or read). Write the script in SQL (a DO block for loops), or, for a script you trust, set ${session.wording.name('allowMetaCommands')}`;
    throw new core_errors/* ToolError */.v4('command', `The scrub script ${label} holds psql meta-commands (${places}), so nothing was run or dumped: ${why}.`, { tool: 'psql' });
}
/** CREATE DATABASE copy TEMPLATE source, or ScrubCopyFailed saying what to do. */
async function createCopy(session, source, copy, server) {
    // file copy (PostgreSQL 15+) spares the WAL a whole database's blocks
    const strategy = server.major >= 15 ? ' STRATEGY = FILE_COPY' : '';
    const sql = `CREATE DATABASE ${quoteIdent(copy)} TEMPLATE ${quoteIdent(source)}${strategy}`;
    session.logger.info(`Copying ${source} to the throwaway database ${copy} to scrub it; ${source} itself is only read`);
    const args = (0,core_args/* psqlCommandArgs */.zw)(session.maintenance.conninfo, [sql]);
    const result = await session.run(await session.probe(), 'psql', args);
    if (result.exitCode !== 0)
        throw await copyFailed(session, source, result);
}
/** ScrubCopyFailed with psql's message and what to do about it. */
async function copyFailed(session, source, result) {
    const said = (0,process_runner/* failureMessage */.oh)('psql', result);
    const failure = { tool: 'psql', ...result };
    let problem = 'other';
    let advice = '';
    if (/is being accessed by other users/.test(said)) {
        problem = 'busy';
        advice =
            `CREATE DATABASE … TEMPLATE needs ${source} without other sessions, and it had some. ` +
                'Scrub where nothing else connects: restore the database (the nightly dump) into a server of its own, ' +
                'such as a service container, and dump that with scrub; or run when no application is connected.';
    }
    else if (/permission denied to (create|copy) database/.test(said)) {
        problem = 'permission';
        const role = await session
            .query('SELECT current_user', 'ask the role', session.maintenance, true)
            .catch(() => 'the role');
        advice =
            `The scrub's throwaway copy needs a role that may create databases and owns ${source} (or a superuser): ` +
                `ALTER ROLE ${quoteIdent(role)} CREATEDB, or connect as such a role.`;
    }
    return new core_errors/* ScrubCopyFailed */.Gw(`Cannot copy ${source} to scrub it, so nothing was dumped and ${source} was not changed: ${said}${advice ? `\n${advice}` : ''}`, failure, problem);
}
/** The psql that runs the script: one with restricted mode unless meta-commands are allowed. */
function scrubClient(session, plan) {
    if (plan.allowMetaCommands)
        return Promise.resolve(plan.client);
    return session.client({
        major: plan.server.major,
        why: `the server (${plan.server.text})`,
        tool: 'psql',
        restricted: true
    });
}
/**
 * Runs the script in the copy (in psql's restricted mode unless
 * meta-commands are allowed), or throws ScrubFailed with psql's message
 * and line.
 */
async function scrub_runScript(session, client, copy, { file, label, restricted }) {
    const started = performance.now();
    const proof = commitProof();
    const result = await runScript(session, client, r => (0,core_args/* psqlScrubArgs */.hE)(copy.conninfo, file, proof, r), restricted, { unloggedStderr: true });
    if (result.exitCode !== 0) {
        const { message, line } = scrubFailure(result, file, label);
        // psql's raw stderr quotes the script: the error carries the message only
        const failure = { tool: 'psql', exitCode: result.exitCode };
        throw new core_errors/* ScrubFailed */.ds(message, { ...failure, stderr: message }, line);
    }
    await checkCommitted(session, result.stderr, proof, label);
    session.logger.info(`Ran the scrub script ${label} in ${copy.dbname} in ${(0,units/* formatDuration */.a)(performance.now() - started)}`);
}

// EXTERNAL MODULE: ./lib/core/dump/stream.js + 2 modules
var stream = __webpack_require__(61579);
;// CONCATENATED MODULE: ./lib/core/dump/dump.js







/** Dumps to a temporary file beside the target and renames it only once verified. */
async function dump(session, options) {
    const started = performance.now();
    const planned = await planAhead(session, options);
    const { plan, written } = planned.checked
        ? await writeAhead(session, planned)
        : await writeChecked(session, planned, options);
    const { file, format, recipients, plainFile, server, client } = plan;
    const { logger } = session;
    const encrypted = recipients.length > 0;
    const { scrub } = options;
    if (encrypted) {
        logger.info(`Encrypted with age to ${recipients.length} recipient(s): ${file}`);
    }
    return {
        ...fileResult(logger, 'Wrote', {
            file,
            format,
            server,
            client,
            digest: written.digest,
            started
        }),
        ...(encrypted && {
            encryption: { recipients: recipients.length, plainFile }
        }),
        ...(scrub && {
            scrubbed: 'file' in scrub ? scrub.file : 'inline SQL'
        }),
        ...(written.verified && { verified: written.verified })
    };
}
/** The dump of a checked plan (of a scrubbed copy, when asked). */
async function writeChecked(session, plan, options) {
    const written = await onDumpedDatabase(session, plan, options, connection => write(session, plan, connection, options));
    return { plan, written };
}
/**
 * The dump with pg_dump started beside the connection check (planAhead);
 * made again once the check passed when pg_dump could not connect yet (the
 * check waited for the server).
 */
async function writeAhead(session, ahead) {
    const { checked } = ahead;
    try {
        const digest = await writeDump(session, ahead, session.connection);
        return { plan: await checked, written: { digest } };
    }
    catch (error) {
        if (!(error instanceof StartedTooEarly))
            throw error;
    }
    const plan = await checked;
    session.logger.info('pg_dump started before the server accepted connections: dumping again');
    return {
        plan,
        written: { digest: await writeDump(session, plan, session.connection) }
    };
}
/** The dump written and read back, with a restore drill when asked. */
async function write(session, plan, connection, options) {
    if (options.verify === 'restore')
        return writeDrilled(session, plan, connection, options);
    return { digest: await writeDump(session, plan, connection) };
}
/**
 * Dumps into `into` (a store's stream) instead of a file, read back as it
 * passes: custom or plain, encrypted when asked, scrubbed when asked;
 * `file` only names the dump. `into` is ended only once all is verified.
 */
async function dumpStreamed(session, options, into) {
    if (options.verify === 'restore' || options.plainFile !== undefined) {
        throw new core_errors/* ToolError */.v4('command', 'A dump streamed into a store is neither drilled nor kept as plaintext: write it to a file first.', { tool: 'pg_dump' });
    }
    const started = performance.now();
    const plan = await planDump(session, options, true);
    const { file, format, recipients, server, client } = plan;
    const { scrub } = options;
    const digest = await onDumpedDatabase(session, plan, options, connection => (0,stream/* writeStreamed */.d)(session, plan, connection, into));
    const encrypted = recipients.length > 0;
    return {
        ...fileResult(session.logger, 'Streamed', {
            file,
            format,
            server,
            client,
            digest,
            started
        }),
        streamed: true,
        ...(encrypted && { encryption: { recipients: recipients.length } }),
        ...(scrub && {
            scrubbed: 'file' in scrub ? scrub.file : 'inline SQL'
        })
    };
}
/** Runs `write` on the database dumped: the session's, or its scrubbed throwaway copy. */
function onDumpedDatabase(session, plan, options, write) {
    const { scrub } = options;
    if (!scrub)
        return write(session.connection);
    return withScrubbedCopy(session, {
        script: scrub,
        allowMetaCommands: options.allowMetaCommands ?? false,
        server: plan.server,
        client: plan.client
    }, write);
}

;// CONCATENATED MODULE: ./lib/core/cluster/token-reader.js
/** A statement's tokens, read from the front. */
class Reader {
    #tokens;
    /** bare words that are never a name (CURRENT_USER and the like) */
    #notNames;
    #at = 0;
    constructor(tokens, notNames) {
        this.#tokens = tokens;
        this.#notNames = notNames;
    }
    get done() {
        return this.#at >= this.#tokens.length;
    }
    /** The next token if it is one of these keywords (any case); consumed. */
    keyword(...words) {
        const t = this.#tokens[this.#at];
        if (t?.type !== 'word')
            return undefined;
        const word = t.value.toUpperCase();
        if (!words.includes(word))
            return undefined;
        this.#at++;
        return word;
    }
    /** A name: an identifier as written in quotes, or a bare word folded to lower case; not a role spec. */
    name() {
        const t = this.#tokens[this.#at];
        if (t?.type === 'ident') {
            this.#at++;
            return t.value;
        }
        if (t?.type !== 'word')
            return undefined;
        const folded = t.value.replace(/[A-Z]+/g, s => s.toLowerCase());
        if (this.#notNames.has(folded))
            return undefined;
        this.#at++;
        return folded;
    }
    /** Names separated by commas. */
    names() {
        const names = [];
        do {
            const name = this.name();
            if (name === undefined)
                return undefined;
            names.push(name);
        } while (this.char(','));
        return names;
    }
    /** True when a word left is this keyword. */
    has(word) {
        return this.#tokens
            .slice(this.#at)
            .some(t => t.type === 'word' && t.value.toUpperCase() === word);
    }
    char(c) {
        const t = this.#tokens[this.#at];
        if (t?.type !== 'char' || t.value !== c)
            return false;
        this.#at++;
        return true;
    }
    /** True when every token left is one of `types` (and chars among `chars`). */
    restIs(types, chars = '') {
        return this.#tokens
            .slice(this.#at)
            .every(t => t.type === 'char' ? chars.includes(t.value) : types.includes(t.type));
    }
    /** The next token if it is a string or NULL. */
    literal() {
        const t = this.#tokens[this.#at];
        if (t?.type === 'string' || this.keyword('NULL')) {
            if (t?.type === 'string')
                this.#at++;
            return true;
        }
        return false;
    }
    /** The rest are these keywords, with their values (strings, numbers, minus signs). */
    restAreOptions(words) {
        return this.#tokens
            .slice(this.#at)
            .every(t => t.type === 'word'
            ? words.has(t.value.toUpperCase())
            : t.type === 'string' ||
                t.type === 'number' ||
                (t.type === 'char' && t.value === '-'));
    }
}

;// CONCATENATED MODULE: ./lib/core/cluster/globals-statements.js

/** The SETs pg_dumpall opens a globals script with. */
const SETTINGS = new Set([
    'default_transaction_read_only',
    'client_encoding',
    'standard_conforming_strings'
]);
/** Role attributes ALTER ROLE … WITH takes. */
const ROLE_OPTIONS = new Set([
    'SUPERUSER',
    'INHERIT',
    'CREATEROLE',
    'CREATEDB',
    'LOGIN',
    'REPLICATION',
    'BYPASSRLS'
]
    .flatMap(o => [o, `NO${o}`])
    .concat([
    'CONNECTION',
    'LIMIT',
    'PASSWORD',
    'ENCRYPTED',
    'VALID',
    'UNTIL',
    'NULL'
]));
/** Words that, unquoted, name no role of their own but the session's, or every role. */
const ROLE_SPECS = new Set([
    'current_user',
    'current_role',
    'session_user',
    'all',
    'public',
    'none'
]);
const FIRST_WORDS = new Set('ALTER ANALYZE BEGIN CALL CHECKPOINT CLUSTER COMMENT COMMIT COPY CREATE DEALLOCATE DECLARE DELETE DISCARD DO DROP END EXECUTE EXPLAIN GRANT IMPORT INSERT LISTEN LOAD LOCK MERGE MOVE NOTIFY PREPARE REASSIGN REFRESH REINDEX RELEASE RESET REVOKE ROLLBACK SAVEPOINT SECURITY SELECT SET SHOW START TABLE TRUNCATE UNLISTEN UPDATE VACUUM VALUES WITH'.split(' '));
function setting(r) {
    if (r.keyword('SESSION')) {
        return r.keyword('AUTHORIZATION') && r.name() !== undefined && r.done
            ? { kind: 'session-authorization' }
            : undefined;
    }
    const name = r.name();
    if (name === undefined || !SETTINGS.has(name))
        return undefined;
    if (!r.char('=') && !r.keyword('TO'))
        return undefined;
    const rest = r.restIs(['word', 'string']);
    // quotes lexed otherwise would let a lexer disagree with psql's
    if (name === 'standard_conforming_strings')
        return r.keyword('ON') && r.done ? { kind: 'set' } : undefined;
    return rest ? { kind: 'set' } : undefined;
}
function alterRole(r) {
    const name = r.name();
    if (name === undefined)
        return undefined;
    // WITH, as pg_dumpall writes, or bare attributes (the same statement)
    r.keyword('WITH');
    if (!r.done && r.restAreOptions(ROLE_OPTIONS))
        return { kind: 'alter-role', name };
    if (r.keyword('IN') && !(r.keyword('DATABASE') && r.name() !== undefined))
        return undefined;
    if (r.keyword('SET', 'RESET') &&
        r.restIs(['word', 'ident', 'string', 'number'], ',.-'))
        return { kind: 'role-setting', name };
    return undefined;
}
/** COMMENT ON / SECURITY LABEL [FOR provider] ON, ROLE or TABLESPACE, IS 'text'. */
function onRoleOrTablespace(r, kind) {
    if (!r.keyword('ON') || !r.keyword('ROLE', 'TABLESPACE'))
        return undefined;
    const name = r.name();
    return name !== undefined && r.keyword('IS') && r.literal() && r.done
        ? { kind, name }
        : undefined;
}
/** Privileges on a tablespace or a parameter. */
const PRIVILEGES = ['ALL', 'CREATE', 'SET', 'ALTER', 'SYSTEM', 'PRIVILEGES'];
/** GRANT role TO role [WITH …] [GRANTED BY role], or privileges ON TABLESPACE/PARAMETER. */
function grant(r, word) {
    if (word === 'REVOKE' || r.has('ON')) {
        // REVOKE GRANT OPTION FOR …
        if (word === 'REVOKE' && r.keyword('GRANT')) {
            if (!r.keyword('OPTION') || !r.keyword('FOR'))
                return undefined;
        }
        while (r.keyword(...PRIVILEGES) || r.char(','))
            ;
        return r.keyword('ON') &&
            r.keyword('TABLESPACE', 'PARAMETER') &&
            r.restIs(['word', 'ident'], ',.')
            ? { kind: 'privilege' }
            : undefined;
    }
    if (r.names() === undefined || !r.keyword('TO') || r.names() === undefined)
        return undefined;
    if (r.keyword('WITH')) {
        while (r.keyword('ADMIN', 'INHERIT', 'SET', 'OPTION', 'TRUE', 'FALSE') ||
            r.char(','))
            ;
    }
    if (r.keyword('GRANTED') && !(r.keyword('BY') && r.name() !== undefined))
        return undefined;
    return r.done ? { kind: 'role-membership' } : undefined;
}
function create(r) {
    if (r.keyword('ROLE')) {
        const name = r.name();
        return name !== undefined && r.done
            ? { kind: 'create-role', name }
            : undefined;
    }
    if (!r.keyword('TABLESPACE'))
        return undefined;
    const name = r.name();
    return name !== undefined &&
        r.keyword('OWNER') &&
        r.name() !== undefined &&
        r.keyword('LOCATION') &&
        r.literal() &&
        r.done
        ? { kind: 'create-tablespace', name }
        : undefined;
}
/** What a statement (its tokens, without the semicolon) is. */
function classify(statement) {
    const r = new Reader(statement, ROLE_SPECS);
    const word = r.keyword('SET', 'RESET', 'CREATE', 'ALTER', 'COMMENT', 'SECURITY', 'GRANT', 'REVOKE');
    let found;
    if (word === 'SET')
        found = setting(r);
    else if (word === 'RESET')
        found =
            r.keyword('SESSION') && r.keyword('AUTHORIZATION') && r.done
                ? { kind: 'session-authorization' }
                : undefined;
    else if (word === 'CREATE')
        found = create(r);
    else if (word === 'ALTER') {
        if (r.keyword('ROLE'))
            found = alterRole(r);
        else if (r.keyword('TABLESPACE')) {
            const name = r.name();
            found =
                name !== undefined &&
                    r.keyword('SET', 'RESET') &&
                    r.restIs(['word', 'ident', 'string', 'number'], '(),=.-')
                    ? { kind: 'alter-tablespace', name }
                    : undefined;
        }
    }
    else if (word === 'COMMENT')
        found = onRoleOrTablespace(r, 'comment');
    else if (word === 'SECURITY') {
        found =
            r.keyword('LABEL') && (!r.keyword('FOR') || r.name() !== undefined)
                ? onRoleOrTablespace(r, 'security-label')
                : undefined;
    }
    else if (word === 'GRANT' || word === 'REVOKE')
        found = grant(r, word);
    if (found)
        return found;
    const first = statement[0];
    const keyword = first?.type === 'word' ? first.value.toUpperCase() : '';
    return {
        kind: 'foreign',
        what: FIRST_WORDS.has(keyword)
            ? `${/^[AEIOU]/.test(keyword) ? 'an' : 'a'} ${keyword} statement`
            : 'a statement'
    };
}

;// CONCATENATED MODULE: ./lib/core/cluster/sql-tokens.js
// Splits SQL text into tokens as psql's lexer does with
// standard_conforming_strings on: words, quoted identifiers, strings
// (E-strings with their escapes), dollar-quoted text, numbers, single
// characters, and psql meta-commands (a backslash outside all of those,
// taking the rest of its line). Comments and white space are skipped.

const WORD = /[A-Za-z_\u0080-\u00ff][\w$\u0080-\u00ff]*/y;
const NUMBER = /\d+(?:\.\d+)?/y;
const sql_tokens_DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\u00ff][\w\u0080-\u00ff]*)?\$/y;
const META_NAME = /\\([A-Za-z]+|[^A-Za-z\s])/y;
/** Where a quoted run that started at `from` (after its opening `quote`) ends, past its closing one. */
function quotedEnd(text, from, quote, escapes) {
    let i = from;
    while (i < text.length) {
        const c = text[i];
        if (escapes && c === '\\')
            i += 2;
        else if (c !== quote)
            i++;
        else if (text[i + 1] === quote)
            i += 2;
        else
            return i + 1;
    }
    return text.length;
}
/** The value of a quoted run: doubled quotes (and, in E-strings, escaped characters) undone. */
function unquote(body, quote, escapes) {
    const doubled = body.split(quote + quote).join(quote);
    return escapes ? doubled.replace(/\\(.)/gs, '$1') : doubled;
}
function match(pattern, text, at) {
    pattern.lastIndex = at;
    return pattern.exec(text)?.[0];
}
/** The end of a nested block comment that opens at `from`. */
function commentEnd(text, from) {
    let depth = 0;
    let i = from;
    while (i < text.length) {
        if (text.startsWith('/*', i)) {
            depth++;
            i += 2;
        }
        else if (text.startsWith('*/', i)) {
            i += 2;
            if (--depth === 0)
                return i;
        }
        else
            i++;
    }
    return text.length;
}
/** The tokens of `text`, in order. */
function* tokens(text) {
    let i = 0;
    let line = 1;
    const advance = (to) => {
        for (let j = i; j < to; j++)
            if (text[j] === '\n')
                line++;
        i = to;
    };
    while (i < text.length) {
        const c = text[i];
        const start = i;
        const at = line;
        const token = (type, end, value) => {
            advance(end);
            return { type, value, start, end, line: at };
        };
        if (/\s/.test(c)) {
            advance(i + 1);
        }
        else if (text.startsWith('--', i)) {
            const eol = text.indexOf('\n', i);
            advance(eol < 0 ? text.length : eol);
        }
        else if (text.startsWith('/*', i)) {
            advance(commentEnd(text, i));
        }
        else if (c === "'" || c === '"') {
            const end = quotedEnd(text, i + 1, c, false);
            const value = unquote(text.slice(i + 1, end - 1), c, false);
            yield token(c === '"' ? 'ident' : 'string', end, value);
        }
        else if (c === '\\') {
            const eol = text.indexOf('\n', i);
            const end = eol < 0 ? text.length : eol;
            const atLineStart = i === 0 || text[i - 1] === '\n';
            const meta = token('meta', end, match(META_NAME, text, i)?.slice(1) ?? '');
            meta.dumpRestrict =
                atLineStart && DUMP_RESTRICT_LINE.test(text.slice(start, end));
            yield meta;
        }
        else if (c === '$' && match(sql_tokens_DOLLAR_TAG, text, i) !== undefined) {
            const tag = match(sql_tokens_DOLLAR_TAG, text, i);
            const close = text.indexOf(tag, i + tag.length);
            const end = close < 0 ? text.length : close + tag.length;
            yield token('dollar', end, text.slice(i + tag.length, close < 0 ? end : close));
        }
        else if (c === ';') {
            yield token('semicolon', i + 1, ';');
        }
        else {
            const word = match(WORD, text, i);
            if (word !== undefined && /^[eE]$/.test(word) && text[i + 1] === "'") {
                const end = quotedEnd(text, i + 2, "'", true);
                yield token('string', end, unquote(text.slice(i + 2, end - 1), "'", true));
            }
            else if (word !== undefined) {
                yield token('word', i + word.length, word);
            }
            else {
                const number = match(NUMBER, text, i);
                yield number !== undefined
                    ? token('number', i + number.length, number)
                    : token('char', i + 1, c);
            }
        }
    }
}

;// CONCATENATED MODULE: ./lib/core/cluster/globals-script.js
// Reads a pg_dumpall --globals-only script statement by statement, as
// psql's lexer splits it (quotes, comments, dollar quotes), and tells each
// statement's kind: only what pg_dumpall writes there — roles, their
// settings, memberships, comments and labels, tablespaces and their
// privileges, and the few SETs it opens with — is a statement a restore
// applies. Anything else, and any psql meta-command but pg_dumpall's own
// `\restrict`/`\unrestrict` lines, is found with its line. The text is read
// as latin1 (a character a byte), so statements go to psql unchanged.



const COMPLETE = /^-- PostgreSQL database cluster dump complete\r?$/m;
/** Reads and scans a globals script (small: roles and tablespaces only). */
async function readGlobalsScript(file) {
    return scanGlobalsScript(await (0,promises_.readFile)(file));
}
/** A name as the server spells it: the script's bytes read as UTF-8. */
function serverName(latin1) {
    return Buffer.from(latin1, 'latin1').toString('utf8');
}
/** Scans the bytes of a globals script (read from a file, or decrypted in memory). */
function scanGlobalsScript(bytes) {
    const text = bytes.toString('latin1');
    const script = {
        statements: [],
        foreign: [],
        metaCommands: [],
        roles: [],
        tablespaces: [],
        complete: COMPLETE.test(text)
    };
    let statement = [];
    for (const token of tokens(text)) {
        if (token.type === 'meta') {
            if (statement.length === 0 && token.dumpRestrict)
                continue;
            script.metaCommands.push({
                line: token.line,
                command: token.value,
                text: ''
            });
            continue;
        }
        if (token.type !== 'semicolon') {
            statement.push(token);
            continue;
        }
        if (statement.length === 0)
            continue;
        addStatement(script, statement, text.slice(statement[0].start, token.end));
        statement = [];
    }
    if (statement.length > 0) {
        const [first] = statement;
        script.foreign.push({ line: first.line, what: 'an unfinished statement' });
    }
    return script;
}
/** Files one statement: applied (with its name), or foreign. */
function addStatement(script, statement, text) {
    const line = statement[0].line;
    const found = classify(statement);
    if (found.kind === 'foreign') {
        script.foreign.push({ line, what: found.what });
        return;
    }
    const name = found.name === undefined ? undefined : serverName(found.name);
    if (found.kind === 'create-role' && name !== undefined)
        script.roles.push(name);
    if (found.kind === 'create-tablespace' && name !== undefined)
        script.tablespaces.push(name);
    script.statements.push({
        kind: found.kind,
        ...(name !== undefined && { name }),
        text,
        line
    });
}
/** Where a script's foreign statements are, for a message: lines and first words only. */
function foreignPlaces(foreign) {
    const shown = foreign
        .slice(0, 10)
        .map(f => `line ${f.line}: ${f.what}`)
        .join(', ');
    return foreign.length > 10
        ? `${shown} and ${foreign.length - 10} more`
        : shown;
}

;// CONCATENATED MODULE: ./lib/core/cluster/dump-globals.js
// Dumps the cluster's roles and tablespaces with pg_dumpall --globals-only,
// from the client folder pg_dump runs from, into a file that takes its name
// only once pg_dumpall finished and the script reads back whole. Encrypted,
// pg_dumpall writes into a FIFO whose stream is encrypted into the age file,
// which is then decrypted in memory and read back the same way.







/** Why pg_dumpall failed, in words that say what to change. */
function explain(stderr, session) {
    const w = session.wording;
    if (/permission denied for (table|relation) pg_authid/.test(stderr)) {
        return (`Role passwords are read from pg_authid, which only a superuser may read (${w.set('rolePasswords', 'true')}). ` +
            `Connect as a superuser, or leave ${w.name('rolePasswords')} false to dump the roles without passwords (from pg_roles, which any user may read).\n`);
    }
    if (/permission denied/.test(stderr)) {
        return `The roles and tablespaces could not be read with this user's privileges.\n`;
    }
    return '';
}
/**
 * Runs pg_dumpall --globals-only into `file` (a temporary path the caller
 * moves into place), encrypted to `recipients` when there are any, and
 * reads the script back: it must be whole, and hold no meta-command
 * pg_dumpall does not write.
 */
async function dumpGlobals(session, file, rolePasswords, recipients = []) {
    const server = await session.serverVersion();
    const client = await session.client({
        major: server.major,
        why: `the server (${server.text})`,
        tool: 'pg_dumpall'
    });
    const run = async (to) => {
        const args = (0,core_args/* dumpallGlobalsArgs */.bG)({
            conninfo: session.connection.conninfo,
            file: to,
            database: session.connection.dbname,
            rolePasswords,
            noSync: recipients.length > 0
        });
        const result = await session.run(client, 'pg_dumpall', args);
        if (result.exitCode !== 0) {
            throw new core_errors/* ToolError */.v4('failed', `Dumping the roles and tablespaces failed. ${explain(result.stderr, session)}${(0,process_runner/* failureMessage */.oh)('pg_dumpall', result)}`, { tool: 'pg_dumpall', exitCode: result.exitCode, stderr: result.stderr });
        }
    };
    let script;
    if (recipients.length === 0) {
        await run(file);
        script = await readGlobalsScript(file);
    }
    else {
        script = await dumpEncryptedGlobals(session, file, recipients, run);
    }
    if (!script.complete || script.metaCommands.length > 0) {
        throw new core_errors/* ToolError */.v4('failed', `pg_dumpall exited 0, but ${file} is not a whole roles and tablespaces script ` +
            `(${script.complete ? `it holds psql meta-commands pg_dumpall does not write, line ${script.metaCommands[0]?.line}` : 'its closing comment is missing'}). Nothing was kept.`, { tool: 'pg_dumpall' });
    }
    if (script.foreign.length > 0) {
        session.logger.warning(`${file} holds statements a restore does not apply to roles and tablespaces (${foreignPlaces(script.foreign)}): ` +
            'a restore with these globals will refuse the file. Please report this pg_dumpall version.');
    }
    session.logger.info(`Dumped ${script.roles.length} role${script.roles.length === 1 ? '' : 's'} and ` +
        `${script.tablespaces.length} tablespace${script.tablespaces.length === 1 ? '' : 's'}` +
        (rolePasswords ? ', with their passwords' : ', without passwords') +
        (recipients.length ? ', encrypted with age' : ''));
    return {
        file,
        ...(await (0,archive_digest/* fileDigest */.h)(file)),
        roles: script.roles,
        tablespaces: script.tablespaces,
        rolePasswords,
        ...(recipients.length > 0 && {
            encryption: { recipients: recipients.length }
        })
    };
}
/**
 * pg_dumpall's script encrypted as it is written into the age file `file`,
 * then decrypted in memory with the file's own key: it must be the bytes
 * pg_dumpall wrote, and is scanned as a plain script is.
 */
async function dumpEncryptedGlobals(session, file, recipients, run) {
    const encrypted = await encryptWhileWriting(session, file, recipients, run, 'pg_dumpall');
    const plain = await (0,age_file/* decryptToMemory */.QL)(file, encrypted.readBack).catch((error) => {
        throw new core_errors/* ToolError */.v4('failed', `The encrypted roles and tablespaces ${file} cannot be decrypted back (${error.message}). Nothing was kept.`, { tool: 'pg_dumpall' });
    });
    if (plain.bytes.length !== encrypted.plain.size ||
        plain.sha256 !== encrypted.plain.sha256) {
        throw new core_errors/* ToolError */.v4('failed', `The encrypted roles and tablespaces ${file} decrypt to other bytes than pg_dumpall wrote. Nothing was kept.`, { tool: 'pg_dumpall' });
    }
    session.logger.info(`Verified: ${file} decrypts, every chunk authenticated, to the ${plain.bytes.length} bytes pg_dumpall wrote`);
    return scanGlobalsScript(plain.bytes);
}

// EXTERNAL MODULE: ./lib/core/cluster/layout.js
var cluster_layout = __webpack_require__(25134);
;// CONCATENATED MODULE: ./lib/core/cluster/dump-cluster.js
// Dumps more than one database's dump: the roles and tablespaces beside the
// dump (globals.sql), or several databases into one folder, each named
// after its database. All or nothing: the globals take their name only
// after the dump did, and a folder of several is written under a temporary
// name and moved into place once every dump in it is verified. With
// encryptTo every file is an age file: globals.sql.age, <dbname>.dump.age.











const GLOBALS_HEADER = '--\n-- PostgreSQL database cluster dump\n';
/** Why an existing globals file (plain, or age when `encrypted`) must not be replaced, or undefined. */
async function unsafeGlobals(path, encrypted) {
    const info = await (0,promises_.stat)(path).catch(() => undefined);
    if (info === undefined)
        return undefined;
    const earlier = !info.isFile()
        ? false
        : encrypted
            ? (await (0,age_kind/* ageFileKind */.Ah)(path)) === 'age'
            : (await (0,format/* readPrefix */.fr)(path, GLOBALS_HEADER.length)).toString('utf8') ===
                GLOBALS_HEADER;
    return earlier
        ? undefined
        : `${path} exists and is not an earlier roles and tablespaces dump; only one of those is replaced`;
}
/** Why a folder must not be replaced by a dump of several, or undefined. */
async function unsafeFolder(folder) {
    const unsafe = (0,atomic_file/* unsafeTarget */.W1)(folder, true);
    if (unsafe === undefined || !unsafe.includes('not a directory-format dump'))
        return unsafe;
    const entries = await (0,promises_.readdir)(folder);
    const foreign = entries.filter(e => !(0,cluster_layout/* isGlobalsFile */.NU)(e) && (0,cluster_layout/* databaseOfFileName */.qw)(e) === undefined);
    return foreign.length === 0
        ? undefined
        : `it is an existing folder that is not an earlier dump of several databases (it holds ${foreign.slice(0, 5).join(', ')}); only one of those is replaced`;
}
/** The cluster dump's facts, with paths moved from `from` to `to`. */
function moved(item, from, to) {
    return { ...item, file: (0,external_node_path_.join)(to, (0,external_node_path_.relative)(from, item.file)) };
}
/** One database's dump with the roles and tablespaces beside it (globals.sql). */
async function dumpWithGlobals(session, options) {
    const file = (0,external_node_path_.resolve)(options.file);
    const recipients = options.encryptTo ?? [];
    const target = (0,external_node_path_.join)((0,external_node_path_.dirname)(file), recipients.length ? cluster_layout/* GLOBALS_AGE_FILE */.ES : cluster_layout/* GLOBALS_FILE */.Yu);
    const unsafe = await unsafeGlobals(target, recipients.length > 0);
    if (unsafe)
        throw new core_errors/* ToolError */.v4('command', `Cannot dump the roles and tablespaces: ${unsafe}.`, { tool: 'pg_dumpall' });
    await (0,promises_.mkdir)((0,external_node_path_.dirname)(file), { recursive: true });
    return (0,temp/* withTrackedTemp */.p)(session.cancellation, { path: (0,atomic_file/* partialPath */.Dn)(target) }, async (partial) => {
        const globals = await dumpGlobals(session, partial, options.rolePasswords ?? false, recipients);
        const result = await dump(session, options);
        await (0,promises_.rename)(partial, target);
        const database = await session.databaseName();
        return {
            ...result,
            dumps: [{ ...result, database }],
            globals: { ...globals, file: target }
        };
    });
}
/** Refuses a folder of several, or a named file (and the globals), that must not be replaced. */
async function checkTargets(outputs, globals, encrypted) {
    const { folder } = outputs;
    if (!outputs.named) {
        const unsafe = await unsafeFolder(folder);
        if (unsafe) {
            throw new core_errors/* ToolError */.v4('command', `Cannot dump the databases into the folder ${folder}: ${unsafe}. Choose another file.`, { tool: 'pg_dump' });
        }
        return;
    }
    for (const { name, format } of outputs.files) {
        const unsafe = (0,atomic_file/* unsafeTarget */.W1)((0,external_node_path_.join)(folder, name), format === 'directory');
        if (unsafe) {
            throw new core_errors/* ToolError */.v4('command', `Cannot dump to ${(0,external_node_path_.join)(folder, name)}: ${unsafe}. Choose another file.`, { tool: 'pg_dump' });
        }
    }
    const target = (0,external_node_path_.join)(folder, encrypted ? cluster_layout/* GLOBALS_AGE_FILE */.ES : cluster_layout/* GLOBALS_FILE */.Yu);
    const unsafe = globals ? await unsafeGlobals(target, encrypted) : undefined;
    if (unsafe)
        throw new core_errors/* ToolError */.v4('command', `Cannot dump the roles and tablespaces: ${unsafe}.`, { tool: 'pg_dumpall' });
}
/** Moves the finished files into place: the folder as a whole, or each named file and the globals. */
async function placeAll(partial, outputs, globals) {
    if (!outputs.named)
        return (0,atomic_file/* replacePath */.WI)(partial, outputs.folder);
    const names = [
        ...outputs.files.map(f => f.name),
        ...(globals ? [(0,external_node_path_.basename)(globals.file)] : [])
    ];
    for (const name of names)
        await (0,atomic_file/* replacePath */.WI)((0,external_node_path_.join)(partial, name), (0,external_node_path_.join)(outputs.folder, name));
}
/**
 * Several databases, or formats, into one folder: each database in each
 * format, named after it (or by the file's placeholders), the globals with
 * them if asked. Written into a temporary folder and moved into place once
 * every dump is verified.
 */
async function dumpDatabases(session, options, outputs) {
    const started = performance.now();
    const { folder, named } = outputs;
    const recipients = options.encryptTo ?? [];
    const encrypted = recipients.length > 0;
    await checkTargets(outputs, options.globals ?? false, encrypted);
    await (0,promises_.mkdir)(named ? folder : (0,external_node_path_.dirname)(folder), { recursive: true });
    // named files join a folder that stays: the temporary folder is inside it
    const temporary = (0,atomic_file/* partialPath */.Dn)(named ? (0,external_node_path_.join)(folder, 'pg-dumper') : folder);
    return (0,temp/* withTrackedTemp */.p)(session.cancellation, { path: temporary }, async (partial) => {
        await (0,promises_.mkdir)(partial);
        const globals = options.globals
            ? await dumpGlobals(session, (0,external_node_path_.join)(partial, encrypted ? cluster_layout/* GLOBALS_AGE_FILE */.ES : cluster_layout/* GLOBALS_FILE */.Yu), options.rolePasswords ?? false, recipients)
            : undefined;
        const dumps = [];
        for (const { database, format, name } of outputs.files) {
            const one = session.forDatabase(database);
            try {
                const several = (options.formats?.length ?? 0) > 1;
                session.logger.info(`Dumping the database ${database}${several ? ` (${format})` : ''}`);
                // encrypted, each is an age file, and no plaintext is kept
                const result = await dump(one, {
                    ...options,
                    format,
                    file: (0,external_node_path_.join)(partial, name),
                    plainFile: undefined
                });
                dumps.push({ ...result, database });
            }
            finally {
                await one.close();
            }
        }
        session.cancellation.throwIfCancelled(`pg_dump was stopped and ${partial} removed`);
        await placeAll(partial, outputs, globals);
        const [first] = dumps;
        return {
            ...first,
            file: folder,
            size: dumps.reduce((sum, d) => sum + d.size, globals?.size ?? 0),
            // no one file: each dump's is in dumps
            sha256: '',
            durationMs: performance.now() - started,
            dumps: dumps.map(d => moved(d, partial, folder)),
            verified: sumVerified(dumps),
            ...(globals && { globals: moved(globals, partial, folder) })
        };
    });
}

;// CONCATENATED MODULE: ./lib/core/cluster/apply-globals.js
// Applies a roles and tablespaces script before the databases are restored.
// Only statements of the kinds pg_dumpall --globals-only writes are
// applied; a script with anything else, or a meta-command pg_dumpall does
// not write, is refused whole before anything runs, whatever
// allowMetaCommands says. Roles and tablespaces the target already has are
// left out (and named), and so is every statement that would change the
// role the restore connects as; psql runs exactly the statements checked,
// in restricted mode, and any error stops it and fails the restore. An
// age-encrypted script (globals.sql.age) is decrypted in memory and fed to
// psql through a FIFO: its plaintext is never a file.













const STATE_SQL = "SELECT json_build_object('user', current_user, " +
    "'roles', (SELECT coalesce(json_agg(rolname), '[]') FROM pg_roles), " +
    "'tablespaces', (SELECT coalesce(json_agg(spcname), '[]') FROM pg_tablespace))";
/** Why psql failed, in words that say what to change. */
function apply_globals_explain(stderr, session) {
    const off = session.wording.set('globals', 'false');
    if (/permission denied to (create|alter) role|must be superuser/.test(stderr))
        return ('Creating roles needs CREATEROLE, and roles with SUPERUSER, REPLICATION or BYPASSRLS, ' +
            `and tablespaces, a superuser: apply them as a superuser, or set ${off} to restore the databases alone.\n`);
    if (/directory .* does not exist|could not set permissions on directory/.test(stderr))
        return ("A tablespace's LOCATION must exist on the target server's machine, empty and owned by the server's " +
            `operating system user: create it there first, or set ${off}.\n`);
    return '';
}
/** The statements to run: without what the target has, nor any change to the connected role. */
function statementsToRun(statements, state) {
    return statements
        .filter(({ kind, name }) => {
        if (kind === 'create-role')
            return !state.roles.includes(name);
        if (kind === 'alter-role' || kind === 'role-setting')
            return name !== state.user;
        if (kind === 'create-tablespace')
            return !state.tablespaces.includes(name);
        return true;
    })
        .map(s => `${s.text}\n`)
        .join('');
}
/** Refuses a script with anything pg_dumpall --globals-only does not write; quotes none of it. */
function refuseForeign(session, file, script) {
    const { metaCommands, foreign } = script;
    if (metaCommands.length === 0 && foreign.length === 0)
        return;
    const found = [
        ...(metaCommands.length
            ? [
                `psql meta-commands pg_dumpall does not write (${metaCommandPlaces(metaCommands)})`
            ]
            : []),
        ...(foreign.length
            ? [
                `statements pg_dumpall --globals-only does not write (${foreignPlaces(foreign)})`
            ]
            : [])
    ].join(' and ');
    throw new core_errors/* ToolError */.v4('command', `The roles and tablespaces script ${file} holds ${found}, so nothing was run: ` +
        'a globals script is held to roles, their memberships, settings and comments, and tablespaces. ' +
        `Set ${session.wording.set('globals', 'false')} to restore the databases without it.`, { tool: 'psql' });
}
/** The script of `file`, decrypted in memory with `identity` when it is an age file. */
async function readScript(session, file, identity) {
    const kind = await (0,age_kind/* ageFileKind */.Ah)(file).catch(() => undefined);
    if (kind === undefined)
        return { script: await readGlobalsScript(file), encrypted: false };
    const key = ageIdentity(session, file, kind, identity);
    const plain = await (0,age_file/* decryptToMemory */.QL)(file, key).catch((error) => {
        throw (0,age_file/* decryptionError */.sM)(file, error, session.wording.name('decryptKey'));
    });
    session.logger.info(`Decrypted ${file} (age) in memory: nothing is decrypted to disk`);
    return {
        script: scanGlobalsScript(plain.bytes),
        encrypted: true
    };
}
/** Applies the roles and tablespaces of `file` (age-encrypted: with `identity`) to the target server. */
async function applyGlobals(session, file, identity) {
    const { script, encrypted } = await readScript(session, file, identity);
    refuseForeign(session, file, script);
    const server = await session.serverVersion(session.maintenance);
    const client = await session.client({
        major: server.major,
        why: `the server (${server.text})`,
        tool: 'psql',
        restricted: true
    });
    const state = JSON.parse(await session.query(STATE_SQL, 'list the roles and tablespaces there are'));
    const existingRoles = script.roles.filter(r => state.roles.includes(r));
    const existingTablespaces = script.tablespaces.filter(t => state.tablespaces.includes(t));
    const text = Buffer.from(statementsToRun(script.statements, state), 'latin1');
    const psql = async (path) => naming(await runScript(session, client, restricted => (0,core_args/* psqlRestoreArgs */.ue)({
        conninfo: session.maintenance.conninfo,
        file: path,
        excludeSchemas: [],
        ignoreErrors: false,
        restricted
    }), true), path, file);
    const result = encrypted
        ? await (0,process_fifo/* feedingFifo */.V2)(session.cancellation, () => Promise.resolve(external_node_stream_.Readable.from([text])), psql)
        : await (0,temp/* withTrackedTemp */.p)(session.cancellation, { prefix: 'globals' }, async (dir) => {
            const checked = (0,external_node_path_.join)(dir, 'globals.sql');
            await (0,promises_.writeFile)(checked, text, { mode: 0o600 });
            return psql(checked);
        });
    if (result.exitCode !== 0) {
        throw new core_errors/* ToolError */.v4('failed', `Applying the roles and tablespaces of ${file} failed, and nothing was restored; ` +
            `the statements before the failing one were applied. ${apply_globals_explain(result.stderr, session)}` +
            (0,process_runner/* failureMessage */.oh)('psql', result), { tool: 'psql', exitCode: result.exitCode, stderr: result.stderr });
    }
    const applied = {
        file,
        createdRoles: script.roles.filter(r => !existingRoles.includes(r)),
        existingRoles,
        createdTablespaces: script.tablespaces.filter(t => !existingTablespaces.includes(t)),
        existingTablespaces,
        connectedAs: state.user
    };
    logGlobals(session, applied);
    return applied;
}
function logGlobals(session, g) {
    const list = (names) => names.length ? names.join(', ') : 'none';
    session.logger.info(`Roles created: ${list(g.createdRoles)}; already there: ${list(g.existingRoles)}` +
        (g.existingRoles.includes(g.connectedAs)
            ? ` (${g.connectedAs}, the role this restore connects as, kept its attributes and password)`
            : ''));
    if (g.createdTablespaces.length || g.existingTablespaces.length) {
        session.logger.info(`Tablespaces created: ${list(g.createdTablespaces)}; already there: ${list(g.existingTablespaces)}`);
    }
}

;// CONCATENATED MODULE: ./lib/core/cluster/stopped-midway.js
// What a restore of several databases that failed on one of them says: which
// database failed, which were restored before it and which were not tried.
/**
 * The error of the restore into `names[failed]`, its message opened with
 * where the restore of several stopped. Its type and fields are kept (the
 * front ends name it); anything but an Error, or a restore of one
 * database, is returned as it is.
 */
function stoppedMidway(error, folder, names, failed) {
    if (!(error instanceof Error) || names.length < 2)
        return error;
    const done = names.slice(0, failed);
    const rest = names.slice(failed + 1);
    const list = (items) => `${items.join(', ')} ${items.length === 1 ? 'was' : 'were'}`;
    error.message =
        `Restoring the ${names.length} databases of ${folder} stopped at ${names[failed]} (the ${ordinal(failed + 1)}): ` +
            `${done.length ? `${list(done)} restored before it` : 'none was restored before it'}, ` +
            `${rest.length ? `${list(rest)} not attempted` : 'it was the last'}.\n${error.message}`;
    return error;
}
function ordinal(n) {
    const tens = n % 100;
    const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
    return `${n}${suffix}`;
}

;// CONCATENATED MODULE: ./lib/core/cluster/restore-cluster.js
// Restores what a dump with globals or of several databases holds: the
// roles and tablespaces first, then the one dump, or each database into its
// namesake. The Dumper reads the layout here and dispatches; a single dump
// without globals goes to restore/ directly. A dump of several cannot go
// into the copies of `databases`, which is one dump made many.







/** The globals file to apply, as the option says, or undefined. */
function globalsToApply(session, found, option, where) {
    if (option === false)
        return undefined;
    if (found === undefined && option === true) {
        throw new core_errors/* ToolError */.v4('command', `${session.wording.set('globals', 'true')} asks for the roles and tablespaces, but there is no ${cluster_layout/* GLOBALS_FILE */.Yu} ${where}. ` +
            `Dump with ${session.wording.set('globals', 'true')} (which writes it, or ${cluster_layout/* GLOBALS_AGE_FILE */.ES} when encrypting), or leave it out at restore.`);
    }
    if (found !== undefined) {
        session.logger.info(`Applying the roles and tablespaces of ${found} first (${session.wording.set('globals', 'false')} leaves them out)`);
    }
    return found;
}
/** The dumps of the databases asked for, in the folder's order. */
function selected(session, dumps, names, folder) {
    const missing = names.filter(n => !dumps.some(d => d.database === n));
    if (missing.length > 0) {
        throw new core_errors/* ToolError */.v4('command', `${session.wording.name('dbname')} names ${missing.join(', ')}, which ${folder} holds no dump of ` +
            `(it holds ${dumps.map(d => d.database).join(', ')}).`);
    }
    return names.length
        ? dumps.filter(d => names.includes(d.database))
        : [...dumps];
}
/** A missing or wrong key fails before any role or database is touched. */
function keyOpens(session, options, globals, dumps) {
    const files = options.globals === false || !globals ? [] : [globals];
    return checkKeyOpens(session, [...files, ...dumps], options.decryptKey);
}
/**
 * Reads what the restore's path holds (a LayoutError becomes a failed
 * ToolError); a single dump refuses several names in `dbnames`.
 */
async function readRestoreLayout(session, options) {
    const path = (0,external_node_path_.resolve)(options.file);
    const layout = await (0,cluster_layout/* readLayout */.T4)(path).catch((error) => {
        if (error instanceof cluster_layout/* LayoutError */.Rd)
            throw new core_errors/* ToolError */.v4('failed', error.message);
        throw error;
    });
    const names = options.dbnames ?? [];
    if (layout.kind === 'single' && names.length > 1) {
        throw new core_errors/* ToolError */.v4('command', `${session.wording.name('dbname')} names several databases (${names.join(', ')}), but ${path} is the dump of one. ` +
            'Restore a dump of several databases (a folder, or an artifact, holding one dump per database), or name one database.');
    }
    return layout;
}
/** Whether a single dump's restore involves its globals: found and not left out, or asked for. */
function involvesGlobals(layout, options) {
    return (options.globals === true ||
        (options.globals !== false && layout.globals !== undefined));
}
/** Restores one dump, the globals beside it first (failing when asked for and missing). */
async function restoreWithGlobals(session, options, layout) {
    const path = (0,external_node_path_.resolve)(options.file);
    await keyOpens(session, options, layout.globals, [path]);
    const globals = await globalsFirst(session, layout, options, `beside ${path}`);
    const result = await restore(session, options);
    return { ...result, ...(globals && { globals }) };
}
/** Restores a dump of several databases, each into its namesake, the globals first. */
async function restoreDatabases(session, options, layout) {
    const started = performance.now();
    const path = (0,external_node_path_.resolve)(options.file);
    const fanOut = options.databases ?? [];
    if (fanOut.length > 0) {
        throw new core_errors/* ToolError */.v4('command', `${path} holds the dumps of several databases (${layout.dumps.map(d => d.database).join(', ')}), each restored into its namesake, ` +
            `so they cannot all go into the copies ${fanOut.join(', ')}. Leave ${session.wording.name('databases')} empty, or restore one database's dump from the folder.`);
    }
    const chosen = selected(session, layout.dumps, options.dbnames ?? [], path);
    await keyOpens(session, options, layout.globals, chosen.map(d => d.file));
    session.logger.info(`${path} holds the dumps of ${layout.dumps.length} databases (${layout.dumps.map(d => d.database).join(', ')}); ` +
        `restoring ${chosen.map(d => d.database).join(', ')}, each into its namesake`);
    for (const { file, others } of chosen) {
        if (others?.length) {
            session.logger.info(`Restoring ${file}: ${others.join(', ')} hold the same database in another format and are left alone (an archive is preferred, custom first)`);
        }
    }
    const globals = await globalsFirst(session, layout, options, `in ${path}`);
    const dumps = [];
    for (const { database, file } of chosen) {
        const one = session.forDatabase(database);
        try {
            session.logger.info(`Restoring ${file} into ${database}`);
            const result = await restore(one, {
                ...options,
                file,
                databases: undefined
            });
            dumps.push({ ...result, database });
        }
        catch (error) {
            const all = chosen.map(d => d.database);
            throw stoppedMidway(error, path, all, dumps.length);
        }
        finally {
            await one.close();
        }
    }
    const [first] = dumps;
    return {
        ...first,
        file: path,
        size: dumps.reduce((sum, d) => sum + d.size, 0),
        sha256: '',
        durationMs: performance.now() - started,
        ignoredErrors: dumps.reduce((sum, d) => sum + d.ignoredErrors, 0),
        databases: dumps.map(d => d.database),
        dumps,
        ...(globals && { globals })
    };
}
/** Applies the globals the layout holds, when the options ask for them; what it did, if anything. */
async function globalsFirst(session, layout, options, where) {
    const file = globalsToApply(session, layout.globals, options.globals, where);
    return file === undefined
        ? undefined
        : applyGlobals(session, file, options.decryptKey);
}

// EXTERNAL MODULE: ./lib/core/cluster/outputs.js
var cluster_outputs = __webpack_require__(5792);
;// CONCATENATED MODULE: ./lib/core/dump/target-lock.js
// One dump at a time per target: before anything is written, a hidden lock
// file beside the target (`.app.dump.lock`) is created exclusively, and it is
// removed once the dump took its place. A second dump to the same target
// fails at once, naming it, and writes nothing. A lock left by a run that was
// killed is taken over: its process is gone, or it was not refreshed for a
// minute (another machine or container, whose processes cannot be seen).







/** How often a held lock's time is refreshed. */
const REFRESH_MS = 10_000;
/** A lock not refreshed for this long belongs to no running dump. */
const STALE_MS = 60_000;
/** Locks this process holds: a second dump in the same process is refused too. */
const heldHere = new Set();
/**
 * The lock file of `target`: `.<name>.lock` beside it, or, where that would
 * be longer than a file name may be, `.pg-dumper-<hash of the name>.lock`.
 */
function lockPath(target) {
    const name = (0,external_node_path_.basename)(target);
    const full = `.${name}.lock`;
    if (Buffer.byteLength(full) <= atomic_file/* NAME_MAX */.fo)
        return (0,external_node_path_.join)((0,external_node_path_.dirname)(target), full);
    const hash = (0,external_node_crypto_.createHash)('sha256').update(name).digest('hex').slice(0, 16);
    return (0,external_node_path_.join)((0,external_node_path_.dirname)(target), `.pg-dumper-${hash}.lock`);
}
/**
 * Runs `fn` holding the lock of each target (absolute paths), and releases
 * them afterwards, whatever happens. A target another dump holds fails with
 * a `command` ToolError naming it, before `fn` runs.
 */
async function withTargetLocks(session, targets, fn) {
    const held = [];
    const made = [];
    let failed = false;
    try {
        for (const target of new Set(targets)) {
            // refused as a target right after; no lock in a parent of the workspace
            if ((0,atomic_file/* isWorkingDirOrParent */.Qm)(target))
                continue;
            const first = await makeFolder((0,external_node_path_.dirname)(target));
            if (first)
                made.push({ deepest: (0,external_node_path_.dirname)(target), first });
            held.push(await acquire(session, target));
        }
        return await fn();
    }
    catch (error) {
        failed = true;
        throw error;
    }
    finally {
        for (const lock of held.reverse())
            await release(session, lock);
        // a failed dump leaves no folder it made, unless something else is in it
        if (failed)
            for (const folders of made)
                await removeEmpty(folders);
    }
}
/** Removes the empty folders from `deepest` up to `first`. */
async function removeEmpty(o) {
    for (let folder = o.deepest;; folder = (0,external_node_path_.dirname)(folder)) {
        if (!(await (0,promises_.rmdir)(folder).then(() => true, () => false)))
            return;
        if (folder === o.first || (0,external_node_path_.dirname)(folder) === folder)
            return;
    }
}
/** Makes `folder` and its missing parents; the first it made, if any. */
function makeFolder(folder) {
    return (0,promises_.mkdir)(folder, { recursive: true }).catch((error) => {
        throw new core_errors/* ToolError */.v4('command', `Cannot create the folder ${folder} for the dump: ${error.message}`, { tool: 'pg_dump' });
    });
}
async function acquire(session, target) {
    const path = lockPath(target);
    const holder = {
        pid: process.pid,
        host: (0,external_node_os_.hostname)(),
        since: new Date().toISOString(),
        token: (0,external_node_crypto_.randomBytes)(8).toString('hex')
    };
    const content = `${JSON.stringify(holder)}\n`;
    for (let attempt = 0; attempt < 3; attempt++) {
        if (await target_lock_create(path, content, target)) {
            session.cancellation.track(path);
            heldHere.add(path);
            const timer = setInterval(() => {
                const now = new Date();
                (0,promises_.utimes)(path, now, now).catch(noop);
            }, REFRESH_MS);
            timer.unref();
            return { target, path, content, timer };
        }
        const found = await readLock(path);
        if (found === undefined)
            continue; // released meanwhile: try again
        const stale = staleBecause(path, found);
        if (stale === undefined)
            throw busy(target, path, found);
        if (await takeOver(path, found.content)) {
            session.logger.warning(`Removed the lock ${path} of an earlier dump to ${target}: ${stale}`);
        }
    }
    const found = await readLock(path);
    throw busy(target, path, found);
}
/** Creates the lock with `content`; false when it exists. */
async function target_lock_create(path, content, target) {
    let handle;
    try {
        handle = await (0,promises_.open)(path, 'wx', 0o644);
    }
    catch (error) {
        if (error.code === 'EEXIST')
            return false;
        throw new core_errors/* ToolError */.v4('command', `Cannot dump to ${target}: its lock file ${path} cannot be created (${error.message}).`, { tool: 'pg_dump' });
    }
    try {
        await handle.writeFile(content);
    }
    finally {
        await handle.close();
    }
    return true;
}
async function readLock(path) {
    try {
        const [content, info] = await Promise.all([
            (0,promises_.readFile)(path, 'utf8'),
            (0,promises_.stat)(path)
        ]);
        return {
            content,
            holder: parseHolder(content),
            ageMs: Date.now() - info.mtimeMs
        };
    }
    catch {
        return undefined;
    }
}
function parseHolder(content) {
    try {
        const value = JSON.parse(content);
        return typeof value.pid === 'number' && typeof value.host === 'string'
            ? value
            : undefined;
    }
    catch {
        // being written (created, not yet filled), or not ours
        return undefined;
    }
}
/** Why a lock belongs to no running dump, or undefined when it may. */
function staleBecause(path, found) {
    if (found.ageMs > STALE_MS) {
        return `it was not refreshed for ${(0,units/* formatDuration */.a)(found.ageMs)}`;
    }
    const { holder } = found;
    if (holder === undefined || holder.host !== (0,external_node_os_.hostname)())
        return undefined;
    if (holder.pid === process.pid) {
        return heldHere.has(path)
            ? undefined
            : `its process ${holder.pid} is this one, which does not hold it`;
    }
    return running(holder.pid)
        ? undefined
        : `its process ${holder.pid} is no longer running`;
}
function running(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (error) {
        // EPERM: it runs, as another user
        return error.code === 'EPERM';
    }
}
/**
 * Removes a stale lock that still reads `content`: moved aside first (one
 * rename, so two runs cannot both remove it), then checked; a lock another
 * run made meanwhile is put back.
 */
async function takeOver(path, content) {
    const aside = `${path}.${(0,external_node_crypto_.randomBytes)(4).toString('hex')}.stale`;
    try {
        await (0,promises_.rename)(path, aside);
    }
    catch {
        return false;
    }
    const moved = await (0,promises_.readFile)(aside, 'utf8').catch(() => undefined);
    if (moved !== content)
        await (0,promises_.link)(aside, path).catch(() => undefined);
    await (0,promises_.rm)(aside, { force: true });
    return moved === content;
}
const noop = () => undefined;
function busy(target, path, found) {
    const holder = found?.holder;
    const who = holder
        ? `process ${holder.pid} on ${holder.host}, since ${holder.since}`
        : 'a run that is starting';
    return new core_errors/* ToolError */.v4('command', `Cannot dump to ${target}: another dump is writing it (${who}), and two dumps to one target would leave one's outputs describing a file that is not there. ` +
        `Wait for it, or dump to another file. If no dump is running, remove its lock ${path} (a lock not refreshed for a minute is taken over).`, { tool: 'pg_dump' });
}
/** Stops refreshing the lock and removes it, unless another run took it over. */
async function release(session, lock) {
    clearInterval(lock.timer);
    heldHere.delete(lock.path);
    const now = await (0,promises_.readFile)(lock.path, 'utf8').catch(() => undefined);
    // gone: removed with the temporary files of a cancelled run
    if (now === lock.content)
        await (0,promises_.rm)(lock.path, { force: true }).catch(noop);
    else if (now !== undefined) {
        session.logger.warning(`The lock ${lock.path} of the dump to ${lock.target} was taken over by another run while this one ran: ${lock.target} may hold that run's dump.`);
    }
    session.cancellation.untrack(lock.path);
}

;// CONCATENATED MODULE: ./lib/core/logger.js
// The small logging surface the core writes to; the action maps it onto
// @actions/core, the CLI onto stderr.
/** A logger that drops everything; the default for library use. */
const silentLogger = {
    info: () => undefined,
    warning: () => undefined,
    debug: () => undefined,
    group: (_name, fn) => fn()
};

// EXTERNAL MODULE: ./lib/core/versions.js
var core_versions = __webpack_require__(73334);
;// CONCATENATED MODULE: ./lib/core/client/binary-version.js
// A client's version read from its executable rather than by running it:
// the line `pg_dump --version` prints ("pg_dump (PostgreSQL) 15.4 (Debian
// …)") is a string in the binary. Reading it spares a process start on the
// way to pg_dump. Only for native executables (ELF, Mach-O, PE) holding the
// line once; anything else (a script, Debian's pg_wrapper, a binary of
// another build) is asked with `--version`.


/** Larger files are not read (a pg_dump is about half a MB; static builds a few). */
const MAX_BINARY_BYTES = 32 * 1024 * 1024;
/** How native executables start: ELF, Mach-O (32, 64, universal), PE. */
const MAGIC = ['7f454c46', 'cefaedfe', 'cffaedfe', 'cafebabe', '4d5a'];
const LINE = Buffer.from('pg_dump (PostgreSQL) ', 'latin1');
/** The version the pg_dump at `file` prints, read from the file; undefined: ask it. */
async function versionInBinary(file) {
    let bytes;
    try {
        const handle = await (0,promises_.open)(file, 'r');
        try {
            const { size } = await handle.stat();
            if (size > MAX_BINARY_BYTES)
                return undefined;
            bytes = await handle.readFile();
        }
        finally {
            await handle.close();
        }
    }
    catch {
        return undefined;
    }
    const head = bytes.subarray(0, 4).toString('hex');
    if (!MAGIC.some(magic => head.startsWith(magic)))
        return undefined;
    const at = bytes.indexOf(LINE);
    if (at < 0 || bytes.indexOf(LINE, at + 1) >= 0)
        return undefined;
    const end = bytes.indexOf(0, at);
    if (end < 0 || end - at > 200)
        return undefined;
    return (0,core_versions/* parseVersion */.ot)(bytes.toString('latin1', at, end));
}

// EXTERNAL MODULE: ./node_modules/@actions/exec/lib/exec.js + 3 modules
var exec = __webpack_require__(81260);
;// CONCATENATED MODULE: ./lib/core/client/tools.js
// The three client programs in a folder: whether they are there, and which
// version they are.






/** The programs pg-dumper runs. */
const TOOLS = ['pg_dump', 'pg_restore', 'psql'];
function executableName(tool, platform) {
    return platform === 'win32' ? `${tool}.exe` : tool;
}
/** The tools binDir lacks as executable files, of pg_dump, pg_restore and psql. */
async function missingTools(binDir, platform = process.platform) {
    const missing = [];
    for (const tool of TOOLS) {
        const file = (0,external_node_path_.join)(binDir, executableName(tool, platform));
        try {
            if (!(await (0,promises_.stat)(file)).isFile())
                throw new Error('not a file');
            await (0,promises_.access)(file, external_node_fs_.constants.X_OK);
        }
        catch {
            missing.push(tool);
        }
    }
    return missing;
}
/**
 * The version of the client in binDir: runs `pg_dump --version` there.
 * Throws ToolNotRunnable when it does not run, fails or prints no version.
 */
async function clientVersion(binDir, platform = process.platform) {
    const pgDump = (0,external_node_path_.join)(binDir, executableName('pg_dump', platform));
    const result = await (0,exec/* getExecOutput */.H)((0,process_runner/* commandLine */.ay)(pgDump), ['--version'], {
        ignoreReturnCode: true,
        silent: true,
        env: (0,process_runner/* childEnv */.gf)()
    }).catch((error) => {
        throw new process_runner/* ToolNotRunnable */.zB(error instanceof Error ? error.message : String(error));
    });
    const version = result.exitCode === 0 ? (0,core_versions/* parseVersion */.ot)(result.stdout.trim()) : undefined;
    if (!version) {
        const said = (result.stderr || result.stdout).trim();
        throw new process_runner/* ToolNotRunnable */.zB(`${pgDump} --version exited ${result.exitCode}` +
            (said ? `: ${said}` : ' without a version'));
    }
    return version;
}

;// CONCATENATED MODULE: ./lib/core/client/search.js
// Finds the PostgreSQL clients (pg_dump, pg_restore, psql) installed where
// the usual installers put them, and picks the one a dump or restore needs.







const HOMEBREW_PREFIXES = [
    '/opt/homebrew',
    '/usr/local',
    '/home/linuxbrew/.linuxbrew'
];
/** Names in dir matching pattern, highest number first; none if unreadable. */
async function numberedDirs(dir, pattern) {
    let names;
    try {
        names = await (0,promises_.readdir)(dir);
    }
    catch {
        return [];
    }
    const number = (name) => Number(pattern.exec(name)?.[1] ?? NaN);
    return names
        .filter(name => !Number.isNaN(number(name)))
        .sort((a, b) => number(b) - number(a));
}
/** The folders that may hold a client, in search order. */
async function candidates(root, platform, path) {
    const found = [];
    const add = (layout, binDir) => found.push({ binDir, layout });
    if (platform !== 'win32') {
        const debian = (0,external_node_path_.join)(root, '/usr/lib/postgresql');
        for (const n of await numberedDirs(debian, /^(\d+(?:\.\d+)?)$/))
            add('debian', (0,external_node_path_.join)(debian, n, 'bin'));
        const usr = (0,external_node_path_.join)(root, '/usr');
        for (const n of await numberedDirs(usr, /^pgsql-(\d+(?:\.\d+)?)$/))
            add('rhel', (0,external_node_path_.join)(usr, n, 'bin'));
        for (const prefix of HOMEBREW_PREFIXES) {
            const opt = (0,external_node_path_.join)(root, prefix, 'opt');
            for (const n of await numberedDirs(opt, /^postgresql@(\d+(?:\.\d+)?)$/))
                add('homebrew', (0,external_node_path_.join)(opt, n, 'bin'));
            // the unversioned formulae follow the newest major; libpq has the clients only
            add('homebrew', (0,external_node_path_.join)(opt, 'postgresql', 'bin'));
            add('homebrew', (0,external_node_path_.join)(opt, 'libpq', 'bin'));
        }
    }
    else {
        // a test root stands in for the system drive, so it has no `C:` part
        const programFiles = root
            ? (0,external_node_path_.join)(root, 'Program Files')
            : (process.env.ProgramFiles ?? 'C:\\Program Files');
        const edb = (0,external_node_path_.join)(programFiles, 'PostgreSQL');
        for (const n of await numberedDirs(edb, /^(\d+(?:\.\d+)?)$/))
            add('windows', (0,external_node_path_.join)(edb, n, 'bin'));
    }
    const separator = platform === 'win32' ? ';' : ':';
    for (const entry of path.split(separator)) {
        // an empty entry means the working directory, which is no install
        if (entry.trim() !== '')
            add('path', entry);
    }
    return found;
}
/**
 * True when file is Debian's pg_wrapper, the Perl script behind
 * /usr/bin/pg_dump that runs one of /usr/lib/postgresql/<N>/bin's clients.
 */
async function isPgWrapper(file) {
    if ((0,external_node_path_.basename)(await (0,promises_.realpath)(file)) === 'pg_wrapper')
        return true;
    const handle = await (0,promises_.open)(file, 'r');
    try {
        const { buffer, bytesRead } = await handle.read(Buffer.alloc(2048), 0, 2048);
        const head = buffer.subarray(0, bytesRead).toString('latin1');
        return head.startsWith('#!') && head.includes('PgCommon');
    }
    finally {
        await handle.close();
    }
}
/**
 * The real path of binDir's pg_dump when binDir holds all three clients as
 * executable files; otherwise why not (nothing to say when there is no
 * pg_dump at all, as in most PATH entries).
 */
async function inspect(candidate, platform) {
    const pgDump = (0,external_node_path_.join)(candidate.binDir, executableName('pg_dump', platform));
    for (const tool of TOOLS) {
        const file = (0,external_node_path_.join)(candidate.binDir, executableName(tool, platform));
        try {
            if (!(await (0,promises_.stat)(file)).isFile())
                return { skip: `${file} is no file` };
            await (0,promises_.access)(file, external_node_fs_.constants.X_OK);
        }
        catch {
            return file === pgDump ? {} : { skip: `${file} is missing` };
        }
    }
    try {
        // skipped, not resolved: every client pg_wrapper can run lives in
        // /usr/lib/postgresql/<N>/bin, which the Debian layout already finds
        if (await isPgWrapper(pgDump))
            return { skip: `${pgDump} is Debian's pg_wrapper` };
        return { key: await (0,promises_.realpath)(pgDump) };
    }
    catch (error) {
        return { skip: `cannot read ${pgDump}: ${String(error)}` };
    }
}
/**
 * Every installed client (a folder with pg_dump, pg_restore and psql), newest
 * first, de-duplicated by the real path of pg_dump (the first location found
 * wins). Searched in this order: Debian/Ubuntu `/usr/lib/postgresql/<N>/bin`,
 * RHEL `/usr/pgsql-<N>/bin`, Homebrew's `opt/postgresql@<N>/bin`,
 * `opt/postgresql/bin` and `opt/libpq/bin` under /opt/homebrew, /usr/local and
 * /home/linuxbrew/.linuxbrew (all but Windows), `C:\Program Files\PostgreSQL\<N>\bin`
 * (Windows only), then each PATH entry. Debian's pg_wrapper is skipped.
 * Folders whose pg_dump does not report a version are skipped.
 */
async function findClients(options = {}) {
    const platform = options.platform ?? process.platform;
    const logger = options.logger ?? silentLogger;
    const all = await candidates(options.root ?? '', platform, options.path ?? process.env.PATH ?? '');
    const inspected = await Promise.all(all.map(c => inspect(c, platform)));
    const seen = new Set();
    const unique = [];
    all.forEach((candidate, i) => {
        const result = inspected[i];
        if (!('key' in result)) {
            if (result.skip)
                logger.debug(`Not a PostgreSQL client: ${result.skip}`);
        }
        else if (seen.has(result.key)) {
            logger.debug(`${candidate.binDir}: same client as one found before`);
        }
        else {
            seen.add(result.key);
            unique.push(candidate);
        }
    });
    const versions = await Promise.all(unique.map(async (c) => {
        try {
            return await clientVersion(c.binDir, platform);
        }
        catch (error) {
            logger.debug(`Skipping ${c.binDir}: ${error instanceof Error ? error.message : String(error)}`);
            return undefined;
        }
    }));
    const installs = [];
    unique.forEach((c, i) => {
        const version = versions[i];
        if (version)
            installs.push({ ...c, version });
    });
    // stable: equal versions keep the search order
    return installs.sort((a, b) => (0,core_versions/* compareVersions */.Zy)(b.version, a.version));
}
/**
 * Pure: the install of the oldest major that is >= need.major (or exactly
 * `forced` when given; then even one older than needed, which the reason
 * says); within that major, the newest minor, then the earlier found.
 * Undefined if none. `need.why` names what sets the need, e.g.
 * "the server (16.4)"; the reason then reads "the oldest installed client
 * not older than the server (16.4)".
 */
function chooseClient(installs, need, forced) {
    const fits = installs.filter(i => forced === undefined
        ? i.version.major >= need.major
        : i.version.major === forced);
    const best = fits.reduce((best, i) => {
        if (!best)
            return i;
        const byMajor = i.version.major - best.version.major;
        if (byMajor !== 0)
            return byMajor < 0 ? i : best;
        return i.version.minor > best.version.minor ? i : best;
    }, undefined);
    if (!best)
        return undefined;
    if (forced === undefined)
        return {
            install: best,
            reason: `the oldest installed client not older than ${need.why}`
        };
    return {
        install: best,
        reason: forced >= need.major
            ? `PostgreSQL ${forced} was asked for`
            : `PostgreSQL ${forced} was asked for, although ${need.why} needs ${need.major} or newer`
    };
}

;// CONCATENATED MODULE: ./lib/core/client/holes.js

/** Every hole pg-dumper warns of. */
const CLIENT_HOLES = [
    {
        cve: 'CVE-2026-6477',
        tool: 'pg_dump',
        risk: "a hostile server could overwrite pg_dump's stack through libpq's large-object reads (lo_read)",
        // the May 2026 minor releases
        fixedIn: ['14.23', '15.18', '16.14', '17.10', '18.4']
    }
];
const holes_release = (text) => (0,core_versions/* parseVersion */.ot)(text);
/**
 * Where `version` stands against `hole`. A major newer than the table's
 * was first released after the fix, so it has it.
 */
function holeStatus(hole, version) {
    const fixes = hole.fixedIn.map(holes_release);
    const same = fixes.find(f => f.major === version.major);
    if (same) {
        return version.minor >= same.minor
            ? { kind: 'fixed' }
            : { kind: 'older', fixed: same };
    }
    const oldest = fixes[0];
    return version.major < oldest.major
        ? { kind: 'unsupported', oldest }
        : { kind: 'fixed' };
}
/** The warning for running `tool` at `version` when a hole affects it, one per hole. */
function holeWarnings(tool, version, w) {
    const warnings = [];
    for (const hole of CLIENT_HOLES) {
        if (hole.tool !== tool)
            continue;
        const status = holeStatus(hole, version);
        const what = `${hole.cve}: ${hole.risk}`;
        const auto = w.set('installClient', 'auto');
        if (status.kind === 'older') {
            const fixed = status.fixed.text;
            warnings.push({
                cve: hole.cve,
                warning: `${tool} ${version.text} is older than ${fixed}, the release that fixes ${what}. ` +
                    `Use ${tool} ${fixed} or newer: update postgresql-client-${version.major}, or set ${w.name('pgBinDir')} to a current client ` +
                    `(${auto} installs the current release when no installed client fits).`
            });
        }
        else if (status.kind === 'unsupported') {
            const oldest = status.oldest;
            warnings.push({
                cve: hole.cve,
                warning: `${tool} ${version.text} is of PostgreSQL ${version.major}, past its end of life: no release of it fixes ${what}. ` +
                    `Use ${tool} ${oldest.text} or newer (a newer ${tool} dumps older servers too): set ${w.name('pgVersion')} to ${oldest.major} or later ` +
                    `(${auto} installs it when it is missing), or ${w.name('pgBinDir')} to a current client.`
            });
        }
    }
    return warnings;
}

// EXTERNAL MODULE: ./lib/core/client/install.js
var install = __webpack_require__(18552);
;// CONCATENATED MODULE: ./lib/core/client/resolver.js
// Chooses the pg_dump/pg_restore/psql to run: a given folder if any, else the
// oldest installed client new enough for the job (a forced major if asked),
// installing one when none is and that is allowed.









const describe = (installs) => installs.length
    ? installs.map(i => `${i.version.text} (${i.binDir})`).join(', ')
    : 'none';
/** Finds (or installs) clients once per Dumper and picks one per job. */
class ClientResolver {
    installs;
    checked;
    givenVersion;
    warned = new Set();
    policy;
    logger;
    wording;
    constructor(policy, logger, wording) {
        this.policy = policy;
        this.logger = logger;
        this.wording = wording;
    }
    /** Installed clients, newest first (searched once). */
    found() {
        this.installs ??= findClients({
            logger: this.logger,
            ...this.policy.search
        });
        return this.installs;
    }
    /** A psql to ask the server its version with: any will do, the newest is best. */
    async probeClient() {
        if (this.policy.binDir)
            return this.givenBinDir();
        return (await this.found())[0]?.binDir;
    }
    /** Starts asking the given folder's client its version, once (to run while a probe's psql does). */
    versionAhead() {
        if (this.policy.binDir)
            this.versionOfGiven().catch(() => { });
    }
    /**
     * The version of the given folder's client, known once (a failure is
     * thrown where it is needed): read from pg_dump's binary, else asked.
     */
    versionOfGiven() {
        this.givenVersion ??= this.givenBinDir().then(async (dir) => (await versionInBinary((0,external_node_path_.join)(dir, executableName('pg_dump', process.platform)))) ?? clientVersion(dir));
        return this.givenVersion;
    }
    /**
     * The client `pgBinDir` gives, known before the server is (a job's need
     * is checked against it once the server's version is known, by resolve());
     * undefined when none is given or it does not hold the three tools.
     */
    async given() {
        const { binDir } = this.policy;
        if (!binDir)
            return undefined;
        const version = await this.versionOfGiven().catch(() => undefined);
        if (!version)
            return undefined;
        return {
            binDir,
            version,
            reason: `given as ${this.wording.name('pgBinDir')}`
        };
    }
    /** The given folder, once it is known to hold all three tools. */
    givenBinDir() {
        const binDir = this.policy.binDir;
        this.checked ??= missingTools(binDir).then(missing => {
            if (missing.length === 0)
                return binDir;
            throw new process_runner/* ToolNotRunnable */.zB(`${this.wording.name('pgBinDir')} ${binDir} holds no ${missing.join(', no ')}: pg-dumper runs pg_dump, pg_restore and psql from it (a dump is read back with pg_restore before it is kept)`, missing[0]);
        });
        return this.checked;
    }
    /**
     * Warns of the known holes in `client`'s release that running `tool`
     * exposes, each once per run (every session shares this resolver).
     */
    warnOfHoles(tool, client) {
        if (!client.version)
            return client;
        for (const { cve, warning } of holeWarnings(tool, client.version, this.wording)) {
            if (this.warned.has(cve))
                continue;
            this.warned.add(cve);
            this.logger.warning(warning);
        }
        return client;
    }
    /** The client for a job, warned of when it has a known hole; throws PgClientVersionMismatch when none fits. */
    async resolve(need) {
        return this.warnOfHoles(need.tool, await this.choose(need));
    }
    async choose(need) {
        const { binDir, major } = this.policy;
        const w = this.wording;
        if (binDir) {
            const version = await this.versionOfGiven();
            if (version.major < need.major) {
                throw new core_errors/* PgClientVersionMismatch */.Xr(`${need.why} needs ${need.tool} ${need.major} or newer, but ${w.name('pgBinDir')} ${binDir} holds ${version.text}. ` +
                    `Point ${w.name('pgBinDir')} at a PostgreSQL ${need.major}+ client, or leave it out to let pg-dumper choose one.`);
            }
            if (need.restricted && !(0,core_versions/* hasRestrictedMode */.jJ)(version)) {
                throw new core_errors/* PgClientVersionMismatch */.Xr(`${restrictedWhy(version)} Point ${w.name('pgBinDir')} at such a client (${binDir} holds ${version.text}), ` +
                    `or leave it out to let pg-dumper choose one.`);
            }
            return { binDir, version, reason: `given as ${w.name('pgBinDir')}` };
        }
        const all = await this.found();
        // a script runs only where psql itself can refuse its meta-commands
        const installs = need.restricted
            ? all.filter(i => (0,core_versions/* hasRestrictedMode */.jJ)(i.version))
            : all;
        if (major !== undefined && major < need.major) {
            this.logger.warning(`${w.set('pgVersion', String(major))} is older than ${need.why} needs (${need.major}): ${need.tool} will likely refuse.`);
        }
        const choice = chooseClient(installs, need, major);
        if (choice) {
            return {
                binDir: choice.install.binDir,
                version: choice.install.version,
                reason: choice.reason
            };
        }
        // no 12 or older ever got restricted mode; a current 13+ reads their servers
        const wanted = Math.max(major ?? need.major, need.restricted ? 13 : 0);
        return this.install(wanted, need, all);
    }
    async install(wanted, need, installs) {
        const w = this.wording;
        const mismatch = (why) => new core_errors/* PgClientVersionMismatch */.Xr((need.restricted ? `${restrictedWhy()} ` : '') +
            `${need.why} needs ${need.tool} ${wanted} or newer, but the PostgreSQL clients found are: ${describe(installs)}. ` +
            `${why} Fix: install postgresql-client-${wanted} (${w.set('installClient', 'auto')} does this on Linux runners with apt), ` +
            `or set ${w.name('pgBinDir')} to a PostgreSQL ${wanted} client.`);
        if (this.policy.install === 'never')
            throw mismatch(`${w.name('installClient')} is never.`);
        const { plan, reason } = await (0,install/* installPlanForThisMachine */.NL)(wanted);
        if (!plan)
            throw mismatch(`It cannot be installed here: ${reason}.`);
        this.logger.info(`Installing postgresql-client-${wanted}: no installed client is new enough for ${need.why}`);
        let binDir;
        try {
            // an HTTP client (for the signing key) loads only to install
            const { runInstall } = await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(942), __webpack_require__.e(952)]).then(__webpack_require__.bind(__webpack_require__, 42952));
            binDir = await runInstall(plan, wanted, this.logger);
        }
        catch (error) {
            throw mismatch(`Installing postgresql-client-${wanted} failed: ${error.message}.`);
        }
        const version = await clientVersion(binDir);
        if (need.restricted && !(0,core_versions/* hasRestrictedMode */.jJ)(version))
            throw mismatch(`The installed postgresql-client-${version.major} is ${version.text}.`);
        this.installs = Promise.resolve([
            { binDir, version, layout: 'debian' },
            ...installs
        ]);
        return {
            binDir,
            version,
            reason: `installed postgresql-client-${version.major} for ${need.why}`
        };
    }
}
/** Why a script needs a psql with restricted mode, and which releases have it. */
function restrictedWhy(version) {
    return (`A SQL script runs in psql's restricted mode (\\restrict), in which psql itself refuses the script's meta-commands (\\! and the like would act on this machine)` +
        `${version ? `; psql ${version.text} has no such mode` : ''}: it needs psql ${core_versions/* RESTRICTED_MODE_RELEASES */.P3}.`);
}

// EXTERNAL MODULE: ./lib/core/connection/keywords.js
var keywords = __webpack_require__(71750);
// EXTERNAL MODULE: ./lib/core/connection/service-file.js
var service_file = __webpack_require__(75070);
;// CONCATENATED MODULE: ./lib/core/connection/secrets-file.js
// The connection's secrets other than the password (sslpassword,
// oauth_client_secret…) have no environment variable: they reach the tools
// in a private service file, never on a command line.





/** The keyword=value lines of a service file section. */
function serviceSection(name, settings) {
    for (const [key, value] of settings) {
        if (/[\r\n]/.test(value)) {
            throw new core_errors/* ToolError */.v4('command', `The connection's ${key} holds a line break, which a service file cannot carry.`);
        }
    }
    return `[${name}]\n${[...settings].map(([k, v]) => `${k}=${v}`).join('\n')}\n`;
}
/**
 * Writes, into the private folder `dir`, a service file (mode 0600) whose
 * service holds the user's `service` definition, if any, and `secrets`;
 * returns its path, for PGSERVICEFILE.
 */
async function writeSecretsFile(dir, secrets, service, serviceFile) {
    const settings = new Map(service ? ((0,service_file/* serviceDefinition */.fJ)(service, { serviceFile }) ?? []) : []);
    for (const [key, value] of Object.entries(secrets))
        settings.set(key, value);
    const file = (0,external_node_path_.join)(dir, 'pg_service.conf');
    await (0,promises_.writeFile)(file, serviceSection(keywords/* SECRETS_SERVICE */.qN, settings), {
        mode: 0o600
    });
    return file;
}

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

;// CONCATENATED MODULE: ./lib/core/connection/wait.js
// Waits for a server to accept connections and explains why it does not:
// retries only what waiting can fix (refused, unknown host, starting up) and
// names the cause of everything else at once.




const PATTERNS = [
    [
        'service',
        /definition of service ".*" not found|service file ".*" not found/
    ],
    [
        'tls',
        /no encryption|SSL was required|server does not support SSL|SSL connection is required|SSL off/i
    ],
    [
        'authentication',
        /authentication failed|no password supplied|role ".*" does not exist|password authentication|Peer authentication|pg_hba\.conf rejects/
    ],
    ['database', /database ".*" does not exist/],
    [
        'starting',
        /the database system is (starting up|shutting down|in recovery mode)|not yet accepting connections/
    ],
    [
        'unreachable',
        /Connection refused|could not translate host name|Name or service not known|Temporary failure in name resolution|No such file or directory|timeout expired|Network is unreachable|No route to host|server closed the connection unexpectedly/
    ]
];
/** Problems that may go away by waiting: the server is not up yet. */
const TRANSIENT = new Set([
    'unreachable',
    'starting'
]);
/** Classifies psql's connection error. */
function classifyConnectionError(stderr) {
    return PATTERNS.find(([, re]) => re.test(stderr))?.[0] ?? 'other';
}
/** Where libpq said it tried to connect, e.g. `127.0.0.1:5432`. */
function endpointOf(stderr, fallback) {
    const at = /connection to server at "([^"]+)"(?: \([^)]*\))?, port (\d+)/.exec(stderr);
    if (at)
        return `${at[1]}:${at[2]}`;
    const socket = /connection to server on socket "([^"]+)"/.exec(stderr);
    if (socket)
        return socket[1];
    const host = /could not translate host name "([^"]+)"/.exec(stderr);
    return host ? host[1] : fallback;
}
/** One sentence on what went wrong and what to do. */
function explainConnectionProblem(problem, endpoint) {
    switch (problem) {
        case 'unreachable':
            return `the server at ${endpoint} is not accepting connections (connection refused, or the host is unknown). Check the host and port, and that the server or service container is running.`;
        case 'starting':
            return `the server at ${endpoint} is still starting up or shutting down.`;
        case 'authentication':
            return `the server at ${endpoint} refused the credentials. Check the user and password in the connection (or service file).`;
        case 'database':
            return `the database does not exist on the server at ${endpoint}. Create it first, or check the database name.`;
        case 'tls':
            return `the server at ${endpoint} and the connection disagree about TLS: if the server requires it, add sslmode=require to the connection; if the connection requires it, the server does not offer it.`;
        case 'service':
            return `the service is not defined in the service file. Check the service name and the service file (PGSERVICEFILE, or ~/.pg_service.conf).`;
        default:
            return `the connection to ${endpoint} failed.`;
    }
}
/** A failed attempt, thrown for p-retry to retry (or not). */
class NotAccepting extends Error {
    name = 'NotAccepting';
    result;
    problem;
    constructor(result, problem) {
        super(`the server does not accept connections: ${problem}`);
        this.result = result;
        this.problem = problem;
    }
}
/**
 * Runs `attempt` every `pollMs` until it succeeds, a non-transient problem
 * appears, or `timeoutMs` has passed (0: one attempt; the last attempt is
 * made at the deadline). Logs each retry at debug, and once when it starts
 * waiting and about every 10 s after. An error `attempt` throws is thrown.
 */
async function waitForServer(attempt, options) {
    const { timeoutMs, logger, describe } = options;
    const started = performance.now();
    const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
    let attempts = 0;
    let lastLog = -Infinity;
    try {
        const result = await pRetry(async () => {
            attempts++;
            const result = await attempt();
            if (result.exitCode === 0)
                return result;
            const problem = classifyConnectionError(result.stderr);
            const failed = new NotAccepting(result, problem);
            throw TRANSIENT.has(problem) ? failed : new AbortError(failed);
        }, {
            retries: Infinity,
            factor: 1,
            minTimeout: options.pollMs ?? 500,
            maxRetryTime: timeoutMs,
            shouldRetry: ({ error }) => error instanceof NotAccepting,
            onFailedAttempt: ({ error, attemptNumber, retryDelay }) => {
                // retryDelay 0: out of time, no retry follows
                if (!(error instanceof NotAccepting) || retryDelay === 0)
                    return;
                const why = error.problem === 'starting' ? 'starting up' : 'not reachable yet';
                logger.debug(`Connecting to ${describe}: attempt ${attemptNumber} failed (${why}), next in ${retryDelay} ms`);
                const waitedMs = performance.now() - started;
                if (waitedMs - lastLog < 10_000)
                    return;
                lastLog = waitedMs;
                logger.info(`Waiting up to ${Math.round(timeoutMs / 1000)} s for ${describe} to accept connections (${why})…`);
            }
        });
        if (attempts > 1)
            logger.info(`${describe} accepts connections after ${seconds()} s`);
        return { ok: true, result, attempts };
    }
    catch (error) {
        if (!(error instanceof NotAccepting))
            throw error;
        const { result, problem } = error;
        const waitedMs = performance.now() - started;
        return { ok: false, result, problem, attempts, waitedMs };
    }
}
/** The error of a connection check that failed (see waitForServer), naming `target` and what went wrong. */
function connectionFailed(target, outcome, fallback) {
    const { result, problem, waitedMs } = outcome;
    const endpoint = endpointOf(result.stderr, fallback);
    const waited = waitedMs >= 1000 ? ` (waited ${(0,units/* formatDuration */.a)(waitedMs)})` : '';
    return new core_errors/* ToolError */.v4('failed', `Could not connect to ${target}${waited}: ${explainConnectionProblem(problem, endpoint)}\n` +
        (result.stderr || `psql exited with code ${result.exitCode}`), { tool: 'psql', exitCode: result.exitCode, stderr: result.stderr });
}
/**
 * A connection check's result (`SHOW server_version`, then a question if
 * `asked`): connected, the version printed, but the question failed counts
 * as connected, with the version alone; the asker asks again and sees why.
 */
function versionDespiteQuestion(result, asked) {
    const [first] = result.stdout.split('\n', 1);
    if (result.exitCode === 0 || !asked || !(0,core_versions/* parseVersion */.ot)(first))
        return result;
    return { ...result, exitCode: 0, stdout: `${first}\n` };
}

;// CONCATENATED MODULE: ./lib/core/tool-results.js
// How the session judges a tool run: a tool that could not start, and a
// housekeeping psql that failed, as ToolErrors.


/** A command ToolError for a tool that could not run; other errors as they are. */
function cannotRun(tool, error) {
    if (!(error instanceof process_runner/* ToolNotRunnable */.zB))
        return error;
    const missing = error.tool ?? tool;
    return new core_errors/* ToolError */.v4('command', `Cannot run ${missing}: ${error.message}`, {
        tool: missing
    });
}
/** The result of a psql housekeeping run, or a failed ToolError. */
function tool_results_checked(result, what) {
    if (result.exitCode === 0)
        return result;
    throw new core_errors/* ToolError */.v4('failed', `Could not ${what}: ${(0,process_runner/* failureMessage */.oh)('psql', result)}`, { tool: 'psql', exitCode: result.exitCode, stderr: result.stderr });
}

;// CONCATENATED MODULE: ./lib/core/session.js
// Runs the PostgreSQL tools for one Dumper: the connection's environment and
// secrets, the client chosen per job, cancellation, and the connection check
// that waits for the server and names what went wrong. Failures are
// ToolErrors; the operation that called decides their public name.











/** Where DROP and CREATE DATABASE run: every server has it. */
const MAINTENANCE_DB = 'postgres';
/** Runs tools against one connection. */
class Session {
    connection;
    logger;
    cancellation;
    wording;
    waitTimeoutMs;
    clients;
    env = {};
    secrets;
    serviceFile;
    options;
    #secretsDir;
    /** the major of the server, once asked */
    serverMajor;
    /** `clients`: a resolver to share with the session this one derives from. */
    constructor(options, clients) {
        this.options = options;
        this.connection = options.connection;
        this.logger = options.logger;
        this.cancellation = options.cancellation;
        this.wording = options.wording;
        this.waitTimeoutMs = options.waitTimeoutMs;
        const { password } = this.connection;
        if (password !== undefined)
            this.env.PGPASSWORD = password;
        if (options.serviceFile)
            this.env.PGSERVICEFILE = options.serviceFile;
        this.secrets = [
            ...(password ? [password] : []),
            ...Object.values(this.connection.secrets ?? {}).filter(Boolean)
        ];
        this.serviceFile = options.serviceFile;
        this.clients =
            clients ?? new ClientResolver(options.clients, this.logger, this.wording);
    }
    /** A session for another database of the same server (see forConnection). */
    forDatabase(dbname) {
        return this.forConnection(this.connection.withDbname(dbname));
    }
    /** A session for another connection: the same environment, cancellation and client search (found once). Close it when done. */
    forConnection(connection) {
        return new Session({ ...this.options, connection }, this.clients);
    }
    /**
     * Writes the connection's secrets other than the password (sslpassword,
     * oauth_client_secret…) to a private service file (the tools' only way
     * to get them off the command line), with the user's service merged in,
     * once; a no-op when there are none.
     */
    secretsFile() {
        const { secrets, service } = this.connection;
        if (!secrets)
            return Promise.resolve(undefined);
        this.#secretsDir ??= (async () => {
            const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'pg-dumper-secrets-'));
            this.cancellation.track(dir);
            this.env.PGSERVICEFILE = await writeSecretsFile(dir, secrets, service, this.serviceFile);
            return dir;
        })();
        return this.#secretsDir.then(() => this.env.PGSERVICEFILE);
    }
    /** Removes what the session wrote for the tools (the private service file). */
    async close() {
        const pending = this.#secretsDir;
        if (!pending)
            return;
        this.#secretsDir = undefined;
        if (this.serviceFile)
            this.env.PGSERVICEFILE = this.serviceFile;
        else
            delete this.env.PGSERVICEFILE;
        const dir = await pending.catch(() => undefined);
        if (dir === undefined)
            return;
        await (0,promises_.rm)(dir, { recursive: true, force: true });
        this.cancellation.untrack(dir);
    }
    /** A name for the target in messages: database, service or host. */
    get target() {
        return this.connection.target;
    }
    /** A psql for questions and housekeeping: any will do. */
    async probe() {
        try {
            return { binDir: await this.clients.probeClient(), reason: 'probe' };
        }
        catch (error) {
            throw cannotRun('psql', error);
        }
    }
    /** Picks the client for a job and says which and why. */
    async client(need) {
        let client;
        try {
            client = await this.clients.resolve(need);
        }
        catch (error) {
            throw cannotRun(need.tool, error);
        }
        this.logger.info(`Using ${need.tool} ${client.version?.text ?? ''} from ${client.binDir ?? 'PATH'}: ${client.reason}`);
        return client;
    }
    /**
     * Asks the server its version (in `connection`, by default the session's),
     * waiting up to waitTimeoutMs for it to accept connections (proving the
     * connection before anything is written); failures carry psql's message.
     */
    async serverVersion(connection = this.connection) {
        return (await this.connect(connection)).version;
    }
    /**
     * {@link serverVersion}, asking `question` (what the caller needs next) in
     * the same psql; `answer`: its output, undefined when it failed.
     */
    async connect(connection = this.connection, question) {
        const probe = await this.probe();
        const args = (0,core_args/* serverVersionArgs */.P6)(connection.conninfo, question);
        const fallback = this.connection.endpoint;
        const attempt = async () => versionDespiteQuestion(await this.run(probe, 'psql', args, true), question !== undefined);
        const waiting = waitForServer(attempt, {
            timeoutMs: this.waitTimeoutMs,
            logger: this.logger,
            describe: fallback
        });
        this.clients.versionAhead(); // meanwhile, once psql is started
        const outcome = await waiting;
        if (!outcome.ok)
            throw connectionFailed(this.target, outcome, fallback);
        const [printed, ...rest] = outcome.result.stdout.trim().split('\n');
        const version = (0,core_versions/* serverVersionOf */.FD)(printed);
        this.logger.info(`Server version ${version.text}`);
        this.serverMajor = version.major;
        return { version, ...(rest.length > 0 && { answer: rest.join('\n') }) };
    }
    /** The name of the database the connection reaches (asked when it names none). */
    async databaseName() {
        return (this.connection.dbname ??
            this.query('SELECT current_database()', 'ask the name of the target database', this.connection));
    }
    /** The session's connection to the maintenance database. */
    get maintenance() {
        return this.connection.withDbname(MAINTENANCE_DB);
    }
    /** Runs SQL commands, each on its own, in the maintenance database. */
    async sql(commands, what) {
        const args = (0,core_args/* psqlCommandArgs */.zw)(this.maintenance.conninfo, commands);
        tool_results_checked(await this.run(await this.probe(), 'psql', args), what);
    }
    /** One query's unaligned result, from the maintenance database (or `connection`); `quiet` logs the command at debug level. */
    async query(sql, what, connection = this.maintenance, quiet = false) {
        const args = (0,core_args/* psqlQueryArgs */.Wf)(connection.conninfo, sql);
        const result = await this.run(await this.probe(), 'psql', args, quiet);
        return tool_results_checked(result, what).stdout.trim();
    }
    /** Runs a tool: ToolErrors for "could not run" and rejected arguments, OperationCancelled once cancelled; `quiet` may be a whole RunHow. */
    async run(client, tool, args, quiet = false, onErrLine) {
        const how = typeof quiet === 'boolean' ? { quiet, onErrLine } : quiet;
        return this.#run(client, tool, args, how);
    }
    /**
     * Runs SQL commands in the maintenance database, also once the run was
     * cancelled: the clean-up that must happen then (dropping a throwaway
     * database). Resolves to psql's result; the caller judges it.
     */
    async cleanupSql(commands) {
        const args = (0,core_args/* psqlCommandArgs */.zw)(this.maintenance.conninfo, commands);
        return this.#run(await this.probe(), 'psql', args, { always: true });
    }
    async #run(client, tool, args, o) {
        let result;
        try {
            if (!o.always)
                this.cancellation.throwIfCancelled();
            await this.secretsFile(); // may add PGSERVICEFILE to the environment
            const runner = new process_runner/* ToolRunner */.tw({
                ...o,
                binDir: client.binDir,
                env: { ...this.env, ...o.env },
                secrets: this.secrets,
                logger: this.logger
            });
            result = await runner.run(tool, args);
            if (!o.always)
                this.cancellation.throwIfCancelled(`${tool} was stopped and temporary files were removed`);
        }
        catch (error) {
            throw cannotRun(tool, error);
        }
        if (result.exitCode !== 0 && (0,process_runner/* isUsageError */.mD)(result.stderr)) {
            throw new core_errors/* ToolError */.v4('command', `${tool} rejected its arguments: ${result.stderr}`, { tool, exitCode: result.exitCode, stderr: result.stderr });
        }
        return result;
    }
}

// EXTERNAL MODULE: ./lib/core/wording.js
var wording = __webpack_require__(49183);
;// CONCATENATED MODULE: ./lib/core/dumper.js
// The Dumper: dumps and restores PostgreSQL databases with pg_dump,
// pg_restore and psql, choosing a client that matches the server or the
// dump. Knows nothing of GitHub; both front ends drive it. It only
// orchestrates: a dump or restore of one database goes to dump/ or
// restore/, one with its globals or of several databases to cluster/.

















/** Dumps and restores the database one connection names. */
class Dumper {
    session;
    logger;
    /** Parses the connection; throws ConnectionStringError on a malformed one. */
    constructor(options) {
        this.logger = options.logger ?? silentLogger;
        this.session = new Session({
            connection: Connection.parse(options.connection, options.dbname),
            serviceFile: options.serviceFile && (0,external_node_path_.resolve)(options.serviceFile),
            clients: {
                binDir: options.pgBinDir,
                major: options.pgVersion,
                install: options.installClient ?? 'never',
                search: options.clientSearch
            },
            waitTimeoutMs: options.waitTimeoutMs ?? 0,
            cancellation: options.cancellation ?? new cancellation/* Cancellation */.mT(),
            logger: this.logger,
            wording: options.wording ?? wording/* coreWording */.w
        });
    }
    /** The parsed connection (no password in its conninfo). */
    get connection() {
        return this.session.connection;
    }
    /** A name for the target in messages: database, service or host. */
    get target() {
        return this.session.target;
    }
    /**
     * Dumps to a temporary file beside the target and renames it only once
     * verified: one database, with its globals, or several; holding the lock
     * of each path it writes, so that a second dump to one of them fails
     * instead of replacing it under the first one's outputs.
     */
    dump(options) {
        const file = (0,external_node_path_.resolve)(options.file);
        const databases = options.databases ?? [];
        const from = databases.length ? databases.join(', ') : this.target;
        const session = this.session;
        const formats = options.formats ?? [];
        const encrypted = (options.encryptTo ?? []).length > 0;
        return this.operation('dump', `Dumping ${from} to ${file}`, async () => {
            if (options.verify === 'restore')
                await checkDrillable(session, options);
            if (databases.length > 0 || formats.length > 1) {
                const outputs = (0,cluster_outputs/* severalOutputs */.PW)(options.file, databases.length ? databases : [await session.databaseName()], formats.length ? formats : [options.format ?? 'custom'], encrypted);
                const targets = (0,cluster_outputs/* severalTargets */.Lo)(outputs, !!options.globals, encrypted);
                return withTargetLocks(session, targets, () => dumpDatabases(session, options, outputs));
            }
            const one = await (0,cluster_outputs/* expandOne */.L6)(session, options);
            return withTargetLocks(session, dumpTargets(one), () => one.globals ? dumpWithGlobals(session, one) : dump(session, one));
        });
    }
    /**
     * Dumps one database (custom or plain, encrypted or scrubbed when asked)
     * into `into`, a store's stream, read back and hashed as it passes; no
     * file is written (`file` names the dump). `into` is ended only once the
     * dump is verified; after a failure it is left for the store to discard.
     */
    dumpStream(options, into) {
        const session = this.session;
        return this.operation('dump', `Dumping ${this.target} into its store as pg_dump writes it`, async () => dumpStreamed(session, await (0,cluster_outputs/* expandOne */.L6)(session, options), into));
    }
    /**
     * Restores an archive with pg_restore or a plain script with psql: one
     * dump, with its globals first, or a dump of several databases, each
     * into its namesake.
     */
    restore(options) {
        const file = (0,external_node_path_.resolve)(options.file);
        const databases = options.databases ?? [];
        const into = databases.length
            ? databases.join(', ')
            : (0,cluster_layout/* holdsSeveral */.jq)(file)
                ? 'the databases it holds'
                : this.target;
        const session = this.session;
        return this.operation('restore', `Restoring ${file} into ${into}`, async () => {
            const layout = await readRestoreLayout(session, options);
            if (layout.kind === 'databases')
                return restoreDatabases(session, options, layout);
            if (involvesGlobals(layout, options))
                return restoreWithGlobals(session, options, layout);
            // checked first, as with globals: a wrong key says 'Nothing was restored.'
            // (restore() alone says 'Nothing of it…', as one of several)
            await checkKeyOpens(session, [file], options.decryptKey);
            return restore(session, options);
        });
    }
    /**
     * Restores one dump as it streams from its store (`options.file` names
     * it): a custom archive read once by pg_restore, or a plain script by
     * psql, checked as it passes; hashed as it passes.
     * What a stream cannot restore (an age file, tar, a plain script into
     * several or created databases or a target whose extensions' tables the
     * user may not write) is refused before anything runs, saying why; the
     * stream is then spent.
     */
    restoreStream(options, stream) {
        const session = this.session;
        return this.operation('restore', `Restoring ${options.file} into ${this.target} as it streams from its store`, async () => {
            // a script psql reads as it streams: into the session's own
            // database, whose extensions are asked ahead
            const plain = !options.databases?.length && !options.createDatabase;
            const opened = await openStream(session, options.file, stream, plain);
            if ('refused' in opened)
                return opened;
            return restore(session, options, opened).catch((error) => {
                if (error instanceof StreamRefused)
                    return { refused: error.message };
                throw error;
            });
        });
    }
    /** Runs an operation in its log group; its failures get the operation's error types. */
    async operation(operation, title, run) {
        try {
            return await this.logger.group(title, run);
        }
        catch (error) {
            throw (0,core_errors/* operationError */.mE)(operation, (0,core_errors/* systemToolError */.kr)(error));
        }
        finally {
            await this.session.close();
        }
    }
}
/** The paths a dump of one database takes the place of: the dump, a kept plaintext, the globals. */
function dumpTargets(options) {
    const file = (0,external_node_path_.resolve)(options.file);
    const encrypted = (options.encryptTo ?? []).length > 0;
    return [
        file,
        ...(encrypted && options.plainFile ? [(0,external_node_path_.resolve)(options.plainFile)] : []),
        ...(options.globals
            ? [(0,external_node_path_.join)((0,external_node_path_.dirname)(file), encrypted ? cluster_layout/* GLOBALS_AGE_FILE */.ES : cluster_layout/* GLOBALS_FILE */.Yu)]
            : [])
    ];
}

;// CONCATENATED MODULE: ./lib/core/age/recipients.js
// The age keys a run is given, checked before anything runs: recipients
// (public keys, `age1…`) to encrypt a dump to, and the identity (secret key,
// `AGE-SECRET-KEY-1…`) to decrypt one with.

/** What a recipient may be, for messages that refuse anything else. */
const RECIPIENT_FORMS = "age public keys, one per line: X25519 'age1…' (as age-keygen prints them) or post-quantum 'age1pq1…'; blank lines and '#' comments are skipped";
/** What an identity may be, for messages that refuse anything else. */
const IDENTITY_FORMS = "an age secret key 'AGE-SECRET-KEY-1…' (or 'AGE-SECRET-KEY-PQ-1…'), as age-keygen writes it; '#' comment lines are skipped";
/** A recipient or identity that is not one; the message never holds a secret. */
class AgeKeyError extends Error {
    name = 'AgeKeyError';
}
/** The meaningful lines of a key list: trimmed, without blanks and `#` comments (age's own recipients-file rules). */
function keyLines(text) {
    return text
        .split(/\r?\n/)
        .map(line => line.trim())
        .filter(line => line !== '' && !line.startsWith('#'));
}
/** Whether the age library takes `recipient` (it checks the bech32 encoding and the key's length). */
async function validRecipient(recipient) {
    if (!/^age1(?:pq1)?[02-9ac-hj-np-z]+$/.test(recipient))
        return false;
    const { Encrypter } = await (0,age_file/* ageLibrary */.ZZ)();
    try {
        new Encrypter().addRecipient(recipient);
        return true;
    }
    catch {
        return false;
    }
}
/**
 * The recipients of a list (one per line), each checked; throws AgeKeyError
 * naming the first bad one (a public key, so it may be shown) and its line.
 */
async function parseRecipients(text) {
    const recipients = keyLines(text);
    if (recipients.length === 0) {
        throw new AgeKeyError('it holds no recipient');
    }
    for (const [i, recipient] of recipients.entries()) {
        if (await validRecipient(recipient))
            continue;
        const shown = recipient.length > 80 ? `${recipient.slice(0, 80)}…` : recipient;
        const why = /^AGE-SECRET-KEY-/i.test(recipient)
            ? 'a secret key, not a public one: give the age1… line age-keygen prints as "Public key" (and keep the secret key in a secret for decrypt-key)'
            : /^ssh-/.test(recipient)
                ? 'an SSH key, which this action cannot encrypt to'
                : 'not a valid age public key';
        // a secret key pasted by mistake must not be shown
        const what = /^AGE-SECRET-KEY-/i.test(recipient)
            ? 'AGE-SECRET-KEY-…'
            : `'${shown}'`;
        throw new AgeKeyError(`recipient ${i + 1} (${what}) is ${why}`);
    }
    return [...new Set(recipients)];
}
/**
 * The identity in a secret (one key; comment lines as age-keygen writes them
 * are skipped); throws AgeKeyError, never quoting the text.
 */
async function parseIdentity(text) {
    const keys = keyLines(text);
    if (keys.length !== 1) {
        throw new AgeKeyError(keys.length === 0
            ? 'it holds no key'
            : `it holds ${keys.length} lines, not one key`);
    }
    const [key] = keys;
    if (/^age1/.test(key)) {
        throw new AgeKeyError('it is a public key (age1…): decrypting needs the secret key (AGE-SECRET-KEY-1…)');
    }
    if (!/^AGE-SECRET-KEY-(?:PQ-)?1[02-9AC-HJ-NP-Z]+$/.test(key)) {
        throw new AgeKeyError('it is not an age secret key');
    }
    const { Decrypter } = await (0,age_file/* ageLibrary */.ZZ)();
    try {
        new Decrypter().addIdentity(key);
    }
    catch {
        // the library's message may quote the key
        throw new AgeKeyError('it is not a valid age secret key (its checksum or length is wrong)');
    }
    return key;
}

// EXTERNAL MODULE: ./lib/core/limits.js
var limits = __webpack_require__(97535);
;// CONCATENATED MODULE: ./lib/core/index.js
// The Dumper core's one public surface: what the action, the CLI and the
// artifact code may use. Everything else under core/ is internal.






















/***/ })

};
