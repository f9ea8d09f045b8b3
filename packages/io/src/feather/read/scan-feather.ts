import { type DataFrame, LazyFrame } from '@df-stream/core';
import type { FeatherReadOptions } from '../feather-options.js';
import { FeatherSource } from './feather-source.js';

/** A lazy frame over a Feather v2 / Arrow IPC file or stream, read batch by batch when pulled. */
export function scanFeather(path: string, options: FeatherReadOptions = {}): LazyFrame {
  return LazyFrame.fromSource(new FeatherSource(path, options));
}

/** A whole Feather v2 / Arrow IPC file (or its selected columns) in memory. */
export function readFeather(path: string, options: FeatherReadOptions = {}): Promise<DataFrame> {
  return scanFeather(path, options).collect();
}
