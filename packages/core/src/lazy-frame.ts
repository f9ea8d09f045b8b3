import type { Chunk } from './chunk.js';
import { DataFrame } from './data-frame.js';
import { INSPECT_CUSTOM, JUPYTER_DISPLAY, type MimeBundle } from './display/display-symbols.js';
import { lazyFrameHtml } from './display/lazy-frame-html.js';
import { predicateText } from './display/predicate-text.js';
import { type Predicate, PredicateExpr, predicateColumns } from './expr.js';
import { filterChunk } from './filter-chunk.js';
import { LazyGroupBy } from './group-by/lazy-group-by.js';
import { getSinkWriter, type ScanOptions, type ScanSource, type SourceSplit } from './scan-source.js';
import type { Schema } from './schema.js';

export type Op =
  | { readonly kind: 'filter'; readonly predicate: Predicate }
  | { readonly kind: 'select'; readonly columns: readonly string[] }
  | { readonly kind: 'limit'; readonly n: number };

/**
 * A plan over a source, pulled chunk by chunk when iterated, collected or sunk. Verbs return new plans;
 * nothing is read until then. The source is asked only for the columns the plan uses (projection pushdown).
 */
export class LazyFrame implements AsyncIterable<Chunk>, ScanSource {
  /**
   * `splits` of what a scan has not read yet (see `ScanSource.splitsAfter`); present only when the source has
   * it, since a group-by reads a probe first only from a source that can split the rest afterwards.
   */
  readonly splitsAfter?: (n: number, bytesRead: number, weights?: readonly number[]) => Promise<SourceSplit[] | undefined>;

  constructor(
    readonly source: ScanSource,
    private readonly ops: readonly Op[] = [],
  ) {
    const after = source.splitsAfter;
    if (after !== undefined) {
      this.splitsAfter = async (n, bytesRead, weights) =>
        this.ops.some((op) => op.kind === 'limit') ? undefined : this.withOps(await after.call(source, n, bytesRead, weights));
    }
  }

  static fromSource(source: ScanSource): LazyFrame {
    return new LazyFrame(source);
  }

  /** A lazy view of an in-memory frame. */
  static fromFrame(df: DataFrame): LazyFrame {
    return new LazyFrame({
      description: 'DataFrame',
      schema: async () => df.schema,
      scan: (options?: ScanOptions) => ({
        async *[Symbol.asyncIterator]() {
          for (const c of df.chunks) yield options?.columns === undefined ? c : c.select(options.columns);
        },
      }),
    });
  }

  get description(): string {
    return this.source.description;
  }

  progress(): { bytesRead: number; totalBytes?: number } {
    return this.source.progress?.() ?? { bytesRead: 0 };
  }

  /** Parts for worker threads: the source's splits with this plan's row operations attached. */
  async splits(n: number): Promise<SourceSplit[] | undefined> {
    if (this.ops.some((op) => op.kind === 'limit')) return undefined;
    return this.withOps(await this.source.splits?.(n));
  }

  private withOps(parts: SourceSplit[] | undefined): SourceSplit[] | undefined {
    return parts?.map((p) => ({ ...p, ops: [...(p.ops ?? []), ...this.ops] }));
  }

  async schema(): Promise<Schema> {
    let schema = await this.source.schema();
    for (const op of this.ops) {
      if (op.kind === 'select') schema = schema.select(op.columns);
      if (op.kind === 'filter') for (const c of predicateColumns(op.predicate)) schema.field(c);
    }
    return schema;
  }

  select(...names: (string | readonly string[])[]): LazyFrame {
    return this.with({ kind: 'select', columns: names.flat() });
  }

  /** Keeps rows where the predicate holds (`col('temp').gt(20)`); nulls compare false. */
  filter(predicate: PredicateExpr | Predicate): LazyFrame {
    return this.with({ kind: 'filter', predicate: predicate instanceof PredicateExpr ? predicate.predicate : predicate });
  }

  /** The first `n` rows; reading stops once they are there. */
  limit(n: number): LazyFrame {
    return this.with({ kind: 'limit', n });
  }

  head(n = 5): LazyFrame {
    return this.limit(n);
  }

  groupBy(...keys: (string | readonly string[])[]): LazyGroupBy<LazyFrame> {
    return new LazyGroupBy(this, keys.flat(), (source) => new LazyFrame(source));
  }

  async collect(): Promise<DataFrame> {
    const chunks: Chunk[] = [];
    for await (const c of this) chunks.push(c);
    const schema = await this.schema();
    return chunks.length === 0 ? DataFrame.empty(schema) : DataFrame.fromChunks(chunks);
  }

  /** Streams the result to a file; the format follows the extension (needs `@df-stream/io`). */
  async sink(path: string, options: Record<string, unknown> = {}): Promise<void> {
    await getSinkWriter()(this, path, options);
  }

  /** Chunks with only `options.columns` when given: the plan reads no other column than it needs. */
  async *scan(options: ScanOptions = {}): AsyncGenerator<Chunk> {
    const wanted = options.columns;
    const sourceColumns = this.requiredColumns(wanted);
    let remaining = Infinity;
    for (const op of this.ops) if (op.kind === 'limit') remaining = Math.min(remaining, op.n);
    if (remaining <= 0) return;
    for await (let chunk of this.source.scan({ columns: sourceColumns, keyColumns: options.keyColumns })) {
      for (const op of this.ops) {
        if (op.kind === 'filter') chunk = filterChunk(chunk, op.predicate);
        else if (op.kind === 'select') chunk = chunk.select(op.columns.filter((c) => chunk.schema.has(c)));
      }
      if (wanted !== undefined) chunk = chunk.select(wanted);
      if (chunk.numRows > remaining) chunk = chunk.slice(0, remaining);
      if (chunk.numRows > 0) yield chunk;
      remaining -= chunk.numRows;
      if (remaining <= 0) return;
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<Chunk> {
    return this.scan();
  }

  /**
   * The plan as text, one step a line from the result down to the source (as Polars' `explain()`): `LIMIT 10`,
   * `FILTER temp > 20`, `SELECT city, temp`, `AGGREGATE BY city: ...`, `SCAN weather.csv`. Runs nothing.
   */
  explain(): string {
    return this.explainLines()
      .map((line, depth) => `${'  '.repeat(depth)}${line}`)
      .join('\n');
  }

  /** This plan's steps, last first, then its source's (see `ScanSource.explainLines`). */
  explainLines(): string[] {
    const steps = [...this.ops].reverse().map((op) => {
      if (op.kind === 'filter') return `FILTER ${predicateText(op.predicate)}`;
      if (op.kind === 'select') return `SELECT ${op.columns.join(', ')}`;
      return `LIMIT ${op.n}`;
    });
    return [...steps, ...(this.source.explainLines?.() ?? [`SCAN ${this.source.description}`])];
  }

  /** A notebook shows the plan and the schema it will produce, without running it. */
  async [JUPYTER_DISPLAY](): Promise<MimeBundle> {
    const plan = this.explain();
    const schema = await this.schema();
    return {
      'text/plain': `LazyFrame\n${plan}\n\nschema:\n${schema.toString()}`,
      'text/html': lazyFrameHtml(plan, schema.fields),
    };
  }

  [INSPECT_CUSTOM](): string {
    return `LazyFrame (nothing read yet)\n${this.explain()}`;
  }

  /** Columns to ask the source for, given what the consumer wants (undefined = all). */
  private requiredColumns(wanted: readonly string[] | undefined): readonly string[] | undefined {
    let need = wanted === undefined ? undefined : [...wanted];
    for (let i = this.ops.length - 1; i >= 0; i--) {
      const op = this.ops[i];
      if (op.kind === 'select') need = need ?? [...op.columns];
      else if (op.kind === 'filter' && need !== undefined) {
        for (const c of predicateColumns(op.predicate)) if (!need.includes(c)) need.push(c);
      }
    }
    return need;
  }

  private with(op: Op): LazyFrame {
    return new LazyFrame(this.source, [...this.ops, op]);
  }
}
