import type { ErrorWire, SourceSplit } from '@df-stream/core';
import type { ShippedChunk, SplitScanOptions } from '@df-stream/core/internal';
import type { LanePart } from './lane-parts.js';

/** What a scan thread is started with: its lane's split, and the parts it reads (numbered as in the whole scan). */
export interface ScanThreadTask {
  readonly split: SourceSplit;
  readonly parts: readonly LanePart[];
  readonly options: SplitScanOptions;
}

/**
 * What a scan thread posts: each part's chunks then its end, then done, or an error. `bytesRead` is the lane's so
 * far.
 */
export type ScanThreadMessage =
  | { readonly type: 'chunk'; readonly part: number; readonly chunk: ShippedChunk; readonly bytesRead: number }
  | { readonly type: 'end'; readonly part: number; readonly bytesRead: number }
  | { readonly type: 'done' }
  | { readonly type: 'error'; readonly error: ErrorWire };
