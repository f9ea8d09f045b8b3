import type { ErrorWire } from '@df-stream/core';
import type { CompactPartial } from '@df-stream/core/internal';

/** What a split thread posts to the thread that started it. */
export type SplitThreadMessage =
  | { readonly type: 'partial'; readonly partial: CompactPartial }
  | { readonly type: 'progress'; readonly rows: number; readonly bytesRead: number }
  | { readonly type: 'done'; readonly rows: number }
  | { readonly type: 'error'; readonly error: ErrorWire };
