export const id = 382;
export const ids = [382];
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

/***/ 81382:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(48161);
/* harmony import */ var node_worker_threads__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(75919);
/* harmony import */ var _archive_data_file_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(58487);
/* harmony import */ var _follow_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(26121);
/* harmony import */ var _thread_protocol_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(97309);
// The reading thread's side: it reads back what the step asks for
// (thread-protocol.ts) at the lowest priority, so that its inflating and
// checksums take only the CPU pg_dump and the server leave idle. On Linux a
// nice value belongs to one thread: this one's, never the step's or the
// tools it starts. Loaded as a reading thread starts; it serves at once.





/** The lowest priority there is (nice 19). */
const LOWEST = 19;
/** Starts the reading asked for. */
function start(ask) {
    if (ask.op === 'follow') {
        const follower = new _follow_js__WEBPACK_IMPORTED_MODULE_2__/* .Follower */ .f(ask.file);
        return {
            done: follower.run(),
            end: () => follower.writerEnded(),
            stop: () => follower.stop()
        };
    }
    const file = new _archive_data_file_js__WEBPACK_IMPORTED_MODULE_3__/* .GrowingDataFile */ .kj(ask.path);
    let early;
    return {
        done: file.done.then((crc) => ({
            crc,
            early: early ?? file.position,
            length: file.position
        })),
        end: () => {
            early ??= file.position;
            file.closed();
        },
        stop: () => file.stop()
    };
}
function serve(port) {
    if (process.platform === 'linux') {
        try {
            // 0: this thread (Linux keeps a nice value per thread)
            (0,node_os__WEBPACK_IMPORTED_MODULE_0__.setPriority)(0, LOWEST);
        }
        catch {
            // not allowed here: the reading goes on at the step's priority
        }
    }
    const readings = new Map();
    port.on('message', (ask) => {
        if (ask.op === 'end')
            return readings.get(ask.id)?.end();
        if (ask.op === 'stop')
            return readings.get(ask.id)?.stop();
        const reading = start(ask);
        readings.set(ask.id, reading);
        const { id } = ask;
        reading.done
            .then(value => port.postMessage({ id, ok: true, value }), (error) => {
            const failure = (0,_thread_protocol_js__WEBPACK_IMPORTED_MODULE_4__/* .failureOf */ .g5)(error);
            port.postMessage({ id, ok: false, failure });
        })
            .finally(() => readings.delete(id));
    });
}
if ((0,_thread_protocol_js__WEBPACK_IMPORTED_MODULE_4__/* .isReadingThread */ .FV)() && node_worker_threads__WEBPACK_IMPORTED_MODULE_1__.parentPort)
    serve(node_worker_threads__WEBPACK_IMPORTED_MODULE_1__.parentPort);


/***/ })

};
