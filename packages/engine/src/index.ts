export { decodeChunk, encodeChunk } from './chunk-codec.js';
export { compiledUrl } from './compiled-url.js';
export { FileSpillStore } from './file-spill-store.js';
export { installNodeRuntime, nodeRuntime } from './node-runtime.js';
export { decodePartial, encodePartial, PARTIAL_FORMAT_VERSION } from './partial-codec.js';
export { runSplitTask, type SplitTaskOutput, type SplitTaskResult } from './split-task.js';
export { makeTempDir, removeAllTempFiles, removeTempDir, removeTempFilesOnExit } from './temp-dirs.js';
export { ThreadSplitRunner } from './thread-split-runner.js';
