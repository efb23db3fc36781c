export const id = 579;
export const ids = [579];
export const modules = {

/***/ 63375:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DS: () => (/* binding */ tapped),
/* harmony export */   QF: () => (/* binding */ authenticate),
/* harmony export */   QL: () => (/* binding */ decryptToMemory),
/* harmony export */   UC: () => (/* binding */ decryptStream),
/* harmony export */   UO: () => (/* binding */ encryptStream),
/* harmony export */   VU: () => (/* binding */ FileKeyWitness),
/* harmony export */   ZZ: () => (/* binding */ ageLibrary),
/* harmony export */   sM: () => (/* binding */ decryptionError),
/* harmony export */   zE: () => (/* binding */ hashing),
/* harmony export */   zi: () => (/* binding */ changedError)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(57075);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(51455);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(46466);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3828);








/** The age library (and the curves it checks keys with), loaded only to encrypt or decrypt. */
const ageLibrary = () => __webpack_require__.e(/* import() */ 855).then(__webpack_require__.bind(__webpack_require__, 20855));
/** Counts and hashes what passes through. */
function hashing() {
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    let size = 0;
    let digest;
    const tap = new node_stream__WEBPACK_IMPORTED_MODULE_2__.Transform({
        transform(chunk, _encoding, done) {
            hash.update(chunk);
            size += chunk.length;
            done(null, chunk);
        }
    });
    return Object.assign(tap, {
        sha256: () => (digest ??= hash.digest('hex')),
        size: () => size
    });
}
/**
 * A recipient that wraps nothing: it only keeps the file key, so the file
 * just written can be decrypted and read back without any recipient's
 * secret key. The file holds the real recipients' stanzas only.
 */
class FileKeyWitness {
    fileKey;
    wrapFileKey(fileKey) {
        this.fileKey = new Uint8Array(fileKey);
        return [];
    }
}
/**
 * Encrypts `plain` to `recipients` into the file `to` (created, mode 0600).
 * Rejects with the first error of the source or the write.
 */
async function encryptStream(plain, recipients, to) {
    const { Encrypter } = await ageLibrary();
    const encrypter = new Encrypter();
    for (const recipient of recipients)
        encrypter.addRecipient(recipient);
    const witness = new FileKeyWitness();
    encrypter.addRecipient(witness);
    const tap = hashing();
    const source = plain.pipe(tap);
    plain.on('error', error => source.destroy(error));
    plain.on('close', () => {
        if (!plain.readableEnded)
            source.destroy(new Error('the input ended early'));
    });
    try {
        const cipher = await encrypter.encrypt(node_stream__WEBPACK_IMPORTED_MODULE_2__.Readable.toWeb(source));
        await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_4__.pipeline)(node_stream__WEBPACK_IMPORTED_MODULE_2__.Readable.fromWeb(cipher), (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createWriteStream)(to, { mode: 0o600 }));
        // on disk before it may take the target's name, as pg_dump syncs its own
        const written = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.open)(to, 'r+');
        await written.sync().finally(() => written.close());
    }
    catch (error) {
        // a writer (pg_dump) on the other end must not wait for a reader for good
        plain.destroy();
        throw error;
    }
    const fileKey = witness.fileKey;
    return {
        readBack: { unwrapFileKey: () => fileKey },
        plain: { sha256: tap.sha256(), size: tap.size() }
    };
}
/**
 * A decryption failure in words: which of the user's fixes applies, then
 * `outcome` (what the failure left undone).
 */
function decryptionError(file, error, keyName, outcome = 'Nothing was restored.') {
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .DecryptionFailed */ .DD)
        return error;
    const message = error instanceof Error ? error.message : String(error);
    if (/no identity matched/.test(message)) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .DecryptionFailed */ .DD(`${file} is age-encrypted, but ${keyName} is not the secret key of any of its recipients. ` +
            `Give the AGE-SECRET-KEY-1… whose public key (age1…) the dump was encrypted to. ${outcome}`);
    }
    return new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .DecryptionFailed */ .DD(`${file} is age-encrypted but cannot be decrypted: it is corrupt or cut short (${safeReason(message)}). ${outcome}`);
}
/**
 * A pass over an age file that fails to decrypt it after it was
 * authenticated whole: it changed since, and `target` may hold part of it.
 */
function changedError(file, error, target) {
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .DecryptionFailed */ .DD)
        return error;
    const message = error instanceof Error ? error.message : String(error);
    return new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .DecryptionFailed */ .DD(`${file} changed on disk during the restore: every chunk of it was authenticated before anything was restored, ` +
        `but reading it again failed to decrypt (${safeReason(message)}). ${target} may hold part of the dump: restore again from an intact copy.`);
}
/** The library's reason, kept only when it is one of its own short phrases (never key material). */
function safeReason(message) {
    return /^[\w ,.'-]{1,100}$/.test(message) ? message : 'invalid age data';
}
/**
 * The plaintext of the age file at `path`, as a stream. The header is read
 * and its MAC checked before this resolves (a wrong key rejects here); the
 * payload is authenticated chunk by chunk as it is read, and a cut or
 * altered file errors the stream. Rejections are the library's errors:
 * word them with {@link decryptionError}.
 */
async function decryptStream(path, identity) {
    const { Decrypter } = await ageLibrary();
    const decrypter = new Decrypter();
    decrypter.addIdentity(identity);
    const cipher = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(path);
    try {
        const plain = await decrypter.decrypt(node_stream__WEBPACK_IMPORTED_MODULE_2__.Readable.toWeb(cipher));
        return node_stream__WEBPACK_IMPORTED_MODULE_2__.Readable.fromWeb(plain);
    }
    catch (error) {
        cipher.destroy();
        throw error;
    }
}
/** The stream's bytes as they are, each also given to `tap` (errors pass through). */
function tapped(stream, tap) {
    return node_stream__WEBPACK_IMPORTED_MODULE_2__.Readable.from((async function* () {
        for await (const chunk of stream) {
            tap(chunk);
            yield chunk;
        }
    })(), { objectMode: false });
}
/**
 * Decrypts the whole age file at `path`, authenticating every chunk, and
 * keeps only the first `keep` bytes of the plaintext (a dump's header):
 * the rest is discarded as it passes, written nowhere. Rejects as
 * {@link decryptStream} does, or at the first chunk that fails (a file cut
 * short fails at its end).
 */
async function authenticate(path, identity, keep = 0) {
    const plain = await decryptStream(path, identity);
    const chunks = [];
    let held = 0;
    try {
        for await (const chunk of plain) {
            const bytes = chunk;
            if (held < keep) {
                chunks.push(bytes.subarray(0, keep - held));
                held += Math.min(bytes.length, keep - held);
            }
        }
    }
    finally {
        plain.destroy();
    }
    return Buffer.concat(chunks);
}
/**
 * The whole plaintext of a small age file (a roles and tablespaces script),
 * held in memory only, and its SHA-256. Rejects as {@link decryptStream}
 * does, or when a chunk fails to authenticate.
 */
async function decryptToMemory(path, identity) {
    const plain = await decryptStream(path, identity);
    const chunks = [];
    for await (const chunk of plain)
        chunks.push(chunk);
    const bytes = Buffer.concat(chunks);
    return {
        bytes,
        sha256: (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(bytes).digest('hex')
    };
}


/***/ }),

/***/ 16120:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ fileCrc),
/* harmony export */   h: () => (/* binding */ fileDigest)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(38522);
// Size and SHA-256 of a dump, read in fixed chunks so no dump is held in memory.
// A directory archive is hashed file by file in name order.




// one buffer, reused for every read: hashing a large dump allocates nothing
// per chunk, so the action's memory does not grow with the dump
const CHUNK = 1 << 20;
async function hashFile(path, hash, range) {
    const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(path, 'r');
    const buffer = Buffer.allocUnsafe(CHUNK);
    let position = 0;
    let crc = 0;
    try {
        for (;;) {
            const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
            if (bytesRead === 0)
                break;
            const bytes = buffer.subarray(0, bytesRead);
            hash?.update(bytes);
            if (range) {
                const from = Math.max(range.start - position, 0);
                const to = Math.min(range.end - position, bytesRead);
                if (to > from)
                    crc = (0,node_zlib__WEBPACK_IMPORTED_MODULE_3__.crc32)(bytes.subarray(from, to), crc);
            }
            position += bytesRead;
        }
    }
    finally {
        await handle.close();
    }
    return crc;
}
/** The files under a folder, relative paths with `/`, sorted. */
async function filesUnder(dir) {
    const entries = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)(dir, { recursive: true, withFileTypes: true });
    return entries
        .filter(e => e.isFile())
        .map(e => (0,node_path__WEBPACK_IMPORTED_MODULE_2__.relative)(dir, (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(e.parentPath, e.name)).split(node_path__WEBPACK_IMPORTED_MODULE_2__.sep).join('/'))
        .sort();
}
const WHOLE = { start: 0, end: Number.POSITIVE_INFINITY };
/** The CRC-32 of a whole file, read in fixed chunks. */
async function fileCrc(path) {
    return hashFile(path, undefined, WHOLE);
}
/**
 * Streams the file (or every file of the folder) once to hash it; `crc`
 * asks for the CRC-32 of a range of a file, or (any range) of each file of
 * a folder, from the same pass.
 */
async function fileDigest(path, crc) {
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    const info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(path);
    if (!info.isDirectory()) {
        const crc32 = await hashFile(path, hash, crc);
        return {
            size: info.size,
            sha256: hash.digest('hex'),
            ...(crc && { crc32 })
        };
    }
    let size = 0;
    const fileCrcs = new Map();
    for (const name of await filesUnder(path)) {
        const file = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(path, ...name.split('/'));
        const bytes = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(file)).size;
        size += bytes;
        hash.update(`${name}\0${bytes}\0`);
        const crc32 = await hashFile(file, hash, crc && WHOLE);
        if (crc)
            fileCrcs.set(name, crc32);
    }
    return { size, sha256: hash.digest('hex'), ...(crc && { fileCrcs }) };
}


/***/ }),

/***/ 16076:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $1: () => (/* binding */ schemaOfEntry),
/* harmony export */   Bt: () => (/* binding */ tocSchemas),
/* harmony export */   QF: () => (/* binding */ withoutSchemaEntries),
/* harmony export */   R5: () => (/* binding */ entryBody),
/* harmony export */   dr: () => (/* binding */ tocEntries),
/* harmony export */   et: () => (/* binding */ tocEntryCount),
/* harmony export */   fq: () => (/* binding */ splitToc),
/* harmony export */   fr: () => (/* binding */ dependsOn),
/* harmony export */   gW: () => (/* binding */ extensionEntry),
/* harmony export */   ub: () => (/* binding */ entryId)
/* harmony export */ });
// Reads and edits a pg_restore table of contents (`pg_restore --list`): the
// one parser of its lines. Entries are `<id>; <table oid> <oid> <desc…>`;
// comment lines start with `;`.
//
// pg_restore's --exclude-schema leaves out the objects in a schema but still
// creates the schema itself (and its comment): its own entries are not "in"
// the schema. Dropping those entries from the list makes an excluded schema
// truly absent.
const ENTRY_START = /^\d+;/;
const ENTRY = /^\d+; \d+ \d+ (.*)$/;
const SCHEMA_ENTRY = 'SCHEMA - ';
// entries that belong to a schema object, with the schema name quoted as an identifier
const ON_SCHEMA = [
    'COMMENT - SCHEMA ',
    'ACL - SCHEMA ',
    'SECURITY LABEL - SCHEMA '
];
/** The entry lines of a list, comments and blanks left out. */
function tocEntries(list) {
    return list.split('\n').filter(line => ENTRY_START.test(line));
}
/** How many entries a table of contents lists. */
function tocEntryCount(list) {
    return tocEntries(list).length;
}
/** The dump id an entry line starts with. */
function entryId(line) {
    return Number.parseInt(line, 10);
}
/**
 * Splits a table of contents into `parts` lists, so that several pg_restore
 * processes can read an archive back at once (each `--use-list` reads only
 * its entries' data). The heaviest entries are dealt first, each to the
 * lightest part (equal weights: round-robin); each part keeps the order of
 * the table of contents.
 */
function splitToc(list, parts, weight = () => 1) {
    const entries = tocEntries(list).map((line, index) => ({
        line,
        index,
        weight: weight(line)
    }));
    const count = Math.max(1, Math.min(parts, entries.length));
    const lists = Array.from({ length: count }, () => ({
        total: 0,
        entries: []
    }));
    for (const entry of [...entries].sort((a, b) => b.weight - a.weight)) {
        const lightest = lists.reduce((min, l) => (l.total < min.total ? l : min));
        lightest.entries.push(entry);
        lightest.total += entry.weight;
    }
    return lists.map(l => `${l.entries
        .sort((a, b) => a.index - b.index)
        .map(e => e.line)
        .join('\n')}\n`);
}
/** What an entry line holds after its oids: `<desc> <schema> <tag> <owner>`. */
function entryBody(line) {
    return ENTRY.exec(line)?.[1];
}
const DEPENDS_ON = /^;\s*depends on:((?: \d+)*)\s*$/;
/**
 * The dump ids of a "depends on" line, which `--list --verbose` prints after
 * an entry; undefined for any other line.
 */
function dependsOn(line) {
    const ids = DEPENDS_ON.exec(line)?.[1].trim();
    return ids === undefined ? undefined : ids ? ids.split(' ').map(Number) : [];
}
/** Drops the trailing owner from "<tag> <owner>". */
function withoutOwner(tagAndOwner) {
    const at = tagAndOwner.lastIndexOf(' ');
    return at < 0 ? tagAndOwner : tagAndOwner.slice(0, at);
}
/** "My Schema" (as fmtId quotes it) → My Schema; bare names stay as they are. */
function unquoteIdent(ident) {
    return ident.startsWith('"') && ident.endsWith('"') && ident.length >= 2
        ? ident.slice(1, -1).replace(/""/g, '"')
        : ident;
}
/** The schema an entry creates or describes, if it is a schema's own entry. */
function schemaOfEntry(line) {
    const body = ENTRY.exec(line)?.[1];
    if (body === undefined)
        return undefined;
    if (body.startsWith(SCHEMA_ENTRY)) {
        return withoutOwner(body.slice(SCHEMA_ENTRY.length));
    }
    const prefix = ON_SCHEMA.find(p => body.startsWith(p));
    if (prefix)
        return unquoteIdent(withoutOwner(body.slice(prefix.length)));
    return undefined;
}
/** The list without the entries that create or describe the given schemas. */
function withoutSchemaEntries(list, schemas) {
    const excluded = new Set(schemas);
    return list
        .split('\n')
        .filter(line => {
        const schema = schemaOfEntry(line);
        return schema === undefined || !excluded.has(schema);
    })
        .join('\n');
}
/** The schemas an archive creates, and public, which every database has. */
function tocSchemas(list) {
    const names = new Set(['public']);
    for (const line of tocEntries(list)) {
        const body = ENTRY.exec(line)?.[1];
        if (body?.startsWith(SCHEMA_ENTRY))
            names.add(withoutOwner(body.slice(SCHEMA_ENTRY.length)));
    }
    return [...names].sort();
}
const EXTENSION = /^\d+; \d+ \d+ EXTENSION - (\S+)/;
const EXTENSION_COMMENT = /^\d+; \d+ \d+ COMMENT - EXTENSION (\S+)/;
const TABLE_DATA = /^\d+; \d+ \d+ TABLE DATA (\S+) (\S+) /;
/** An entry line as an extension, its comment or table data; undefined for the rest. */
function extensionEntry(line) {
    const extension = EXTENSION.exec(line);
    if (extension)
        return { kind: 'extension', name: extension[1] };
    const comment = EXTENSION_COMMENT.exec(line);
    if (comment)
        return { kind: 'comment', name: comment[1] };
    const data = TABLE_DATA.exec(line);
    if (data)
        return { kind: 'data', schema: data[1], table: data[2] };
    return undefined;
}


/***/ }),

/***/ 41349:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J: () => (/* binding */ WriterWatch)
/* harmony export */ });
// What a reader following a file another process writes knows of it: the
// writer has finished, or the reading was stopped; between two reads that
// found nothing new, a pause that either of them ends at once.
/** The state of a followed file's writer, and the reader's pause. */
class WriterWatch {
    #pauseMs;
    /** the writer has finished: what is in the file is all there will be */
    ended = false;
    /** the reading is to stop (the writer failed or was stopped) */
    stopped = false;
    #wake;
    constructor(pauseMs) {
        this.#pauseMs = pauseMs;
    }
    end() {
        this.ended = true;
        this.#wake?.();
    }
    stop() {
        this.stopped = true;
        this.#wake?.();
    }
    /** Waits `pauseMs`, or until the writer ends or the reading is stopped. */
    async pause() {
        await new Promise(resolve => {
            const timer = setTimeout(resolve, this.#pauseMs);
            this.#wake = () => {
                clearTimeout(timer);
                resolve();
            };
        });
        this.#wake = undefined;
    }
}


/***/ }),

/***/ 26121:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   f: () => (/* binding */ Follower),
/* harmony export */   y: () => (/* binding */ HeadWatch)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(38522);
/* harmony import */ var _archive_custom_data_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(98572);
/* harmony import */ var _archive_writer_watch_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(41349);
/* harmony import */ var _archive_custom_toc_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(55968);
// Follows a custom archive while pg_dump writes it. pg_dump writes the header
// and table of contents, appends the data blocks, and at the end rewrites the
// table of contents in place with the blocks' offsets. The follower reads
// the file as it grows and reads its data blocks back in this process
// (archive/custom-data.ts), inflating every block while pg_dump still
// works; it keeps the table of contents as read, where each block started,
// and a CRC-32 of the data it read, so the finished file can be shown to
// hold the bytes that were read.





// one buffer, reused once the reader has taken its bytes (it keeps none):
// the action's memory stays flat whatever the dump's size
const CHUNK = 1 << 16;
/**
 * How long the follower waits when it has caught up with pg_dump: 200 ms of
 * its output at a time rather than 20 took a fifth less of the step's CPU
 * (fewer reads, wake-ups and context switches); pg_dump's exit wakes it at
 * once.
 */
const POLL_MS = 200;
/** The table of contents is parsed on (from where it got to) once the bytes held have grown by this much. */
const PARSE_STEP = 1 << 16;
/** Reads a growing custom archive back until told the writer has ended. */
class Follower {
    #file;
    #writer = new _archive_writer_watch_js__WEBPACK_IMPORTED_MODULE_2__/* .WriterWatch */ .J(POLL_MS);
    constructor(file) {
        this.#file = file;
    }
    /** pg_dump has exited: read what is left, to the end. */
    writerEnded() {
        this.#writer.end();
    }
    /** pg_dump failed or was stopped: stop reading. */
    stop() {
        this.#writer.stop();
    }
    async #openFile() {
        for (;;) {
            const ended = this.#writer.ended;
            try {
                return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.open)(this.#file, 'r');
            }
            catch (error) {
                if (error.code !== 'ENOENT')
                    throw error;
            }
            if (ended || this.#writer.stopped)
                return undefined;
            await this.#writer.pause();
        }
    }
    /**
     * Runs until the file is read to its end once pg_dump has exited, or it
     * is stopped; rejects with a DataProblem at the first block that does not
     * read back. Stops early, without a head, when the archive is one this
     * reader does not know (a version, lz4 or zstd): it is then read back
     * once finished.
     */
    async run() {
        const followed = { length: 0, dataCrc: 0 };
        const handle = await this.#openFile();
        if (!handle)
            return followed;
        const head = new HeadWatch();
        const chunk = Buffer.allocUnsafe(CHUNK);
        let reader;
        try {
            for (;;) {
                const endedBefore = this.#writer.ended;
                if (this.#writer.stopped)
                    return followed;
                const { bytesRead } = await handle.read(chunk, 0, CHUNK, followed.length);
                if (bytesRead === 0) {
                    // pg_dump had exited before this read found nothing: the end
                    if (endedBefore)
                        break;
                    await this.#writer.pause();
                    continue;
                }
                followed.length += bytesRead;
                const data = head.add(chunk.subarray(0, bytesRead));
                if (head.givenUp)
                    return { length: followed.length, dataCrc: 0 };
                if (data)
                    reader = this.#read(reader, head, data, followed);
            }
            const rest = head.finish();
            if (head.givenUp)
                return { length: followed.length, dataCrc: 0 };
            if (rest)
                reader = this.#read(reader, head, rest, followed);
            // an empty file: read back once finished (and refused)
            if (!reader)
                return followed;
            reader.end();
        }
        finally {
            reader?.close();
            await handle.close();
        }
        const { head: bytes, toc } = head;
        return { ...followed, head: bytes, toc, blocks: reader.blocks };
    }
    /** Reads data bytes back, taking their CRC-32. */
    #read(reader, head, data, followed) {
        const into = reader ?? new _archive_custom_data_js__WEBPACK_IMPORTED_MODULE_3__/* .CustomDataReader */ .Lv(head.toc);
        followed.dataCrc = (0,node_zlib__WEBPACK_IMPORTED_MODULE_1__.crc32)(data, followed.dataCrc);
        into.push(data);
        return into;
    }
}
/**
 * Holds the start of the stream until its table of contents parses, to
 * learn where the data starts; from there on, passes the data through.
 */
class HeadWatch {
    /** the bytes held, in a buffer that doubles as it fills (copied once each) */
    #buffer = Buffer.alloc(0);
    #held = 0;
    #triedAt = 0;
    /** how far the table of contents parsed: each try goes on from there */
    #progress = {};
    toc;
    head;
    /** the archive is one this reader does not read */
    givenUp = false;
    /** once given up: the bytes held until then (a stream's reader hands them on) */
    dropped;
    /**
     * Takes the next bytes of the stream; returns the data among them once
     * the table of contents has parsed (a view of `bytes`, or of the bytes
     * held until then).
     */
    add(bytes) {
        if (this.toc)
            return bytes;
        if (this.givenUp)
            return undefined;
        // a copy: the follower reuses its buffer
        this.#hold(bytes);
        if (this.#held - this.#triedAt < PARSE_STEP)
            return undefined;
        this.#triedAt = this.#held;
        return this.#parse(false);
    }
    /** A last try when the stream ended before the parse step was reached. */
    finish() {
        if (this.toc || this.givenUp || this.#held === 0)
            return undefined;
        return this.#parse(true);
    }
    #hold(bytes) {
        const need = this.#held + bytes.length;
        if (need > this.#buffer.length) {
            const grown = Buffer.allocUnsafe(Math.max(need, 2 * this.#buffer.length));
            this.#buffer.copy(grown, 0, 0, this.#held);
            this.#buffer = grown;
        }
        bytes.copy(this.#buffer, this.#held);
        this.#held = need;
    }
    /** Parses what is held (on from the last try); once it parses, the data held so far. */
    #parse(last) {
        const held = this.#buffer.subarray(0, this.#held);
        const toc = (0,_archive_custom_toc_js__WEBPACK_IMPORTED_MODULE_4__/* .tocParse */ .uq)(held, this.#progress);
        if (typeof toc === 'string') {
            // an archive version this parser does not read, or a file that ends
            // inside its table of contents: the finished file is read back
            // after pg_dump
            this.givenUp = toc === 'unknown' || last || this.#held > _archive_custom_toc_js__WEBPACK_IMPORTED_MODULE_4__/* .TOC_LIMIT */ .Hb;
            if (this.givenUp) {
                this.dropped = held;
                this.#buffer = Buffer.alloc(0);
            }
            return undefined;
        }
        this.#buffer = Buffer.alloc(0);
        // lz4 and zstd are left to pg_restore, once the file is finished
        if (!(0,_archive_custom_data_js__WEBPACK_IMPORTED_MODULE_3__/* .dataReadable */ .zj)(toc)) {
            this.givenUp = true;
            this.dropped = held;
            return undefined;
        }
        this.toc = toc;
        this.head = held.subarray(0, toc.dataStart);
        return held.subarray(toc.dataStart);
    }
}


/***/ }),

/***/ 61579:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  A: () => (/* binding */ STREAMABLE_FORMATS),
  d: () => (/* binding */ writeStreamed)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __webpack_require__(78474);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: ./lib/core/age/age-file.js
var age_file = __webpack_require__(63375);
;// CONCATENATED MODULE: ./lib/core/age/age-stream.js
// Encrypting a stream into a stream (a dump on its way to a store): the age
// bytes are handed on as they come, and decrypted again as they pass with
// the file's own key, so that what is stored is shown to decrypt to exactly
// the bytes that went in. Nothing is written to disk.




const toWeb = (stream) => external_node_stream_.Readable.toWeb(stream);
const fromWeb = (stream) => external_node_stream_.Readable.fromWeb(stream);
/** Decrypts what is written to `copy` with the file key the witness kept: the plaintext's digest. */
async function decryptedDigest(copy, witness) {
    const { Decrypter } = await (0,age_file/* ageLibrary */.ZZ)();
    const decrypter = new Decrypter();
    decrypter.addIdentity({ unwrapFileKey: () => witness.fileKey ?? null });
    const plain = fromWeb(await decrypter.decrypt(toWeb(copy)));
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    for await (const chunk of plain) {
        hash.update(chunk);
        size += chunk.length;
    }
    return { sha256: hash.digest('hex'), size };
}
/**
 * Encrypts what is written to the returned `input` to `recipients`,
 * handing each age chunk to `write` (which resolves once it may be reused).
 */
async function encryptingInto(recipients, write) {
    const { Encrypter } = await (0,age_file/* ageLibrary */.ZZ)();
    const encrypter = new Encrypter();
    for (const recipient of recipients)
        encrypter.addRecipient(recipient);
    const witness = new age_file/* FileKeyWitness */.VU();
    encrypter.addRecipient(witness);
    const input = new external_node_stream_.PassThrough();
    const tap = (0,age_file/* hashing */.zE)();
    const source = input.pipe(tap);
    input.on('error', error => source.destroy(error));
    const cipher = fromWeb(await encrypter.encrypt(toWeb(source)));
    const copy = new external_node_stream_.PassThrough();
    const checking = decryptedDigest(copy, witness);
    checking.catch(() => { });
    const done = (async () => {
        try {
            for await (const chunk of cipher) {
                const bytes = Buffer.from(chunk);
                await write(bytes);
                if (!copy.write(bytes))
                    await Promise.race([(0,external_node_events_.once)(copy, 'drain'), checking]);
            }
            copy.end();
        }
        catch (error) {
            copy.destroy();
            input.destroy();
            throw error;
        }
        const back = await checking;
        if (back.sha256 !== tap.sha256() || back.size !== tap.size()) {
            throw new Error(`the age stream decrypts to other bytes than went in (${back.size} bytes, not ${tap.size()})`);
        }
    })();
    done.catch(() => { });
    return { input, done };
}

// EXTERNAL MODULE: ./lib/core/errors.js
var errors = __webpack_require__(3828);
// EXTERNAL MODULE: ./lib/core/process/fifo.js
var process_fifo = __webpack_require__(88527);
// EXTERNAL MODULE: ./lib/core/process/runner.js
var runner = __webpack_require__(6911);
// EXTERNAL MODULE: ./lib/core/args.js
var args = __webpack_require__(57854);
// EXTERNAL MODULE: ./lib/core/archive/custom-data.js
var custom_data = __webpack_require__(98572);
// EXTERNAL MODULE: ./lib/core/archive/custom-toc.js
var custom_toc = __webpack_require__(55968);
// EXTERNAL MODULE: ./lib/core/dump/follow.js
var follow = __webpack_require__(26121);
// EXTERNAL MODULE: ./lib/core/dump/verify.js + 1 modules
var verify = __webpack_require__(44774);
;// CONCATENATED MODULE: ./lib/core/dump/stream-check.js
// Reading a dump back as it streams from pg_dump to a store, nothing on
// disk: a custom archive's data blocks in this process (written to a pipe,
// its table of contents comes first, without offsets, then the blocks in
// order), or, for an archive this reader does not read (lz4, zstd, another
// version), pg_restore reading the same bytes through a FIFO; a plain
// script by pg_dump's closing line.








/** The check for a format pg_dump writes as one stream. */
function streamCheck(session, client, format) {
    return format === 'custom'
        ? new CustomStreamCheck(session, client)
        : new PlainStreamCheck();
}
/** pg_dump's comment before each object of a plain script. */
const PLAIN_ENTRY = /^-- (?:Data for )?Name: .*; Type: /m;
const TAIL = 4096;
/** A plain script: its closing line at the end, and whether it holds an object. */
class PlainStreamCheck {
    #tail = Buffer.alloc(0);
    #entry = false;
    #carry = '';
    push(bytes) {
        this.#tail = Buffer.concat([this.#tail, bytes]).subarray(-TAIL);
        if (!this.#entry) {
            const text = this.#carry + bytes.toString('latin1');
            this.#entry = PLAIN_ENTRY.test(text);
            this.#carry = text.slice(text.lastIndexOf('\n') + 1);
        }
        return Promise.resolve();
    }
    end() {
        if (!(0,verify/* endsComplete */.k9)(this.#tail)) {
            return Promise.reject((0,verify/* unreadable */.O$)(`the plain dump is incomplete: it lacks pg_dump's completion line (${verify/* PLAIN_COMPLETE */.pn})`));
        }
        return Promise.resolve({
            how: "it ends with pg_dump's completion line",
            entries: this.#entry
        });
    }
    close() { }
}
/** A custom archive: its blocks read here, or by pg_restore when this reader does not know it. */
class CustomStreamCheck {
    #session;
    #client;
    #head = new follow/* HeadWatch */.y();
    #reader;
    #restore;
    constructor(session, client) {
        this.#session = session;
        this.#client = client;
    }
    async push(bytes) {
        if (this.#restore)
            return this.#restore.write(bytes);
        const data = this.#head.add(bytes);
        if (this.#head.givenUp)
            return this.#handOver();
        if (data)
            this.#read(data);
    }
    /** The archive is one pg_restore must read: the bytes held go first. */
    async #handOver() {
        this.#restore = new RestoreFeed(this.#session, this.#client);
        const held = this.#head.dropped ?? Buffer.alloc(0);
        this.#head.dropped = undefined;
        await this.#restore.write(held);
    }
    #read(data) {
        this.#reader ??= new custom_data/* CustomDataReader */.Lv(this.#head.toc);
        try {
            this.#reader.push(data);
        }
        catch (error) {
            throw problem(error);
        }
    }
    async end() {
        if (!this.#restore) {
            const rest = this.#head.finish();
            if (this.#head.givenUp)
                await this.#handOver();
            else if (rest)
                this.#read(rest);
        }
        if (this.#restore)
            return this.#restore.end();
        const toc = this.#head.toc;
        const reader = this.#reader;
        if (!toc || !reader)
            throw (0,verify/* unreadable */.O$)('it wrote no archive');
        try {
            reader.end();
        }
        catch (error) {
            throw problem(error);
        }
        finally {
            reader.close();
        }
        const missing = toc.entries.find(e => e.flag !== custom_toc/* OFFSET_NO_DATA */.zp && !reader.blocks.has(e.dumpId));
        if (missing) {
            throw (0,verify/* unreadable */.O$)(`its archive cannot be read back end to end: entry ${missing.dumpId} has no data block`);
        }
        const entries = toc.entries.filter(e => e.listed).length;
        return {
            how: `pg-dumper read the whole archive back itself as it passed (${entries} entries, ${(0,verify/* readHow */.BY)(toc.compression === 'gzip')})`,
            entries: entries > 0
        };
    }
    close() {
        this.#reader?.close();
        this.#restore?.stop();
    }
}
/** A reader's DataProblem as the dump's failure. */
function problem(error) {
    if (!(error instanceof custom_data/* DataProblem */._O))
        return error;
    return (0,verify/* unreadable */.O$)(`its archive cannot be read back end to end: ${error.message}`);
}
/** pg_restore reading the rest of the stream through a FIFO, its output thrown away. */
class RestoreFeed {
    #pass = new external_node_stream_.PassThrough();
    #done;
    constructor(session, client) {
        this.#done = (0,process_fifo/* feedingFifo */.V2)(session.cancellation, () => Promise.resolve(this.#pass), fifo => session.run(client, 'pg_restore', (0,args/* streamReadBackArgs */.$U)(fifo)), 
        // pg_restore may stop reading early: the stream still goes on
        true);
        this.#done.catch(() => { });
    }
    async write(bytes) {
        if (this.#pass.write(bytes))
            return;
        // pg_restore that never started reads nothing: its end ends the wait
        await Promise.race([(0,external_node_events_.once)(this.#pass, 'drain'), this.#done]);
    }
    async end() {
        this.#pass.end();
        const result = await this.#done;
        if (result.exitCode !== 0) {
            throw (0,verify/* unreadable */.O$)('its archive cannot be read back end to end', result);
        }
        return {
            how: 'pg_restore read the whole archive back as it passed',
            entries: true
        };
    }
    stop() {
        this.#pass.destroy();
    }
}

;// CONCATENATED MODULE: ./lib/core/dump/stream.js
// A dump streamed into a store instead of a file: pg_dump writes into a FIFO,
// and its bytes are read back (stream-check.ts), encrypted when asked, hashed
// and handed to the store's stream as they pass; nothing is written to
// disk. The stream is ended only once pg_dump exited 0 and the read-back
// passed; after a failure it is left unended, for the store to discard.







/** The formats pg_dump writes as one stream, which alone can be streamed to a store. */
const STREAMABLE_FORMATS = ['custom', 'plain'];
/** Writing to the store failed: nothing of the dump is kept. */
function storeError(error) {
    return new errors/* ToolError */.v4('command', `Cannot write the dump into its store: ${error.message}. Nothing was kept.`, { tool: 'pg_dump' });
}
/** Writes `bytes` to `to`, resolving once it took them; rejects early when `failed` does. */
function writeChunk(to, bytes, failed) {
    const written = new Promise((resolve, reject) => to.write(bytes, error => (error ? reject(error) : resolve())));
    return failed ? Promise.race([written, failed.then(() => { })]) : written;
}
/**
 * pg_dump of `connection` streamed into `into` (its bytes, or the age
 * file's when the plan has recipients), read back as they pass; returns
 * the digest of what was written. `into` is ended only on success.
 */
async function writeStreamed(session, plan, connection, into) {
    const { client, format, recipients } = plan;
    if (format !== 'custom' && format !== 'plain') {
        throw new errors/* ToolError */.v4('command', `A ${format} dump is not one stream: it cannot be streamed into a store.`, { tool: 'pg_dump' });
    }
    // failures come through the writes' callbacks
    into.on('error', () => { });
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    const store = async (bytes) => {
        hash.update(bytes);
        size += bytes.length;
        await writeChunk(into, bytes).catch((error) => {
            throw storeError(error);
        });
    };
    let encryption;
    if (recipients.length > 0) {
        encryption = await encryptingInto(recipients, store);
    }
    const forward = encryption
        ? (bytes) => writeChunk(encryption.input, bytes, encryption.done).catch((error) => {
            throw encryptError(error);
        })
        : store;
    const check = streamCheck(session, client, format);
    try {
        await dumpInto(session, plan, connection, check, forward);
        session.cancellation.throwIfCancelled('pg_dump was stopped and nothing was kept');
        const checked = await check.end();
        if (encryption) {
            encryption.input.end();
            await encryption.done.catch((error) => {
                throw encryptError(error);
            });
        }
        await new Promise((resolve, reject) => into.end((error) => (error ? reject(error) : resolve()))).catch((error) => {
            throw storeError(error);
        });
        const age = encryption
            ? 'encrypted with age (read back: it decrypts to the bytes pg_dump wrote), '
            : '';
        session.logger.info(`Verified: ${checked.how}; streamed ${age}nothing written to disk`);
        if (!checked.entries)
            (0,verify/* warnEmpty */.kU)(session);
        return { size, sha256: hash.digest('hex') };
    }
    finally {
        check.close();
        encryption?.input.destroy();
    }
}
/** An encryption failure, unless it is the store's own (already worded). */
function encryptError(error) {
    if (error instanceof errors/* ToolError */.v4)
        return error;
    return new errors/* ToolError */.v4('command', `Cannot encrypt the dump as it streams: ${error.message}. Nothing was kept.`, { tool: 'pg_dump' });
}
/**
 * Runs pg_dump into a FIFO while its bytes go through `check` to
 * `forward`; a failure of either stops pg_dump (a closed pipe) and is the
 * error thrown.
 */
function dumpInto(session, plan, connection, check, forward) {
    return (0,process_fifo/* withFifo */.Rv)(session.cancellation, async (fifo) => {
        const { stream, writerEnded } = (0,process_fifo/* fifoSource */.Ch)(fifo);
        const pumping = (async () => {
            try {
                for await (const chunk of stream) {
                    await check.push(chunk);
                    await forward(chunk);
                }
            }
            catch (error) {
                stream.destroy();
                throw error;
            }
        })();
        pumping.catch(() => { });
        try {
            const args = plan.args(connection, fifo, {
                verbose: false,
                noSync: true
            });
            const result = await session.run(plan.client, 'pg_dump', args);
            if (result.exitCode !== 0) {
                throw new errors/* ToolError */.v4('failed', (0,runner/* failureMessage */.oh)('pg_dump', result), {
                    tool: 'pg_dump',
                    exitCode: result.exitCode,
                    stderr: result.stderr
                });
            }
        }
        catch (error) {
            writerEnded();
            const stopped = new Error('pg_dump failed');
            stream.destroy(stopped);
            // pg_dump died of a closed pipe when the read-back or the store failed first
            const failed = await pumping.then(() => undefined, (e) => e);
            throw failed === undefined || failed === stopped ? error : failed;
        }
        finally {
            writerEnded();
        }
        await pumping;
    });
}


/***/ }),

/***/ 44774:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  AL: () => (/* binding */ DATA_FILE),
  pn: () => (/* binding */ PLAIN_COMPLETE),
  k9: () => (/* binding */ endsComplete),
  HF: () => (/* binding */ listToc),
  Sq: () => (/* binding */ readBackFinished),
  G: () => (/* binding */ readBackParts),
  BY: () => (/* binding */ readHow),
  O$: () => (/* binding */ unreadable),
  kU: () => (/* binding */ warnEmpty)
});

// UNUSED EXPORTS: plainDumpComplete, plainDumpHasEntry

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:readline"
var external_node_readline_ = __webpack_require__(80481);
// EXTERNAL MODULE: ./lib/core/args.js
var args = __webpack_require__(57854);
// EXTERNAL MODULE: ./lib/core/archive/custom-data.js
var custom_data = __webpack_require__(98572);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./lib/core/archive/custom-toc.js
var custom_toc = __webpack_require__(55968);
;// CONCATENATED MODULE: ./lib/core/archive/custom-file.js
// Reading a finished custom archive back in this process: one pass over the
// file hashes it and reads its data blocks (custom-data.ts), then the
// blocks' positions are checked against the table of contents' offsets.




// 64 KiB reads, one buffer reused: see data-file.ts
const CHUNK = 1 << 16;
/**
 * Reads the custom archive at `path` back and hashes it, in one pass;
 * undefined when this reader does not know it (a table of contents of
 * another version, lz4 or zstd data: pg_restore reads those). Rejects with
 * a {@link DataProblem} when it does not read back; stops with one when
 * `cancelled` says so.
 */
async function readCustomFile(path, cancelled) {
    const toc = await (0,custom_toc/* readCustomToc */.K6)(path);
    if (!toc || !(0,custom_data/* dataReadable */.zj)(toc))
        return undefined;
    const hash = (0,external_node_crypto_.createHash)('sha256');
    const reader = new custom_data/* CustomDataReader */.Lv(toc);
    const handle = await (0,promises_.open)(path, 'r');
    const buffer = Buffer.allocUnsafe(CHUNK);
    let size = 0;
    try {
        for (;;) {
            if (cancelled())
                throw new custom_data/* DataProblem */._O('its read-back was stopped');
            const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
            if (bytesRead === 0)
                break;
            const bytes = buffer.subarray(0, bytesRead);
            hash.update(bytes);
            const from = Math.max(toc.dataStart - size, 0);
            size += bytesRead;
            if (from < bytesRead)
                reader.push(bytes.subarray(from));
        }
        reader.end();
    }
    finally {
        reader.close();
        await handle.close();
    }
    const problem = (0,custom_data/* offsetsProblem */.Ys)(toc, reader.blocks, size);
    if (problem) {
        throw new custom_data/* DataProblem */._O(`its table of contents is wrong: ${problem}`);
    }
    return {
        size,
        sha256: hash.digest('hex'),
        entries: toc.entries.filter(e => e.listed).length,
        inflated: toc.compression === 'gzip'
    };
}

// EXTERNAL MODULE: ./lib/core/archive/digest.js
var archive_digest = __webpack_require__(16120);
// EXTERNAL MODULE: ./lib/core/archive/toc.js
var archive_toc = __webpack_require__(16076);
// EXTERNAL MODULE: ./lib/core/errors.js
var errors = __webpack_require__(3828);
// EXTERNAL MODULE: ./lib/core/process/runner.js
var runner = __webpack_require__(6911);
// EXTERNAL MODULE: ./lib/core/process/temp.js
var temp = __webpack_require__(40211);
;// CONCATENATED MODULE: ./lib/core/dump/verify.js
// Checks that a dump pg_dump reported as written can be read back before it
// may take the target's name: archives end to end with pg_restore (in
// parallel parts for several jobs), plain SQL by pg_dump's closing line.
// A dump that holds no objects at all is kept, with a warning.












/** The last line pg_dump writes to a complete plain dump. */
const PLAIN_COMPLETE = '-- PostgreSQL database dump complete';
const TAIL_BYTES = 4096;
/** Whether a plain dump ends with pg_dump's completion line (a killed or cut dump does not). */
async function plainDumpComplete(path) {
    const { size } = await (0,promises_.stat)(path);
    const handle = await (0,promises_.open)(path, 'r');
    try {
        const length = Math.min(size, TAIL_BYTES);
        const buffer = Buffer.alloc(length);
        await handle.read(buffer, 0, length, size - length);
        return endsComplete(buffer);
    }
    finally {
        await handle.close();
    }
}
/** Whether the last bytes of a plain dump hold pg_dump's completion line. */
function endsComplete(tail) {
    const lines = tail.toString('utf8').trimEnd().split('\n');
    // pg_dump ends with the completion comment, then `--`, and since the
    // 2025 minors an `\unrestrict` line
    return lines.slice(-4).some(l => l.trim() === PLAIN_COMPLETE);
}
/** Archive formats pg_restore can read back. */
function isArchive(format) {
    return format !== 'plain';
}
/** pg_dump said it succeeded, but what it wrote does not read back. */
function unreadable(how, result) {
    return new errors/* ToolError */.v4('failed', `pg_dump exited 0 but ${how}${result ? `: ${(0,runner/* failureMessage */.oh)('pg_restore', result)}` : ''}. Nothing was written to the target.`, result && {
        tool: 'pg_restore',
        exitCode: result.exitCode,
        stderr: result.stderr
    });
}
/**
 * Reads back what pg_dump wrote to `partial`: an archive end to end
 * (`pg_restore --list` reads only its table of contents, so the data blocks
 * are read too, decompressed and thrown away), a plain script by its
 * completion line.
 */
async function verifyDump(session, partial, format, client, jobs) {
    if (!isArchive(format)) {
        if (!(await plainDumpComplete(partial))) {
            throw unreadable(`the plain dump is incomplete: it lacks pg_dump's completion line (${PLAIN_COMPLETE})`);
        }
        session.logger.info(`Verified: the SQL ends with pg_dump's completion line`);
        if (!(await plainDumpHasEntry(partial)))
            warnEmpty(session);
        return;
    }
    const list = await listToc(session, client, partial);
    await readBack(session, partial, list, jobs, client);
    const entries = (0,archive_toc/* tocEntryCount */.et)(list);
    session.logger.info(`Verified: pg_restore read the whole archive back (${entries} entries)`);
    if (entries === 0)
        warnEmpty(session);
}
/**
 * How much reading back each entry of a directory archive costs: the size
 * of its data file (`<id>.dat`, `.dat.gz`, `.dat.lz4`, `.dat.zst`), the
 * large-object files for a BLOBS entry, else nothing. Other formats: 1 each.
 */
async function dataWeights(archive) {
    if (!(await (0,promises_.stat)(archive)).isDirectory())
        return () => 1;
    const sizes = new Map();
    let blobs = 0;
    for (const name of await (0,promises_.readdir)(archive)) {
        const data = DATA_FILE.exec(name);
        const blob = /^blob(?:s_\d+\.toc|_\d+\.dat(?:\.\w+)?)$/.test(name);
        if (!data && !blob)
            continue;
        const { size } = await (0,promises_.stat)((0,external_node_path_.join)(archive, name));
        if (data)
            sizes.set(Number(data[1]), size);
        else
            blobs += size;
    }
    return line => sizes.get((0,archive_toc/* entryId */.ub)(line)) ?? (/ BLOBS /.test(line) ? blobs : 0);
}
/**
 * Reads a finished dump back ({@link verifyDump}) and hashes it, both at
 * once; returns its digest.
 */
async function readBackFinished(session, partial, format, client, jobs) {
    if (format === 'custom') {
        const read = await readCustomBack(session, partial);
        if (read)
            return read;
    }
    const [digest] = await Promise.all([
        (0,archive_digest/* fileDigest */.h)(partial),
        verifyDump(session, partial, format, client, jobs)
    ]);
    return digest;
}
/**
 * Reads a finished custom archive back in this process, hashing it in the
 * same pass (archive/custom-file.ts); undefined when pg_restore must read
 * it (lz4, zstd, a version the parser does not know).
 */
async function readCustomBack(session, partial) {
    const { cancellation } = session;
    const read = await readCustomFile(partial, () => cancellation.reason !== undefined).catch((error) => {
        cancellation.throwIfCancelled(`pg_dump was stopped and ${partial} removed`);
        if (!(error instanceof custom_data/* DataProblem */._O))
            throw error;
        throw unreadable(`its archive cannot be read back end to end: ${error.message}`);
    });
    if (!read)
        return undefined;
    session.logger.info(`Verified: pg-dumper read the whole archive back itself (${read.entries} entries, ${readHow(read.inflated)})`);
    if (read.entries === 0)
        warnEmpty(session);
    return { size: read.size, sha256: read.sha256 };
}
/** How the data blocks of a custom archive were read, for the log. */
function readHow(inflated) {
    return `every data block ${inflated ? 'inflated' : 'read'} to its end`;
}
/** pg_dump's comment before each object of a plain script, as `pg_restore --list` has an entry for each. */
const PLAIN_ENTRY = /^-- (?:Data for )?Name: .*; Type: /;
/**
 * Whether a plain script holds at least one object: pg_dump comments each
 * one (`-- Name: …; Type: …`, `-- Data for Name: …`). Reads up to the first,
 * which comes right after the settings at the top of any non-empty dump.
 */
async function plainDumpHasEntry(path) {
    const stream = (0,external_node_fs_.createReadStream)(path, 'utf8');
    const lines = (0,external_node_readline_.createInterface)({ input: stream, crlfDelay: Infinity });
    try {
        for await (const line of lines)
            if (PLAIN_ENTRY.test(line))
                return true;
        return false;
    }
    finally {
        lines.close();
        stream.destroy();
    }
}
/** `pg_restore --list` of an archive pg_dump wrote; a ToolError when it cannot be read. */
async function listToc(session, client, archive) {
    const list = await session.run(client, 'pg_restore', (0,args/* tocListArgs */.yC)(archive));
    if (list.exitCode !== 0) {
        throw unreadable('its table of contents cannot be read back', list);
    }
    return list.stdout;
}
/** A directory archive's data file of one entry: `<id>.dat`, or compressed `.dat.gz`, `.dat.lz4`, `.dat.zst`. */
const DATA_FILE = /^(\d+)\.dat(?:\.\w+)?$/;
/** An empty dump restores nothing: most likely every schema was left out. */
function warnEmpty(session) {
    const { wording } = session;
    session.logger.warning(`The dump holds no objects (its table of contents has no entries): restoring it restores nothing. ` +
        `If the database is not empty, check ${wording.name('schemas')} and ${wording.name('excludeSchemas')}: they may leave out every schema.`);
}
const checkReadBack = (result) => {
    if (result.exitCode !== 0) {
        throw unreadable('its archive cannot be read back end to end', result);
    }
};
/**
 * Reads every entry of an archive back with pg_restore, its output thrown
 * away; with several jobs, one pg_restore per part of the table of
 * contents, all at once.
 */
async function readBack(session, archive, toc, jobs, client) {
    if (jobs <= 1) {
        return checkReadBack(await session.run(client, 'pg_restore', (0,args/* readBackArgs */.Rn)(archive)));
    }
    await (0,temp/* withTrackedTemp */.p)(session.cancellation, { prefix: 'verify' }, dir => readBackParts(session, archive, toc, jobs, client, dir));
}
/**
 * Reads back the entries of `toc` (a `--list` text) in `jobs` parts of
 * about equal data, one pg_restore each, all at once; the lists are
 * written to `dir`.
 */
async function readBackParts(session, archive, toc, jobs, client, dir) {
    const weight = await dataWeights(archive);
    // no more parts than entries with data to read (at least one)
    const heavy = (0,archive_toc/* tocEntries */.dr)(toc).filter(line => weight(line) > 0).length;
    const parts = Math.max(1, Math.min(jobs, heavy));
    const results = await Promise.all((0,archive_toc/* splitToc */.fq)(toc, parts, weight).map(async (part, i) => {
        const list = (0,external_node_path_.join)(dir, `part-${i}.list`);
        await (0,promises_.writeFile)(list, part);
        return session.run(client, 'pg_restore', (0,args/* readBackArgs */.Rn)(archive, list));
    }));
    results.forEach(checkReadBack);
}


/***/ }),

/***/ 88527:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ch: () => (/* binding */ fifoSource),
/* harmony export */   Rv: () => (/* binding */ withFifo),
/* harmony export */   V2: () => (/* binding */ feedingFifo)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(31421);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(77030);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76760);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3828);
/* harmony import */ var _temp_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(40211);
// FIFOs between the action and a tool, so that neither a dump's plaintext
// nor its decryption is ever a file: a tool (pg_restore, psql) reads what a
// stream feeds it, or pg_dump writes into a stream.






const POLL_MS = 20;
const pause = () => new Promise(resolve => setTimeout(resolve, POLL_MS));
/** Makes a FIFO (mode 0600); false where the system has none (Windows). */
function makeFifo(path) {
    if (process.platform === 'win32')
        return Promise.resolve(false);
    return new Promise(resolve => {
        (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFile)('mkfifo', ['-m', '600', path], error => resolve(!error));
    });
}
/** A new FIFO in a tracked temporary folder, for the length of `fn`. */
async function withFifo(cancellation, fn) {
    return (0,_temp_js__WEBPACK_IMPORTED_MODULE_4__/* .withTrackedTemp */ .p)(cancellation, { prefix: 'age' }, async (dir) => {
        const fifo = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, 'dump.fifo');
        if (!(await makeFifo(fifo))) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ToolError */ .v4('command', 'An age-encrypted dump is streamed through a FIFO (mkfifo), which this system lacks: nothing is decrypted to disk.');
        }
        return fn(fifo);
    });
}
/**
 * Writes to a FIFO's writing end and waits until the bytes are handed to the
 * system (the buffer may then be reused); false once the reader has closed
 * its end.
 */
function writeToFifo(sink, bytes) {
    if (sink.destroyed)
        return Promise.resolve(false);
    return new Promise(resolve => sink.write(bytes, error => resolve(!error)));
}
/**
 * Runs `tool(fifo)` while `source()` is fed into the FIFO it reads. The
 * source opens only once the tool has opened the FIFO; a tool that ends
 * without opening it, or closes it early (`pg_restore --list` stops after
 * the table of contents), ends the feed. An error of the source (a cut or
 * altered age file) is thrown, before the tool's result is looked at.
 */
async function feedingFifo(cancellation, source, tool, 
/** read the source to its end even once the tool stopped reading */
drain = false) {
    return withFifo(cancellation, async (fifo) => {
        let toolEnded = false;
        const feed = (async () => {
            let fd;
            while (fd === undefined) {
                try {
                    fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.openSync)(fifo, node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_WRONLY | node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_NONBLOCK);
                }
                catch (error) {
                    if (error.code !== 'ENXIO')
                        throw error;
                    if (toolEnded)
                        return;
                    await pause();
                }
            }
            const sink = new node_net__WEBPACK_IMPORTED_MODULE_2__.Socket({ fd, readable: false, writable: true });
            // EPIPE once the tool stops reading: seen by writeToFifo()
            sink.on('error', () => { });
            let stream;
            try {
                stream = await source();
                let reading = true;
                for await (const chunk of stream) {
                    if (reading && !(await writeToFifo(sink, chunk))) {
                        if (!drain)
                            break;
                        reading = false;
                    }
                }
            }
            finally {
                stream?.destroy();
                sink.end();
            }
        })();
        feed.catch(() => { });
        const ran = tool(fifo).finally(() => {
            toolEnded = true;
        });
        const [result, fed] = await Promise.allSettled([ran, feed]);
        if (fed.status === 'rejected')
            throw fed.reason;
        if (result.status === 'rejected')
            throw result.reason;
        return result.value;
    });
}
/**
 * The FIFO's reading end as a stream, opened before the writer comes, and
 * the means to end it: a placeholder writer keeps the stream from ending
 * before pg_dump has opened the FIFO; `writerEnded()` (pg_dump has exited)
 * lets it end once what is in the pipe was read.
 */
function fifoSource(fifo) {
    const read = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.openSync)(fifo, node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_RDONLY | node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_NONBLOCK);
    let placeholder = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.openSync)(fifo, node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_WRONLY | node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_NONBLOCK);
    const stream = new node_net__WEBPACK_IMPORTED_MODULE_2__.Socket({ fd: read, readable: true, writable: false });
    return {
        stream,
        writerEnded: () => {
            if (placeholder === undefined)
                return;
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.closeSync)(placeholder);
            placeholder = undefined;
        }
    };
}


/***/ }),

/***/ 6911:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ay: () => (/* binding */ commandLine),
/* harmony export */   gf: () => (/* binding */ childEnv),
/* harmony export */   mD: () => (/* binding */ isUsageError),
/* harmony export */   oh: () => (/* binding */ failureMessage),
/* harmony export */   tR: () => (/* binding */ displayArg),
/* harmony export */   tw: () => (/* binding */ ToolRunner),
/* harmony export */   zB: () => (/* binding */ ToolNotRunnable)
/* harmony export */ });
/* unused harmony export redact */
/* harmony import */ var _actions_exec__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(81260);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
// Runs one PostgreSQL program through @actions/exec: argument array (never a
// shell), password through the environment, command logged with secrets
// redacted, exit code and stderr handed back for the caller to judge.


/** The tool's own message, or what its exit says when it printed none. */
function failureMessage(tool, result) {
    if (result.stderr)
        return result.stderr;
    return result.exitCode === -1
        ? `${tool} was killed by a signal`
        : `${tool} exited with code ${result.exitCode}`;
}
/** The tool could not be started at all (missing executable, spawn error). */
class ToolNotRunnable extends Error {
    name = 'ToolNotRunnable';
    /** the tool that is missing, when it is known */
    tool;
    constructor(message, tool) {
        super(message);
        this.tool = tool;
    }
}
// pg tools end an invalid-arguments message with this hint
const USAGE_HINT = /Try "[\w.-]+ --help" for more information/;
/** True when a tool's stderr says its arguments were invalid. */
function isUsageError(stderr) {
    return USAGE_HINT.test(stderr);
}
/**
 * The program as @actions/exec's first argument, which it reads as a command
 * line and splits at spaces: a path such as
 * `C:\Program Files\PostgreSQL\17\bin\psql.exe` is quoted. Every program
 * the core runs goes through here.
 */
function commandLine(executable) {
    if (executable.includes('"')) {
        throw new ToolNotRunnable(`Cannot run a program whose path holds a double quote: ${executable}`);
    }
    return /\s/.test(executable) ? `"${executable}"` : executable;
}
/**
 * Quotes an argument for display only; commands are never run through a
 * shell. Control characters (a line break in a file name) are shown escaped,
 * `$'…\n…'`, so a logged command stays on one line and cannot start a
 * workflow command.
 */
function displayArg(arg) {
    if (/^[\w@%+=:,./-]+$/.test(arg))
        return arg;
    // eslint-disable-next-line no-control-regex
    if (!/[\u0000-\u001f\u007f]/.test(arg))
        return `'${arg.replace(/'/g, `'\\''`)}'`;
    const escaped = [...arg]
        .map(c => {
        const code = c.codePointAt(0);
        if (c === '\\' || c === "'")
            return `\\${c}`;
        if (c === '\n')
            return '\\n';
        if (c === '\t')
            return '\\t';
        if (c === '\r')
            return '\\r';
        return code < 0x20 || code === 0x7f
            ? `\\x${code.toString(16).padStart(2, '0')}`
            : c;
    })
        .join('');
    return `$'${escaped}'`;
}
/** Replaces every secret in text by ***. */
function redact(text, secrets) {
    let out = text;
    for (const secret of secrets) {
        if (secret.length > 0)
            out = out.split(secret).join('***');
    }
    return out;
}
/**
 * The child's environment: ours, without the runner's INPUT_* variables (the
 * connection input holds the password), plus the given variables.
 */
function childEnv(extra = {}) {
    const env = {};
    for (const [key, value] of Object.entries(process.env)) {
        if (value !== undefined && !key.startsWith('INPUT_'))
            env[key] = value;
    }
    return { ...env, ...extra };
}
/** Runs PostgreSQL programs with the shared options. */
class ToolRunner {
    options;
    constructor(options) {
        this.options = options;
    }
    /** The path (or bare name, for PATH lookup) of a tool. */
    executable(tool) {
        const { binDir } = this.options;
        const name = process.platform === 'win32' ? `${tool}.exe` : tool;
        return binDir ? (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(binDir, name) : name;
    }
    /** Runs the tool to completion; throws ToolNotRunnable if it never started. */
    async run(tool, args) {
        const { logger, secrets = [] } = this.options;
        const executable = this.executable(tool);
        const shown = [executable, ...args].map(displayArg).join(' ');
        const line = `$ ${redact(shown, secrets)}`;
        if (this.options.quiet)
            logger.debug(line);
        else
            logger.info(line);
        try {
            const result = await (0,_actions_exec__WEBPACK_IMPORTED_MODULE_0__/* .getExecOutput */ .H)(commandLine(executable), [...args], {
                ignoreReturnCode: true,
                silent: true,
                env: childEnv(this.options.env),
                ...(this.options.input && { input: this.options.input }),
                listeners: {
                    ...(this.options.onOutLine && { stdline: this.options.onOutLine }),
                    errline: raw => {
                        const line = redact(raw, secrets);
                        if (!this.options.unloggedStderr)
                            logger.debug(line);
                        this.options.onErrLine?.(line);
                    }
                }
            });
            return {
                exitCode: typeof result.exitCode === 'number' ? result.exitCode : -1,
                stdout: result.stdout,
                stderr: redact(result.stderr.trim(), secrets)
            };
        }
        catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            throw new ToolNotRunnable(redact(message, secrets));
        }
    }
}


/***/ }),

/***/ 40211:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   p: () => (/* binding */ withTrackedTemp)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(48161);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3828);
// Temporary paths a run makes: removed when the work is done, and by the
// cancellation if the run is stopped while they exist.




/**
 * Runs `fn` with a temporary path: `path` itself, or a new folder in the
 * system's temp folder named after `prefix`. The path is tracked for
 * cancellation while `fn` runs and removed afterwards, whatever happens.
 * When `fn` fails, its error is the one thrown, whether the removal works
 * or not; a folder that cannot be made, or a removal that fails after `fn`
 * succeeded, is a `command` ToolError with the system's message.
 */
async function withTrackedTemp(cancellation, where, fn) {
    const path = 'path' in where ? where.path : await tempFolder(where.prefix);
    cancellation.track(path);
    let result;
    try {
        result = await fn(path);
    }
    catch (error) {
        // the first error is the one that explains the failure: never replace it
        await remove(cancellation, path);
        throw error;
    }
    const leftover = await remove(cancellation, path);
    if (leftover !== undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ToolError */ .v4('command', `Could not remove the temporary ${path}: ${messageOf(leftover)}`);
    }
    return result;
}
/** Removes a tracked path; resolves to the error when that fails. */
async function remove(cancellation, path) {
    const error = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(path, { recursive: true, force: true }).then(() => undefined, (error) => error);
    cancellation.untrack(path);
    return error;
}
/** A new folder in TMPDIR, or a ToolError that names TMPDIR and the reason. */
async function tempFolder(prefix) {
    const parent = (0,node_os__WEBPACK_IMPORTED_MODULE_1__.tmpdir)();
    try {
        return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdtemp)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(parent, `pg-dumper-${prefix}-`));
    }
    catch (error) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ToolError */ .v4('command', `Cannot create a temporary folder in TMPDIR (${parent}): ${messageOf(error)}. Point TMPDIR to a writable folder.`);
    }
}
function messageOf(error) {
    return error instanceof Error ? error.message : String(error);
}


/***/ })

};
