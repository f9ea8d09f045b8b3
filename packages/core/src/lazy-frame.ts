import type { Chunk } from './chunk.js';
import { DataFrame } from './data-frame.js';
import type { Schema } from './schema.js';
import { getSinkWriter, type ScanOptions, type ScanSource } from './scan-source.js';

/**
 * A plan over a source, pulled chunk by chunk when iterated, collected or sunk.
 * (Verbs such as filter and groupBy are added by the query engine.)
 */
export class LazyFrame implements AsyncIterable<Chunk> {
  constructor(
    readonly source: ScanSource,
    private readonly projection?: readonly string[],
  ) {}

  static fromSource(source: ScanSource): LazyFrame {
    return new LazyFrame(source);
  }

  async schema(): Promise<Schema> {
    const schema = await this.source.schema();
    return this.projection === undefined ? schema : schema.select(this.projection);
  }

  select(...names: (string | readonly string[])[]): LazyFrame {
    return new LazyFrame(this.source, names.flat());
  }

  async collect(): Promise<DataFrame> {
    const chunks: Chunk[] = [];
    for await (const c of this) chunks.push(c);
    return DataFrame.fromChunks(chunks, chunks.length === 0 ? await this.schema() : undefined);
  }

  async sink(path: string, options: Record<string, unknown> = {}): Promise<void> {
    await getSinkWriter()(this, path, options);
  }

  [Symbol.asyncIterator](): AsyncIterator<Chunk> {
    const options: ScanOptions = this.projection === undefined ? {} : { columns: this.projection };
    return this.source.scan(options)[Symbol.asyncIterator]();
  }
}
