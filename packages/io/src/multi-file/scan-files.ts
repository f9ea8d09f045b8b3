import { LazyFrame } from '@df-stream/core';
import { expandPaths } from './expand-paths.js';
import { type FileOpener, type MultiFileOptions, MultiFileSource } from './multi-file-source.js';

/**
 * A lazy frame over several files read as one: a list of paths, globs (`logs/**\/*.csv`, `{a,b}`) and directories
 * (every file under it with one of `extensions`), each opened by `open` when first needed.
 */
export function scanFiles(input: string | readonly string[], extensions: readonly string[], open: FileOpener, options: MultiFileOptions = {}): LazyFrame {
  const files = expandPaths(input, extensions);
  const label = typeof input === 'string' ? input : input.join(', ');
  return LazyFrame.fromSource(new MultiFileSource(label, files, open, options));
}

/** `options` without the multi-file ones, for each file's reader (whose option checks know none of them). */
export function fileOptions<T extends object>(options: T & MultiFileOptions): T {
  const { hive: _hive, unionByName: _union, ...rest } = options;
  return rest as T;
}
