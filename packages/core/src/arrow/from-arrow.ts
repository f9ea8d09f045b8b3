import type { RecordBatch, Table } from 'apache-arrow';
import type { Chunk } from '../chunk.js';
import { DataFrame } from '../data-frame.js';
import { ArrowImporter } from './arrow-importer.js';

/**
 * An Arrow table (or its record batches) as a frame, one chunk per batch. Buffers are shared where the
 * layouts agree; integers are downcast like the builders do (an int64 column whose values fit int16 is
 * stored as int16); dictionary columns of strings become categorical with one dictionary per column.
 */
export function fromArrow(table: Table | readonly RecordBatch[]): DataFrame {
  const batches = Array.isArray(table) ? (table as readonly RecordBatch[]) : (table as Table).batches;
  const importer = new ArrowImporter();
  const chunks: Chunk[] = batches.map((b) => importer.toChunk(b));
  if (chunks.length === 0 && !Array.isArray(table)) {
    return DataFrame.empty(ArrowImporter.dtypesOf((table as Table).schema));
  }
  return DataFrame.fromChunks(chunks);
}
