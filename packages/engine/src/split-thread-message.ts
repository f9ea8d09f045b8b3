import type { ErrorWire } from '@df-stream/core';
import type { CompactPartial } from '@df-stream/core/internal';

/** What a split thread posts to the thread that started it. */
export type SplitThreadMessage =
  | { readonly type: 'partial'; readonly partial: CompactPartial; readonly partition?: number }
  | { readonly type: 'progress'; readonly rows: number; readonly bytesRead: number }
  | { readonly type: 'done'; readonly rows: number }
  | { readonly type: 'error'; readonly error: ErrorWire };

/** What the starting thread posts back: a partial was taken, the split thread may read on. */
export interface SplitThreadAck {
  readonly type: 'ack';
}
