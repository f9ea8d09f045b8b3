import type { Schema as ArrowSchema, RecordBatch } from 'apache-arrow';
import { Chunk } from '../chunk.js';
import type { Column } from '../column.js';
import type { DType } from '../dtype.js';
import { Schema } from '../schema.js';
import { dtypeOfArrowType } from './arrow-dtype.js';
import { ColumnImporter } from './column-importer.js';
import { UnsupportedArrowTypeError } from './unsupported-arrow-type-error.js';

/**
 * Turns the record batches of one Arrow stream into chunks. It keeps one `ColumnImporter` per column,
 * so integer widths only widen and each dictionary column keeps one `Dictionary` across batches.
 */
export class ArrowImporter {
  private readonly importers = new Map<string, ColumnImporter>();

  /**
   * The dtypes a batch of `schema` converts to, before integer downcasting (the widest each column
   * can be). Unsupported types throw, unless the column is not among `columns`.
   */
  static dtypesOf(schema: ArrowSchema, columns?: readonly string[]): Schema {
    const names = columns ?? schema.fields.map((f) => f.name);
    return new Schema(
      names.map((name) => {
        const field = schema.fields.find((f) => f.name === name);
        if (field === undefined) return { name, dtype: 'int8' as DType };
        return { name, dtype: dtypeOfArrowType(field.type, name) };
      }),
    );
  }

  /** Converts the named columns of `batch` (all when `columns` is undefined) into one chunk. */
  toChunk(batch: RecordBatch, columns?: readonly string[]): Chunk {
    const names = columns ?? batch.schema.fields.map((f) => f.name);
    const fields: { name: string; dtype: DType }[] = [];
    const out: Column[] = [];
    for (const name of names) {
      const index = batch.schema.fields.findIndex((f) => f.name === name);
      const child = index < 0 ? undefined : batch.data.children[index];
      if (child === undefined) throw new UnsupportedArrowTypeError(name, 'missing', 'column not in this batch');
      let importer = this.importers.get(name);
      if (importer === undefined) {
        importer = new ColumnImporter(name);
        this.importers.set(name, importer);
      }
      const column = importer.convert(child);
      fields.push({ name, dtype: column.dtype });
      out.push(column);
    }
    return new Chunk(new Schema(fields), out);
  }
}

/** One Arrow record batch as a chunk (a fresh importer: for streams, keep an `ArrowImporter`). */
export function recordBatchToChunk(batch: RecordBatch, importer: ArrowImporter = new ArrowImporter()): Chunk {
  return importer.toChunk(batch);
}
