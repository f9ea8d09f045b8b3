import type { Schema as ArrowSchema, DataType, RecordBatch } from 'apache-arrow';
import type { Chunk } from '../chunk.js';
import { CategoricalColumn, type Column } from '../column.js';
import { type DType, supertype } from '../dtype.js';
import type { Schema } from '../schema.js';
import { arrowModule } from './arrow-module.js';
import { arrowTypeFor } from './arrow-type-for.js';
import { ColumnExporter, type ColumnExporterOptions } from './column-exporter.js';

/**
 * Turns the chunks of one stream into Arrow record batches that all follow one Arrow schema, as an
 * IPC or Parquet writer needs. `fits(chunk)` says whether a chunk can follow that schema; a chunk
 * that widened past it (an int column that grew to int64, say) needs a new exporter.
 */
export class ArrowExporter {
  readonly arrowSchema: ArrowSchema;
  private readonly columns: ColumnExporter[];

  constructor(arrowSchema: ArrowSchema, options: ColumnExporterOptions = {}) {
    this.arrowSchema = arrowSchema;
    this.columns = arrowSchema.fields.map((f) => new ColumnExporter(f.name, f.type, options));
  }

  /** An exporter whose Arrow schema holds `chunks` (all of a frame's chunks, or a stream's first). */
  static forChunks(chunks: readonly Chunk[], options: ArrowExporterOptions = {}): ArrowExporter {
    return new ArrowExporter(arrowSchemaFor(chunks, options), options);
  }

  fits(chunk: Chunk): boolean {
    if (chunk.columns.length !== this.columns.length) return false;
    return chunk.columns.every((c, j) => chunk.schema.fields[j].name === this.columns[j].name && this.columns[j].fits(c));
  }

  /** A batch of no rows (so that a writer given no chunks still writes the schema). */
  emptyBatch(): RecordBatch {
    const { makeData, RecordBatch, Struct } = arrowModule();
    const children = this.arrowSchema.fields.map((f) => makeData({ type: f.type, length: 0, nullCount: 0 } as Parameters<typeof makeData>[0]));
    return new RecordBatch(this.arrowSchema, makeData({ type: new Struct(this.arrowSchema.fields), length: 0, nullCount: 0, children }));
  }

  toRecordBatch(chunk: Chunk): RecordBatch {
    const { makeData, RecordBatch, Struct } = arrowModule();
    const children = chunk.columns.map((c, j) => this.columns[j].convert(c));
    const data = makeData({ type: new Struct(this.arrowSchema.fields), length: chunk.numRows, nullCount: 0, children });
    return new RecordBatch(this.arrowSchema, data);
  }
}

export interface ArrowExporterOptions extends ColumnExporterOptions {
  /** The dtypes a stream announced before its first chunk; a column gets the wider of these and the chunks'. */
  schema?: Schema;
  /**
   * Dictionary keys get room for a dictionary this many times larger than the chunks show, so a
   * stream whose dictionary keeps growing stays on one key width (default 1: exactly what is seen).
   */
  dictionaryHeadroom?: number;
  /** Dictionary keys at least this wide (a merge of streams whose dictionaries are not known yet). */
  minKeyBytes?: 1 | 2 | 4;
}

/** The Arrow schema that holds every chunk given: the widest dtype per column, keys for the largest dictionary. */
export function arrowSchemaFor(chunks: readonly Chunk[], options: ArrowExporterOptions = {}): ArrowSchema {
  const first = chunks[0];
  const fields = (first?.schema ?? options.schema)?.fields ?? [];
  const { Field, Schema: ArrowSchema } = arrowModule();
  return new ArrowSchema(
    fields.map((f, j) => {
      const columns = chunks.map((c) => c.columns[j]);
      let dtype: DType | undefined = options.schema?.has(f.name) === true ? options.schema.field(f.name).dtype : undefined;
      for (const c of columns) {
        if (c.length > 0 && c.nullCount === c.length) continue;
        dtype = dtype === undefined ? c.dtype : supertype(dtype, c.dtype);
      }
      dtype ??= f.dtype;
      const keyBytes = Math.max(keyBytesFor(columns, options.dictionaryHeadroom ?? 1), options.minKeyBytes ?? 1) as 1 | 2 | 4;
      const type: DataType = arrowTypeFor(dtype, keyBytes, j);
      return new Field(f.name, type, true);
    }),
  );
}

function keyBytesFor(columns: readonly Column[], headroom: number): 1 | 2 | 4 {
  let size = 0;
  let bytes = 1;
  for (const c of columns) {
    if (!(c instanceof CategoricalColumn)) continue;
    size = Math.max(size, c.dictionary.size);
    bytes = Math.max(bytes, c.codes.BYTES_PER_ELEMENT);
  }
  const needed = size * headroom;
  const forSize = needed <= 0x100 ? 1 : needed <= 0x10000 ? 2 : 4;
  return Math.max(bytes, forSize) as 1 | 2 | 4;
}

/** One chunk as an Arrow record batch (a fresh exporter: for streams, keep an `ArrowExporter`). */
export function chunkToRecordBatch(chunk: Chunk, exporter: ArrowExporter = ArrowExporter.forChunks([chunk])): RecordBatch {
  return exporter.toRecordBatch(chunk);
}
