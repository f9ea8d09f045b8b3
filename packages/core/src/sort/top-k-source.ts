import type { Chunk } from '../chunk.js';
import { chunkSizeOf } from '../chunk-size.js';
import { OperatorSource } from '../plan/operator-source.js';
import type { ScanOptions, ScanSource } from '../scan-source.js';
import { Schema } from '../schema.js';
import type { SortOptions, SortPlan } from './sort-spec.js';
import { TopKHeap } from './top-k-heap.js';

/** The first `k` rows of a sort of the input, from a bounded heap (`topK`, and `sort(...).limit(k)`). */
export class TopKSource extends OperatorSource {
  constructor(
    input: ScanSource,
    readonly plan: Pick<SortPlan, 'keys' | 'labels'>,
    readonly k: number,
    readonly options: SortOptions = {},
    readonly hidden: readonly string[] = [],
  ) {
    super(input);
  }

  /** None: k rows are no part of the input's size that this operator knows. */
  override async estimatedBytes(): Promise<number | undefined> {
    return undefined;
  }

  explainLines(): string[] {
    return this.stepOverInput(`TOP ${this.k} BY ${this.plan.labels.join(', ')}`);
  }

  async schema(): Promise<Schema> {
    const schema = await this.input.schema();
    for (const k of this.plan.keys) schema.field(k.column);
    return this.hidden.length === 0 ? schema : new Schema(schema.fields.filter((f) => !this.hidden.includes(f.name)));
  }

  async *scan(options: ScanOptions = {}): AsyncGenerator<Chunk> {
    const wanted = options.columns ?? (await this.schema()).names;
    const need = [...new Set([...wanted, ...this.plan.keys.map((k) => k.column)])];
    const heap = new TopKHeap(Math.max(0, Math.floor(this.k)), this.plan.keys);
    if (heap.k > 0) for await (const chunk of this.input.scan({ columns: need, governor: options.governor })) heap.push(chunk);
    for (const c of heap.result(chunkSizeOf(this.options))) yield c.select(wanted);
  }
}
