/**
 * The code of the thread that runs parquet-wasm. It is plain JavaScript in a string (run with
 * `eval: true`) so that it works the same from TypeScript sources under vitest and from `dist/`.
 *
 * Why a thread at all: a Rust panic inside parquet-wasm (malformed files do this) surfaces as an
 * uncaught `RuntimeError: unreachable` from an async wasm task, which would kill the whole process,
 * and leaves that wasm instance unusable. In a worker it only ends the worker, and the reader turns
 * the worker's 'error' event into a FormatError. Decoding off the main thread also overlaps with the
 * main thread's conversion of the previous batch.
 *
 * Protocol: the worker answers commands in order. {cmd:'meta'} -> {type:'meta', numRows, rowGroups,
 * rowGroupBytes, schemaIpc}. {cmd:'scan', options} -> one {type:'batch', ipc, numRows} per {cmd:'pull'} credit, then
 * {type:'end'}. Any thrown error -> {type:'error', message}. Batches travel as Arrow IPC stream bytes
 * whose buffer is transferred, not copied.
 */
export const PARQUET_WORKER_SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
const { openAsBlob } = require('node:fs');
let wasm = null;
let file = null;
let credits = 0;
let wake = null;
const commands = [];
let running = false;

async function openFile() {
  if (wasm === null) {
    wasm = await import(pathToFileURL(workerData.wasmPath).href);
    // The module was compiled once by the main thread; instantiating it here skips recompiling 5 MB of wasm.
    wasm.initSync({ module: workerData.wasmModule });
  }
  if (file === null) file = await wasm.ParquetFile.fromFile(await openAsBlob(workerData.path));
  return file;
}

function waitForCredit() {
  if (credits > 0) { credits--; return Promise.resolve(); }
  return new Promise((resolve) => { wake = () => { credits--; resolve(); }; });
}

async function meta() {
  const f = await openFile();
  const md = f.metadata();
  const rowGroups = [];
  const rowGroupBytes = [];
  for (const g of md.rowGroups()) {
    rowGroups.push(g.numRows());
    rowGroupBytes.push(g.compressedSize());
    g.free();
  }
  const numRows = md.fileMetadata().numRows();
  const schemaIpc = f.schema().intoIPCStream();
  parentPort.postMessage({ type: 'meta', numRows, rowGroups, rowGroupBytes, schemaIpc }, [schemaIpc.buffer]);
}

async function scan(options) {
  const f = await openFile();
  const stream = await f.stream(options);
  const reader = stream.getReader();
  for (;;) {
    await waitForCredit();
    const { done, value } = await reader.read();
    if (done) break;
    const numRows = value.numRows;
    const ipc = value.intoIPCStream();
    parentPort.postMessage({ type: 'batch', ipc, numRows }, [ipc.buffer]);
  }
  parentPort.postMessage({ type: 'end' });
}

async function drain() {
  if (running) return;
  running = true;
  while (commands.length > 0) {
    const command = commands.shift();
    try {
      if (command.cmd === 'meta') await meta();
      else if (command.cmd === 'scan') await scan(command.options);
    } catch (error) {
      parentPort.postMessage({ type: 'error', message: String(error && error.message ? error.message : error) });
    }
  }
  running = false;
}

parentPort.on('message', (message) => {
  if (message.cmd === 'pull') {
    credits++;
    if (wake !== null) { const w = wake; wake = null; w(); }
    return;
  }
  commands.push(message);
  drain();
});
`;
