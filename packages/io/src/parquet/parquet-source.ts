import { ArrowImporter, type Chunk, type DType, Schema, type ScanOptions, type ScanSource } from '@df-stream/core';
import { tableFromIPC, type Schema as ArrowSchema } from 'apache-arrow';
import { rechunk } from '../columnar/rechunk.js';
import { expectFormat } from '../detect-format.js';
import { chunkSizeOf, type ParquetReadOptions } from './parquet-options.js';
import { parquetError } from './parquet-error.js';
import { type ParquetMeta, ParquetWorker } from './parquet-worker.js';

interface FileInfo {
  meta: ParquetMeta;
  arrowSchema: ArrowSchema;
  /** The announced schema of the default selection. */
  schema: Schema;
}

/** Dtypes whose announced width is sampled from the first batch (the rest are fixed by the Arrow type). */
const SAMPLED: ReadonlySet<DType> = new Set(['int16', 'int32', 'int64']);

/**
 * A Parquet file as a chunk source. The schema comes from the file's metadata (integer widths from
 * the first chunk's values, as the CSV reader samples); `scan` streams the selected columns of the
 * selected row groups from parquet-wasm in a worker thread and re-cuts them into `chunkSize` chunks.
 */
export class ParquetSource implements ScanSource {
  readonly description: string;
  private readonly chunkSize: number;
  private info: Promise<FileInfo> | undefined;
  /** The worker that read the metadata, handed to the first scan instead of starting another. */
  private idle: ParquetWorker | null = null;

  constructor(
    readonly path: string,
    private readonly options: ParquetReadOptions = {},
  ) {
    this.description = path;
    this.chunkSize = chunkSizeOf(options);
  }

  async schema(): Promise<Schema> {
    return (await this.load()).schema;
  }

  /** Rows per row group, from the file's metadata. */
  async rowGroups(): Promise<number[]> {
    return (await this.load()).meta.rowGroups;
  }

  scan(options: ScanOptions = {}): AsyncIterable<Chunk> {
    return rechunk(this.batches(options.columns), this.chunkSize);
  }

  private load(): Promise<FileInfo> {
    this.info ??= this.readInfo();
    return this.info;
  }

  private async readInfo(): Promise<FileInfo> {
    await expectFormat(this.path, 'parquet');
    const worker = new ParquetWorker(this.path);
    try {
      const meta = await worker.meta();
      const arrowSchema = tableFromIPC(meta.schemaIpc).schema;
      const names = this.selection(arrowSchema, this.options.columns);
      const declared = ArrowImporter.dtypesOf(arrowSchema, names);
      this.checkRowGroups(meta);
      const sampled = declared.fields.filter((f) => SAMPLED.has(f.dtype)).map((f) => f.name);
      const narrowed = new Map<string, DType>();
      if (sampled.length > 0 && meta.numRows > 0) {
        const importer = new ArrowImporter();
        for await (const { ipc } of worker.scan({ columns: sampled, batchSize: this.chunkSize, limit: this.chunkSize, rowGroups: this.rowGroupList() })) {
          for (const batch of tableFromIPC(ipc).batches) {
            const chunk = importer.toChunk(batch, sampled);
            chunk.schema.fields.forEach((f) => narrowed.set(f.name, f.dtype));
          }
        }
      }
      const schema = new Schema(declared.fields.map((f) => ({ name: f.name, dtype: narrowed.get(f.name) ?? f.dtype })));
      this.idle = worker;
      return { meta, arrowSchema, schema };
    } catch (error) {
      await worker.close();
      throw parquetError(error, this.path);
    }
  }

  private selection(arrowSchema: ArrowSchema, columns: readonly string[] | undefined): string[] {
    const all = new Schema(arrowSchema.fields.map((f) => ({ name: f.name, dtype: 'int8' as DType })));
    if (columns === undefined) return all.names;
    for (const c of columns) all.field(c);
    return [...columns];
  }

  private rowGroupList(): number[] | undefined {
    return this.options.rowGroups === undefined ? undefined : [...this.options.rowGroups];
  }

  private checkRowGroups(meta: ParquetMeta): void {
    for (const g of this.options.rowGroups ?? []) {
      if (!Number.isInteger(g) || g < 0 || g >= meta.rowGroups.length) {
        throw new RangeError(`${this.path}: row group ${g} does not exist (the file has ${meta.rowGroups.length})`);
      }
    }
  }

  private async *batches(columns: readonly string[] | undefined): AsyncGenerator<Chunk> {
    const info = await this.load();
    const names = this.selection(info.arrowSchema, columns ?? this.options.columns);
    try {
      ArrowImporter.dtypesOf(info.arrowSchema, names);
    } catch (error) {
      throw parquetError(error, this.path);
    }
    const worker = this.idle ?? new ParquetWorker(this.path);
    this.idle = null;
    const groups = this.options.rowGroups ?? info.meta.rowGroups.map((_, i) => i);
    const locate = rowGroupLocator(groups, info.meta.rowGroups);
    const importer = new ArrowImporter();
    let rows = 0;
    try {
      for await (const { ipc, numRows } of worker.scan({ columns: names, batchSize: this.chunkSize, rowGroups: this.rowGroupList() })) {
        for (const batch of tableFromIPC(ipc).batches) yield importer.toChunk(batch, names);
        rows += numRows;
      }
    } catch (error) {
      throw parquetError(error, this.path, locate(rows));
    } finally {
      await worker.close();
    }
  }
}

/** Maps "rows read so far" to the index of the row group being read (for error messages). */
function rowGroupLocator(groups: readonly number[], rowsPerGroup: readonly number[]): (rows: number) => number | undefined {
  return (rows) => {
    let end = 0;
    for (const g of groups) {
      end += rowsPerGroup[g] ?? 0;
      if (rows < end) return g;
    }
    return groups.length > 0 ? groups[groups.length - 1] : undefined;
  };
}
