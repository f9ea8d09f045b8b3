// Arrow interop: frames and chunks to and from apache-arrow tables and record batches.
export { dtypeOfArrowType, isStringType } from './arrow-dtype.js';
export { type ArrowModule, arrowModule } from './arrow-module.js';
export { ArrowExporter, type ArrowExporterOptions, arrowSchemaFor, chunkToRecordBatch } from './arrow-exporter.js';
export { ArrowImporter, recordBatchToChunk } from './arrow-importer.js';
export { arrowTypeFor } from './arrow-type-for.js';
export { ColumnExporter, type ColumnExporterOptions } from './column-exporter.js';
export { ColumnImporter } from './column-importer.js';
export { fromArrow } from './from-arrow.js';
export { toArrow } from './to-arrow.js';
export { InvalidArrowDataError, UnsupportedArrowTypeError } from './unsupported-arrow-type-error.js';
