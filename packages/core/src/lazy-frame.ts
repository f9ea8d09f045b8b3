import type { Chunk } from './chunk.js';
import { DataFrame } from './data-frame.js';
import { INSPECT_CUSTOM, JUPYTER_DISPLAY, type MimeBundle } from './display/display-symbols.js';
import { lazyFrameHtml } from './display/lazy-frame-html.js';
import { Expr } from './expr/expr.js';
import { type ExprNode, exprColumns } from './expr/expr-node.js';
import { exprText } from './expr/expr-text.js';
import { AggregateSource } from './group-by/aggregate-source.js';
import { LazyGroupBy } from './group-by/lazy-group-by.js';
import type { KeyInput } from './group-by/lower-aggregation.js';
import type { JoinOptions } from './join/join-options.js';
import { JoinSource } from './join/join-source.js';
import { applyOp, inputColumns, opText, pruneOp, type ResolvedOp, resolveOp } from './plan/apply-op.js';
import { type ColumnInput, columnNodes } from './plan/column-input.js';
import { ParallelScan } from './plan/parallel-scan.js';
import type { PlanOp } from './plan/plan-op.js';
import { renderPlanLines } from './plan/render-plan-lines.js';
import { TypeFloor } from './plan/type-floor.js';
import { getSinkWriter, type ScanOptions, type ScanSource, type SourceSplit } from './scan-source.js';
import type { Schema } from './schema.js';
import { SortSource } from './sort/sort-source.js';
import { lowerSort, type SortBy, type SortOptions } from './sort/sort-spec.js';
import { TopKSource } from './sort/top-k-source.js';
import { ConcatSource } from './union/concat-source.js';
import { subsetNames, type UniqueSubset } from './unique/unique-frame-data.js';
import type { UniqueOptions } from './unique/unique-options.js';
import { UniqueSource } from './unique/unique-source.js';

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
  /** `splitsAfter` for a scan that reads the first part on itself (see `ScanSource.splitsAfterKeepingFirst`). */
  readonly splitsAfterKeepingFirst?: (n: number, bytesRead: number, weights?: readonly number[]) => Promise<SourceSplit[] | undefined>;

  constructor(
    readonly source: ScanSource,
    private readonly ops: readonly PlanOp[] = [],
  ) {
    // The source's splits of the rest, with this plan's row operations; none past a limit.
    type SplitRest = (n: number, bytesRead: number, weights?: readonly number[]) => Promise<SourceSplit[] | undefined>;
    const withOps =
      (split: SplitRest): SplitRest =>
      async (n, bytesRead, weights) =>
        this.ops.some((op) => op.kind === 'limit') ? undefined : this.withOps(await split.call(source, n, bytesRead, weights));
    if (source.splitsAfter !== undefined) this.splitsAfter = withOps(source.splitsAfter);
    if (source.splitsAfterKeepingFirst !== undefined) this.splitsAfterKeepingFirst = withOps(source.splitsAfterKeepingFirst);
  }

  static fromSource(source: ScanSource): LazyFrame {
    return new LazyFrame(source);
  }

  /** This plan's steps over another source (the cluster runs an aggregation elsewhere and keeps what follows it). */
  withSource(source: ScanSource): LazyFrame {
    return new LazyFrame(source, this.ops);
  }

  /** A lazy view of an in-memory frame. */
  static fromFrame(df: DataFrame): LazyFrame {
    return new LazyFrame({
      description: 'DataFrame',
      schema: async () => df.schema,
      estimatedBytes: async () => df.byteLength,
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
    return this.parallelScan?.progress() ?? this.source.progress?.() ?? { bytesRead: 0 };
  }

  /** The scan on worker threads under way, whose progress is the plan's (see `ParallelScan`). */
  private parallelScan: ParallelScan | undefined;

  /** The source's estimate (a filter or projection on top is not counted: an upper bound). */
  async estimatedBytes(): Promise<number | undefined> {
    return this.source.estimatedBytes?.();
  }

  /**
   * Parts for worker threads: the source's splits with this plan's row operations attached. `columns` are the ones
   * the consumer will read (undefined: all), mapped through the plan for the source to size its parts by.
   */
  async splits(n: number, _predicate?: ExprNode, columns?: readonly string[]): Promise<SourceSplit[] | undefined> {
    if (this.ops.some((op) => op.kind === 'limit')) return undefined;
    // The pushed filter lets a source leave out parts it proves empty (hive partitions); the split ops still filter.
    const pushed = this.pushedFilter(this.ops, undefined)?.predicate;
    const read = columns === undefined ? undefined : this.requiredColumns(columns);
    return this.withOps(
      await this.source.splits?.(n, pushed, read === undefined ? undefined : [...new Set([...read, ...(pushed === undefined ? [] : exprColumns(pushed))])]),
    );
  }

  private withOps(parts: SourceSplit[] | undefined): SourceSplit[] | undefined {
    return parts?.map((p) => ({ ...p, ops: [...(p.ops ?? []), ...this.ops] }));
  }

  /** The schema the plan produces; checks every step (unknown columns, type errors) without reading data. */
  async schema(): Promise<Schema> {
    const ops = await this.resolvedOps();
    return ops.length === 0 ? this.source.schema() : ops[ops.length - 1].schema;
  }

  private resolving?: Promise<ResolvedOp[]>;

  /** The ops checked against the source's schema, once per plan. */
  private resolvedOps(): Promise<ResolvedOp[]> {
    this.resolving ??= this.source.schema().then((schema) => {
      const out: ResolvedOp[] = [];
      for (const op of this.ops) {
        const r = resolveOp(op, schema);
        out.push(r);
        schema = r.schema;
      }
      return out;
    });
    return this.resolving;
  }

  /** Only these columns or expressions, in this order: `select('city', col('temp').mul(1.8).add(32).as('temp_f'))`. */
  select(...columns: ColumnInput[]): LazyFrame {
    return this.with({ kind: 'select', exprs: columnNodes(columns) });
  }

  /** Adds columns (or replaces those of the same name), each computed from the input row: `withColumns(col('q').mul(col('p')).as('revenue'))`. */
  withColumns(...columns: ColumnInput[]): LazyFrame {
    return this.with({ kind: 'with_columns', exprs: columnNodes(columns) });
  }

  /** Keeps rows where the predicate is true (`col('temp').gt(20)`); null counts as false, as SQL's WHERE. */
  filter(predicate: Expr): LazyFrame {
    return this.with({ kind: 'filter', predicate: predicate.node });
  }

  /** New names for columns: `rename({ old: 'new' })`. */
  rename(mapping: Record<string, string>): LazyFrame {
    return this.with({ kind: 'rename', mapping: Object.entries(mapping) });
  }

  drop(...names: (string | readonly string[])[]): LazyFrame {
    return this.with({ kind: 'drop', columns: names.flat() });
  }

  /** The first `n` rows; reading stops once they are there. Right after a sort, a heap of n rows (n up to 2^20). */
  limit(n: number): LazyFrame {
    if (this.ops.length === 0 && this.source instanceof SortSource && n <= SortSource.TOP_K_MAX_ROWS) return new LazyFrame(this.source.topK(n));
    return this.with({ kind: 'limit', n });
  }

  /**
   * Rows in the order of `by` (names or expressions; `sort(['id3', col('v3')], { descending: [false, true] })`),
   * stable, nulls last unless `nullsLast: false`, strings in UTF-8 byte order, NaN above every number. In memory
   * when the input fits `memoryLimit`, else an external merge sort through the runtime's spill store.
   */
  sort(by: SortBy, options: SortOptions = {}): LazyFrame {
    const plan = lowerSort(by, options);
    return new LazyFrame(new SortSource(this.keyed(plan.pre), plan, options, hiddenNames(plan.pre)));
  }

  /**
   * The `k` rows with the largest keys, largest first (Polars' `top_k`): `sort(by, { descending: true }).limit(k)`
   * from a bounded heap, never a full sort. `descending` (default true) and `nullsLast` as in `sort`.
   */
  topK(k: number, by: SortBy, options: SortOptions = {}): LazyFrame {
    const plan = lowerSort(by, { ...options, descending: options.descending ?? true });
    return new LazyFrame(new TopKSource(this.keyed(plan.pre), plan, k, options, hiddenNames(plan.pre)));
  }

  /** The `k` rows with the smallest keys, smallest first: `sort(by).limit(k)` from a bounded heap. */
  bottomK(k: number, by: SortBy, options: SortOptions = {}): LazyFrame {
    const plan = lowerSort(by, options);
    return new LazyFrame(new TopKSource(this.keyed(plan.pre), plan, k, options, hiddenNames(plan.pre)));
  }

  /**
   * Rows with distinct values of `subset` (default: every column); null equals null. `keep`: 'first' and 'any'
   * (the default) stream the first row of each key in input order; 'last' and 'none' (only keys seen once) read the
   * whole input first. Past `memoryLimit`, rows spill partitioned by key hash; 'last' and 'none' then give rows in
   * partition order rather than input order (see `UniqueSource`).
   */
  unique(subset?: UniqueSubset, options: UniqueOptions = {}): LazyFrame {
    return new LazyFrame(new UniqueSource(this, subsetNames(subset), options));
  }

  /** This plan with hidden columns computed for expression keys. */
  private keyed(pre: readonly ExprNode[]): LazyFrame {
    return pre.length === 0 ? this : this.withColumns(...pre.map((n) => new Expr(n)));
  }

  head(n = 5): LazyFrame {
    return this.limit(n);
  }

  /** Groups by columns or expressions (`groupBy('region', col('day').dt.truncate('month').as('month'))`). */
  groupBy(...keys: (KeyInput | readonly KeyInput[])[]): LazyGroupBy<LazyFrame> {
    return new LazyGroupBy(keys.flat(), (plan, options) => {
      const input = plan.pre.length === 0 ? this : this.withColumns(...plan.pre.map((n) => new Expr(n)));
      const out = new LazyFrame(new AggregateSource(input, plan.keys, plan.specs, options));
      return plan.post === undefined ? out : out.select(...plan.post.map((n) => new Expr(n)));
    });
  }

  /** This frame's rows, then the others': the same column names in any order (matched by name), dtypes widened. */
  concat(...others: LazyFrame[]): LazyFrame {
    return new LazyFrame(new ConcatSource([this, ...others], 'vertical'));
  }

  /** This frame's rows, then `other`'s, over the union of their columns: null where one lacks a column, dtypes widened. */
  unionByName(other: LazyFrame): LazyFrame {
    return new LazyFrame(new ConcatSource([this, other], 'diagonal'));
  }

  /**
   * Rows of this frame joined with `other`'s on keys: `join(other, { on: 'id', how: 'left' })` or `{ leftOn, rightOn }`
   * (names or expressions). A hash join on the smaller side by estimated bytes, a grace hash join through the
   * spill store past `memoryLimit`; null keys never match. Output columns: see `resolveJoinPlan` (left columns, then
   * the right's, suffixed on a clash); order: see `HashJoin` (left order kept for inner, left, semi and anti joins
   * when the left side streams, none after spilling).
   */
  join(other: LazyFrame | DataFrame, options: JoinOptions): LazyFrame {
    return new LazyFrame(new JoinSource(this, other instanceof DataFrame ? LazyFrame.fromFrame(other) : other, options));
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
    const resolved = (await this.resolvedOps()).map((r) => r.op);
    // Each op computes only what the ops after it read (projection pushdown, walked back from the consumer).
    const ops: PlanOp[] = new Array<PlanOp>(resolved.length);
    let need = wanted === undefined ? undefined : [...wanted];
    for (let i = resolved.length - 1; i >= 0; i--) {
      ops[i] = pruneOp(resolved[i], need);
      need = inputColumns(ops[i], need);
    }
    const pushed = this.pushedFilter(ops, wanted);
    if (pushed !== undefined) {
      ops.splice(0, pushed.count);
      need = pushed.need;
    }
    // A plan that reads no column (`count(*)`, a select of literals) still needs the rows: a chunk of no columns
    // has none, so it reads the narrowest way there is to count them, one column.
    if (need !== undefined && need.length === 0) need = (await this.source.schema()).names.slice(0, 1);
    const remaining = ops.map((op) => (op.kind === 'limit' ? op.n : Infinity));
    if (remaining.some((r) => r <= 0)) return;
    // Computed columns narrow per chunk; what this scan yields never narrows (see TypeFloor).
    const floor = ops.some((op) => op.kind === 'with_columns' || op.kind === 'select') ? new TypeFloor() : undefined;
    const scanOptions: ScanOptions = { columns: need, keyColumns: this.keyColumns(options.keyColumns), predicate: pushed?.predicate, governor: options.governor };
    // A limit stops the read early: threads reading ahead would read for nothing.
    const parallel =
      options.parallel === true && !ops.some((op) => op.kind === 'limit') ? await ParallelScan.open(this.source, { ...scanOptions, parallel: true }) : undefined;
    // Set by every scan (undefined for one on this thread): the plan's progress is the last scan's.
    this.parallelScan = parallel;
    for await (let chunk of parallel?.scan() ?? this.source.scan(scanOptions)) {
      let done = false;
      for (let i = 0; i < ops.length && chunk.numRows > 0; i++) {
        if (ops[i].kind !== 'limit') {
          chunk = applyOp(chunk, ops[i]);
          continue;
        }
        if (chunk.numRows > remaining[i]) chunk = chunk.slice(0, remaining[i]);
        remaining[i] -= chunk.numRows;
        // Rows past a limit never reach the ops after it: the read stops once this chunk is out.
        if (remaining[i] <= 0) done = true;
      }
      // A chunk the ops emptied stopped part way: it has not every column, and nothing to give.
      if (chunk.numRows > 0) {
        if (floor !== undefined) chunk = floor.widen(chunk);
        yield wanted === undefined ? chunk : chunk.select(wanted);
      }
      if (done) return;
    }
  }

  /** Every chunk in order; a big Parquet source is read on several threads (see `ParallelScan`). */
  [Symbol.asyncIterator](): AsyncIterator<Chunk> {
    return this.scan({ parallel: true });
  }

  /**
   * The plan as text, one step a line from the result down to the source (as Polars' `explain()`): `LIMIT 10`,
   * `FILTER temp > 20`, `SELECT city, temp`, `AGGREGATE BY city: ...`, `SCAN weather.csv`. Runs nothing.
   */
  explain(): string {
    return renderPlanLines(this.explainLines());
  }

  /** This plan's steps, last first, then its source's (see `ScanSource.explainLines`). */
  explainLines(): string[] {
    const pushed = this.pushedFilter(this.ops, undefined);
    const ops = pushed === undefined ? this.ops : this.ops.slice(pushed.count);
    const steps = [...ops].reverse().map(opText);
    const source = this.source.explainLines?.(pushed?.predicate) ?? [`SCAN ${this.source.description}`];
    const columns = this.requiredColumns(undefined);
    // The optimised scan: only the columns the plan reads are parsed, and a pushed-down filter runs inside it.
    if (source.length === 1 && source[0].startsWith('SCAN ')) {
      if (columns !== undefined) source[0] += ` [columns: ${columns.join(', ')}]`;
      if (pushed !== undefined) source[0] += ` [filter: ${exprText(pushed.predicate)}]`;
    }
    return [...steps, ...source];
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
    for (let i = this.ops.length - 1; i >= 0; i--) need = inputColumns(this.ops[i], need);
    return need;
  }

  /**
   * Predicate pushdown: the filters at the head of the plan, ANDed, for a source that applies a predicate inside its
   * scan (`filtersRows`), where that pays: when the rows it drops have columns besides the predicate's to build.
   * Returns the predicate, how many ops it replaces, and the columns to ask for after it.
   */
  private pushedFilter(ops: readonly PlanOp[], need: readonly string[] | undefined): { predicate: ExprNode; count: number; need: string[] | undefined } | undefined {
    if (this.source.filtersRows !== true) return undefined;
    let count = 0;
    while (count < ops.length && ops[count].kind === 'filter') count++;
    if (count === 0) return undefined;
    const filters = ops.slice(0, count).map((op) => (op as Extract<PlanOp, { kind: 'filter' }>).predicate);
    const predicate: ExprNode = filters.length === 1 ? filters[0] : { op: 'call', fn: 'and', args: filters };
    let after: string[] | undefined = need === undefined ? undefined : [...need];
    for (let i = ops.length - 1; i >= count; i--) after = inputColumns(ops[i], after);
    const read = exprColumns(predicate);
    // A source that skips whole files on it (hive partitions) takes it even when it saves no parsing.
    if (read.length === 0 || (this.source.filtersFiles !== true && after?.every((c) => read.includes(c)))) return undefined;
    return { predicate, count, need: after };
  }

  /**
   * The consumer's key columns as the source names them: a key a rename or select passes through keeps its hint,
   * a key the plan computes has none.
   */
  private keyColumns(keys: readonly string[] | undefined): readonly string[] | undefined {
    if (keys === undefined) return undefined;
    let names: (string | undefined)[] = [...keys];
    for (let i = this.ops.length - 1; i >= 0; i--) {
      const op = this.ops[i];
      if (op.kind === 'rename') {
        const back = new Map(op.mapping.map(([from, to]) => [to, from]));
        names = names.map((n) => (n === undefined ? n : (back.get(n) ?? n)));
      } else if (op.kind === 'with_columns' || op.kind === 'select') {
        const made = new Map(op.exprs.map((e) => [e.op === 'alias' ? e.name : e.op === 'col' ? e.name : '', e.op === 'alias' ? e.arg : e]));
        names = names.map((n) => {
          const e = n === undefined ? undefined : made.get(n);
          if (e === undefined) return op.kind === 'select' ? undefined : n;
          return e.op === 'col' ? e.name : undefined;
        });
      }
    }
    const out = names.filter((n): n is string => n !== undefined);
    return out.length === 0 ? undefined : out;
  }

  private with(op: PlanOp): LazyFrame {
    return new LazyFrame(this.source, [...this.ops, op]);
  }
}

/** Names of the hidden columns a lowering computes (`alias` nodes). */
function hiddenNames(pre: readonly ExprNode[]): string[] {
  return pre.map((n) => (n.op === 'alias' ? n.name : ''));
}
