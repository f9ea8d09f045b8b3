export { columnarSinkWriter } from '../columnar/columnar-sink-writer.js';
export { FormatError, type FormatErrorCode } from '../format-error.js';
export type { FeatherCompression, FeatherReadOptions, FeatherWriteOptions } from './feather-options.js';
export { FeatherSource } from './feather-source.js';
export { readFeather, scanFeather } from './scan-feather.js';
export { writeFeather } from './write-feather.js';
