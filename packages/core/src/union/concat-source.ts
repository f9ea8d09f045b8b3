import type { Chunk } from '../chunk.js';
import type { ScanOptions, ScanSource, SourceSplit } from '../scan-source.js';
import type { Schema } from '../schema.js';
import { ChunkConformer } from './chunk-conformer.js';
import { type ConcatHow, type UnionSchema, unionSchema } from './union-schema.js';

/**
 * Several sources read one after another as one (`concat`, `unionByName`): columns matched by name, in the union
 * schema's dtypes (see `unionSchema`); with `diagonal`, a column an input lacks is null in its rows.
 */
export class ConcatSource implements ScanSource {
  private union?: Promise<UnionSchema>;

  constructor(
    readonly parts: readonly ScanSource[],
    readonly how: ConcatHow,
  ) {}

  get description(): string {
    return this.parts.map((p) => p.description).join(' + ');
  }

  /** The union schema and its notes (which columns were missing or widened where). */
  unionSchema(): Promise<UnionSchema> {
    this.union ??= Promise.all(this.parts.map((p) => p.schema())).then((schemas) =>
      unionSchema(
        schemas,
        this.parts.map((p, i) => `input ${i + 1} (${p.description})`),
        { how: this.how, diagonalHint: "to fill missing columns with nulls, use how: 'diagonal' (or unionByName)" },
      ),
    );
    return this.union;
  }

  async schema(): Promise<Schema> {
    return (await this.unionSchema()).schema;
  }

  progress(): { bytesRead: number; totalBytes?: number } {
    let bytesRead = 0;
    let totalBytes = 0;
    for (const p of this.parts) {
      const pr = p.progress?.() ?? { bytesRead: 0 };
      bytesRead += pr.bytesRead;
      totalBytes += pr.totalBytes ?? 0;
    }
    return { bytesRead, totalBytes: totalBytes || undefined };
  }

  /** The inputs' estimates added up; undefined when one has none. */
  async estimatedBytes(): Promise<number | undefined> {
    let total = 0;
    for (const p of this.parts) {
      const bytes = await p.estimatedBytes?.();
      if (bytes === undefined) return undefined;
      total += bytes;
    }
    return total;
  }

  async *scan(options: ScanOptions = {}): AsyncGenerator<Chunk> {
    const { schema } = await this.unionSchema();
    const wanted = options.columns ?? schema.names;
    const conformer = new ChunkConformer(schema);
    for (const part of this.parts) {
      const own = await part.schema();
      const asked = wanted.filter((n) => own.has(n));
      // An input with none of the wanted columns still has rows: ask for one column, for its row count.
      const columns = asked.length > 0 || own.length === 0 ? asked : [own.names[0]];
      for await (const chunk of part.scan({ columns, keyColumns: options.keyColumns, governor: options.governor })) yield conformer.conform(chunk, wanted);
    }
  }

  /**
   * Each input's splits, concatenated, at most `n` in all (a runner may start a thread per split): only when every
   * input already has the union's schema (nothing to fill or cast) and there are no more inputs than `n`.
   */
  async splits(n: number): Promise<SourceSplit[] | undefined> {
    const { schema } = await this.unionSchema();
    if (this.parts.length > n) return undefined;
    const out: SourceSplit[] = [];
    for (const part of this.parts) {
      if (!(await part.schema()).equals(schema)) return undefined;
      const parts = await part.splits?.(Math.max(1, Math.floor(n / this.parts.length)));
      if (parts === undefined) return undefined;
      out.push(...parts);
    }
    return out;
  }

  explainLines(): string[] {
    return [`CONCAT ${this.how} of ${this.parts.length}: ${this.description}`];
  }
}
