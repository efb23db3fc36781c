export const id = 382;
export const ids = [382];
export const modules = {

/***/ 1382:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8161);
/* harmony import */ var node_worker_threads__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5919);
/* harmony import */ var _archive_data_file_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5107);
/* harmony import */ var _follow_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6121);
/* harmony import */ var _thread_protocol_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7309);
// The reading thread's side: it reads back what the step asks for
// (thread-protocol.ts) at the lowest priority, so that its inflating and
// checksums take only the CPU pg_dump and the server leave idle. On Linux a
// nice value belongs to one thread: this one's, never the step's or the
// tools it starts. Loaded as a reading thread starts; it serves at once.





/** The lowest priority there is (nice 19). */
const LOWEST = 19;
function answer(port, id, done) {
    done.then(value => port.postMessage({ id, ok: true, value }), (error) => port.postMessage({
        id,
        ok: false,
        failure: (0,_thread_protocol_js__WEBPACK_IMPORTED_MODULE_2__/* .failureOf */ .g5)(error)
    }));
}
/** Starts the reading asked for; returns how to pass the writer's news on. */
function start(port, ask) {
    if (ask.op === 'follow') {
        const follower = new _follow_js__WEBPACK_IMPORTED_MODULE_3__/* .Follower */ .f(ask.file);
        answer(port, ask.id, follower.run());
        return { end: () => follower.writerEnded(), stop: () => follower.stop() };
    }
    if (ask.op === 'data-file') {
        const file = new _archive_data_file_js__WEBPACK_IMPORTED_MODULE_4__/* .GrowingDataFile */ .kj(ask.path);
        let early;
        const read = file.done.then((crc) => ({
            crc,
            early: early ?? file.position,
            length: file.position
        }));
        answer(port, ask.id, read);
        return {
            end: () => {
                early ??= file.position;
                file.closed();
            },
            stop: () => file.stop()
        };
    }
    return undefined;
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
        if (ask.op === 'end' || ask.op === 'stop') {
            const reading = readings.get(ask.id);
            if (ask.op === 'end')
                reading?.end();
            else
                reading?.stop();
            return;
        }
        const reading = start(port, ask);
        if (reading)
            readings.set(ask.id, reading);
    });
}
if ((0,_thread_protocol_js__WEBPACK_IMPORTED_MODULE_2__/* .isReadingThread */ .FV)() && node_worker_threads__WEBPACK_IMPORTED_MODULE_1__.parentPort)
    serve(node_worker_threads__WEBPACK_IMPORTED_MODULE_1__.parentPort);


/***/ })

};
