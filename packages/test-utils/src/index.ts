export { columnValues } from './column-values.js';
export { dbBenchmarkRows, type Rec } from './db-benchmark-rows.js';
export { type FaultLog, type FileFault, faultyFileOps, systemError } from './file-faults.js';
export { dtypesOf, type ExpectedFrame, expectConsistent, expectFrameEqual } from './frame-equal.js';
export { ownBufferBytes } from './own-buffer-bytes.js';
export { readBack } from './read-back.js';
export { type ReferenceFn, referenceGroupBy } from './reference-group-by.js';
export { SeededRandom } from './seeded-random.js';
export { makeTestDir, type TestDir } from './temp-dir.js';
