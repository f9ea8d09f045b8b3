import { statSync } from 'node:fs';
import { Chunk, type Column, DfError, type ExprNode, type Field, type ScanOptions, type ScanSource, Schema, type SourceSplit } from '@df-stream/core';
import { applyOp, ChunkConformer, evaluateExpr, exprColumns, litNode, type UnionSchema, unionSchema } from '@df-stream/core/internal';
import type { InputFile } from './expand-paths.js';
import { HiveColumns, type HivePartitions, hivePartitions } from './hive-partitions.js';
import { conjuncts, keptFiles, partitionTerms, substitute } from './hive-predicate.js';

/** Options of a scan over several files. */
export interface MultiFileOptions {
  /** Whether `key=value` directories are columns; default: when the paths have such directories. */
  readonly hive?: boolean;
  /**
   * Files with different columns: missing ones null, dtypes widened to their supertype (Polars' `diagonal_relaxed`,
   * DuckDB's `union_by_name`). Default false: every file must have the first file's column names (any order).
   */
  readonly unionByName?: boolean;
}

/** One file opened: its reader's source, and the split that reads it whole on another thread (if its format has one). */
export interface OpenedFile {
  readonly source: ScanSource;
  readonly split?: SourceSplit;
}

export type FileOpener = (path: string) => Promise<OpenedFile>;

/** The split reader name of a split of one file of several (its partition values and the union it conforms to). */
export const FILES_READER = 'files';

/** What a `files` split carries: parts of one or more files, read one after another on one thread. */
export interface FilesSplitInfo {
  /** The union's fields that come from files (what the files' chunks are conformed to). */
  readonly fields: readonly Field[];
  readonly hive: HivePartitions['fields'];
  /** Each part: its file's own split (the whole file or a part of it) and the file's partition values. */
  readonly parts: readonly { readonly split: SourceSplit; readonly path: string; readonly values: readonly (number | string | null)[] }[];
  /** Without `unionByName`: the first file's column names, which every file must have. */
  readonly expect?: { readonly names: readonly string[]; readonly path: string };
}

const UNION_HINT = 'pass unionByName: true (--union-by-name) to read files with different columns, missing ones as null';

/**
 * Several files read one after another as one source: by column name, partition columns from `key=value`
 * directories after the files' own, whole files skipped when a pushed filter on partition columns rules them out
 * (`filtersFiles`), split across files and within them for worker threads.
 */
export class MultiFileSource implements ScanSource {
  readonly filtersRows = true;
  readonly filtersFiles: boolean;
  private readonly sizes: number[];
  private readonly hive: HivePartitions | undefined;
  private readonly hiveColumns: HiveColumns | undefined;
  private readonly opened = new Map<number, Promise<OpenedFile>>();
  private unionPromise?: Promise<UnionSchema>;
  private read = { done: 0, current: undefined as ScanSource | undefined, total: undefined as number | undefined };

  constructor(
    readonly description: string,
    readonly files: readonly InputFile[],
    private readonly open: FileOpener,
    private readonly options: MultiFileOptions = {},
  ) {
    this.sizes = files.map((f) => sizeOf(f.path));
    this.hive = options.hive === false ? undefined : hivePartitions(files);
    if (options.hive === true && this.hive === undefined) {
      throw new DfError('usage', `hive: true, but no path of ${description} has a key=value directory`, { hint: 'partitions are directories like year=2024/' });
    }
    this.hiveColumns = this.hive === undefined ? undefined : new HiveColumns(this.hive.fields);
    this.filtersFiles = this.hive !== undefined;
  }

  private file(i: number): Promise<OpenedFile> {
    let p = this.opened.get(i);
    if (p === undefined) {
      p = this.open(this.files[i].path);
      this.opened.set(i, p);
    }
    return p;
  }

  /**
   * The union of the files' columns and its notes. Without `unionByName` only the first file is read for it (as DuckDB
   * and Polars do: a filter on partitions then opens no other file); each other file is checked when it is read.
   */
  unionSchema(): Promise<UnionSchema> {
    this.unionPromise ??= (async () => {
      const count = this.options.unionByName === true ? this.files.length : 1;
      const schemas: Schema[] = [];
      for (let i = 0; i < count; i++) schemas.push(await (await this.file(i)).source.schema());
      const labels = this.files.slice(0, count).map((f) => f.path);
      const union = unionSchema(schemas, labels, { how: 'diagonal', diagonalHint: UNION_HINT });
      const hive = this.hive?.fields ?? [];
      for (const h of hive) {
        if (union.schema.has(h.name)) {
          throw new DfError('usage', `column ${h.name} is both in ${labels[0]} and a hive partition of its path`, {
            hint: 'pass hive: false to read the files as they are',
          });
        }
      }
      const fields = [...union.schema.fields, ...hive.map(({ name, dtype }) => ({ name, dtype }))];
      const notes = [...union.notes, ...hive.map((h) => `${h.name}: hive partition (${h.dtype}) from the paths`)];
      return { schema: new Schema(fields), notes };
    })();
    return this.unionPromise;
  }

  /**
   * Every file's columns checked (a file whose names differ is the error a scan would meet, unless `unionByName`) and
   * the union's notes over all of them: what `df-stream schema` shows. Opens every file, which a scan may not.
   */
  async checkFiles(): Promise<UnionSchema> {
    const { schema, notes } = await this.unionSchema();
    if (this.options.unionByName === true) return { schema, notes };
    const schemas: Schema[] = [];
    for (let i = 0; i < this.files.length; i++) schemas.push(await this.fileSchema(i));
    const all = unionSchema(
      schemas,
      this.files.map((f) => f.path),
      { how: 'vertical', diagonalHint: UNION_HINT },
    );
    const hive = notes.filter((n) => !all.schema.has(n.slice(0, n.indexOf(':'))));
    return { schema, notes: [...all.notes, ...hive] };
  }

  async schema(): Promise<Schema> {
    return (await this.unionSchema()).schema;
  }

  progress(): { bytesRead: number; totalBytes?: number } {
    const current = this.read.current?.progress?.().bytesRead ?? 0;
    return { bytesRead: this.read.done + current, totalBytes: this.read.total ?? this.sizes.reduce((a, b) => a + b, 0) };
  }

  /** The files' sizes (a join builds on the side with fewer bytes). */
  async estimatedBytes(): Promise<number | undefined> {
    return this.sizes.reduce((a, b) => a + b, 0);
  }

  /** Indices of the files a predicate may keep rows of (all without partition terms). */
  private kept(predicate: ExprNode | undefined): number[] {
    const kept = keptFiles(predicate, this.hive, this.hiveColumns);
    return this.files.map((_, i) => i).filter((i) => kept === undefined || kept[i]);
  }

  explainLines(predicate?: ExprNode): string[] {
    if (this.files.length === 1) return [`SCAN ${this.description}`];
    return [`SCAN ${this.description} [files: ${this.kept(predicate).length} of ${this.files.length}]`];
  }

  /** A file's own schema, checked against the first file's column names unless `unionByName`. */
  private async fileSchema(i: number): Promise<Schema> {
    const own = await (await this.file(i)).source.schema();
    if (i > 0 && this.options.unionByName !== true) {
      const first = await (await this.file(0)).source.schema();
      expectSameColumns(first.names, this.files[0].path, own.names, this.files[i].path);
    }
    return own;
  }

  async *scan(options: ScanOptions = {}): AsyncGenerator<Chunk> {
    const { schema } = await this.unionSchema();
    const wanted = options.columns ?? schema.names;
    const hiveNames = this.hive?.fields.map((f) => f.name) ?? [];
    const conformer = new ChunkConformer(schema);
    const kept = this.kept(options.predicate);
    this.read = { done: 0, current: undefined, total: kept.reduce((s, i) => s + this.sizes[i], 0) };
    // Terms over partitions only were decided by `kept`; the rest are filtered per file.
    const pruned = new Set(partitionTerms(options.predicate, hiveNames));
    const rest = options.predicate === undefined ? [] : conjuncts(options.predicate).filter((t) => !pruned.has(t));
    for (const i of kept) {
      const opened = await this.file(i);
      const own = await this.fileSchema(i);
      // In this file a partition column is a constant and a column it lacks is null: the filter reads only its columns.
      const constants = new Map<string, ExprNode>();
      this.hive?.fields.forEach((f, j) => {
        const lit = this.hiveColumns?.literal(j, this.hive?.values[i][j] ?? null);
        if (lit !== undefined) constants.set(f.name, litNode(lit.value, lit.dtype));
      });
      for (const f of schema.fields) if (!own.has(f.name) && !constants.has(f.name)) constants.set(f.name, litNode(null, f.dtype));
      const terms = rest.map((t) => substitute(t, constants));
      if (terms.some((t) => exprColumns(t).length === 0 && !constantTrue(t))) continue;
      const live = terms.filter((t) => exprColumns(t).length > 0);
      const predicate = live.length === 0 ? undefined : live.length === 1 ? live[0] : { op: 'call' as const, fn: 'and', args: live };
      const pushed = opened.source.filtersRows === true ? predicate : undefined;
      const fileWanted = wanted.filter((n) => own.has(n));
      const read = [...fileWanted, ...(predicate !== undefined && pushed === undefined ? exprColumns(predicate).filter((c) => !fileWanted.includes(c)) : [])];
      const columns = read.length > 0 || own.length === 0 ? read : [own.names[0]];
      this.read.current = opened.source;
      for await (let chunk of opened.source.scan({ columns, keyColumns: options.keyColumns, predicate: pushed })) {
        if (predicate !== undefined && pushed === undefined) chunk = applyOp(chunk, { kind: 'filter', predicate });
        if (chunk.numRows === 0) continue;
        yield this.assemble(
          conformer.conform(
            chunk,
            wanted.filter((n) => !hiveNames.includes(n)),
          ),
          chunk.numRows,
          wanted,
          i,
        );
      }
      this.read.done += opened.source.progress?.().bytesRead ?? this.sizes[i];
      this.read.current = undefined;
    }
  }

  /** The file's columns and its partition values, in the order asked for. */
  private assemble(files: Chunk, numRows: number, wanted: readonly string[], i: number): Chunk {
    return withHiveColumns(files, numRows, wanted, this.hive?.fields ?? [], this.hive?.values[i] ?? [], this.hiveColumns);
  }

  /**
   * At most `n` splits over the kept files, of about equal bytes (a split thread is started per split): a file of at
   * least 1.5 shares is cut by its own reader into about `size / share` parts, smaller files go whole, and runs of
   * them share a split. Each part carries its file's partition values; no file is opened here but those cut up.
   */
  async splits(n: number, predicate?: ExprNode): Promise<SourceSplit[] | undefined> {
    const { schema } = await this.unionSchema();
    const hiveNames = new Set(this.hive?.fields.map((f) => f.name) ?? []);
    const fields = schema.fields.filter((f) => !hiveNames.has(f.name));
    const kept = this.kept(predicate);
    const total = kept.reduce((s, i) => s + this.sizes[i], 0);
    const share = Math.max(1, total / Math.max(1, n));
    const items: { part: FilesSplitInfo['parts'][number]; bytes: number }[] = [];
    for (const i of kept) {
      const opened = await this.file(i);
      const values = this.hive?.values[i] ?? [];
      const path = this.files[i].path;
      const cut = this.sizes[i] >= 1.5 * share ? await opened.source.splits?.(Math.round(this.sizes[i] / share)) : undefined;
      const parts = cut ?? (opened.split === undefined ? undefined : [opened.split]);
      if (parts === undefined) return undefined;
      for (const split of parts) items.push({ part: { split, path, values }, bytes: this.sizes[i] / parts.length });
    }
    if (items.length === 0) return undefined;
    const first = this.options.unionByName === true ? undefined : { names: (await this.fileSchema(0)).names, path: this.files[0].path };
    // Contiguous runs: an item goes to the split its middle byte falls in.
    const groups: FilesSplitInfo['parts'][number][][] = [];
    let before = 0;
    for (const { part, bytes } of items) {
      const g = Math.min(n - 1, Math.floor((before + bytes / 2) / share));
      while (groups.length <= g) groups.push([]);
      groups[g].push(part);
      before += bytes;
    }
    return groups
      .filter((g) => g.length > 0)
      .map((parts) => {
        const info: FilesSplitInfo = { fields, hive: this.hive?.fields ?? [], parts, ...(first === undefined ? {} : { expect: first }) };
        return { reader: FILES_READER, args: [info] };
      });
  }
}

/** A file whose column names are not the first file's (in any order): the usage error, with the flag that reads it. */
export function expectSameColumns(first: readonly string[], firstPath: string, own: readonly string[], path: string): void {
  const asSchema = (names: readonly string[]) => new Schema(names.map((name) => ({ name, dtype: 'utf8' as const })));
  unionSchema([asSchema(first), asSchema(own)], [firstPath, path], { how: 'vertical', diagonalHint: UNION_HINT });
}

/** `files` plus the partition columns, in `wanted` order; `numRows` is the file chunk's (`files` may have no column). */
export function withHiveColumns(
  files: Chunk,
  numRows: number,
  wanted: readonly string[],
  hive: HivePartitions['fields'],
  values: readonly (number | string | null)[],
  columns: HiveColumns | undefined,
): Chunk {
  if (hive.length === 0 || columns === undefined) return files;
  const fields: Field[] = [];
  const out: Column[] = [];
  for (const name of wanted) {
    const j = hive.findIndex((h) => h.name === name);
    const column = j < 0 ? files.column(name) : columns.column(j, values[j], numRows);
    fields.push({ name, dtype: column.dtype });
    out.push(column);
  }
  return new Chunk(new Schema(fields), out);
}

function constantTrue(term: ExprNode): boolean {
  const v = evaluateExpr(term, 1);
  return v.get(0) === true;
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    // Opening it says what is wrong, in the reader's words.
    return 0;
  }
}
