export const id = 382;
export const ids = [382];
export const modules = {

/***/ 1382:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8161);
/* harmony import */ var node_worker_threads__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5919);
/* harmony import */ var _archive_data_file_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5107);
/* harmony import */ var _follow_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6121);
/* harmony import */ var _thread_protocol_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7309);
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
