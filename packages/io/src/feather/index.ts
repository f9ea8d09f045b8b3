export { FormatError, type FormatErrorCode } from '../format-error.js';
export { columnarSinkWriter } from '../sink.js';
export { arrowStreamFormat } from './arrow-stream-format.js';
export { featherFormat } from './feather-format.js';
export type { FeatherCompression, FeatherReadOptions, FeatherWriteOptions } from './feather-options.js';
export { FeatherSource } from './read/feather-source.js';
export { readFeather, scanFeather } from './read/scan-feather.js';
export { writeFeather } from './write/write-feather.js';
