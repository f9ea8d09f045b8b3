import { LazyFrame, type Op } from '../lazy-frame.js';
import type { ScanSource, SourceSplit } from '../scan-source.js';

/** The plan one split describes, rebuilt on this thread: its source from the module's export, then its row operations. */
export async function openSplit(split: SourceSplit): Promise<LazyFrame> {
  const mod = (await import(split.module)) as Record<string, (...args: unknown[]) => ScanSource>;
  const factory = mod[split.exportName];
  if (typeof factory !== 'function') throw new Error(`${split.module} has no export ${split.exportName}`);
  return new LazyFrame(factory(...split.args), (split.ops ?? []) as Op[]);
}
