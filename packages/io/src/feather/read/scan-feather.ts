import { type DataFrame, LazyFrame } from '@df-stream/core';
import { isMultiFileInput } from '../../multi-file/expand-paths.js';
import type { MultiFileOptions } from '../../multi-file/multi-file-source.js';
import { fileOptions, scanFiles } from '../../multi-file/scan-files.js';
import type { FeatherReadOptions } from '../feather-options.js';
import { FeatherSource } from './feather-source.js';

/** What a directory of Feather files is read for (the registry entry's extensions). */
const FEATHER_EXTENSIONS = ['.feather', '.arrow', '.ipc'];

/**
 * A lazy frame over a Feather v2 / Arrow IPC file or stream, read batch by batch when pulled. Several files (a list,
 * a glob, a directory) are read as one, with `key=value` directories as columns; each file is one split.
 */
export function scanFeather(input: string | readonly string[], options: FeatherReadOptions & MultiFileOptions = {}): LazyFrame {
  const own = fileOptions(options);
  if (isMultiFileInput(input) || options.hive === true) {
    return scanFiles(input, FEATHER_EXTENSIONS, async (path) => ({ source: new FeatherSource(path, own), split: { reader: 'feather', args: [path, own] } }), options);
  }
  return LazyFrame.fromSource(new FeatherSource(input as string, own));
}

/** A whole Feather v2 / Arrow IPC file (or its selected columns) in memory. */
export function readFeather(path: string | readonly string[], options: FeatherReadOptions & MultiFileOptions = {}): Promise<DataFrame> {
  return scanFeather(path, options).collect();
}
