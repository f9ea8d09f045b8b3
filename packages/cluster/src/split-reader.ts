import { createRequire } from 'node:module';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LazyFrame, type ScanSource, type SourceSplit } from '@df-stream/core';
import { ParquetSource, scanCsv } from '@df-stream/io';
import { WireSplit } from './task-payload.js';

type LazyOps = ConstructorParameters<typeof LazyFrame>[1];

/** The readers a split may name: io's module files (as `splits()` reports them) and their export. */
const ALLOWED: Record<WireSplit['exportName'], readonly string[]> = {
  scanCsv: ['index.js', 'index.ts'],
  parquetSplitSource: ['parquet/parquet-source.js', 'parquet/parquet-source.ts'],
};

/**
 * A local split (module = a file URL of this installation) as it can travel: the module becomes the
 * package name, the path absolute (workers run elsewhere), and the payload is checked like a worker will.
 * Throws for a split from any other module: only io's own readers are shipped.
 */
export function toWireSplit(split: SourceSplit, displayName: string): WireSplit {
  // A local CSV split may carry the coordinator's sniffed layout (scanCsvWithLayout); on the wire it
  // travels as plain scanCsv, so a worker re-reads the head and nothing but options is trusted.
  const exportName = (split.exportName === 'scanCsvWithLayout' ? 'scanCsv' : split.exportName) as WireSplit['exportName'];
  const allowed = ALLOWED[exportName];
  if (allowed === undefined || !isIoModule(split.module, allowed)) {
    throw new Error(`cannot run ${split.exportName} from ${split.module} on a cluster: only @df-stream/io readers are shipped to workers`);
  }
  const [path, options] = split.args as [unknown, Record<string, unknown>];
  if (typeof path !== 'string') throw new Error('cannot ship a split that does not read a file path');
  const wireOptions = exportName === 'scanCsv' ? { fileName: displayName, ...options } : options;
  return WireSplit.parse({ module: '@df-stream/io', exportName, args: [resolve(path), wireOptions], ops: split.ops ?? [] });
}

/** Rebuilds a split in a worker from a validated payload; `allowedRoots` (if any) bound what it may read. */
export function openWireSplit(wire: WireSplit, allowedRoots: readonly string[] = []): LazyFrame {
  const path = wire.args[0];
  checkAllowed(path, allowedRoots);
  let source: ScanSource;
  if (wire.exportName === 'scanCsv') source = scanCsv(path, wire.args[1]);
  else source = new ParquetSource(path, wire.args[1]);
  // The ops were validated against the same shapes core's Op type has.
  return new LazyFrame(source, wire.ops as LazyOps);
}

/** With roots configured, a worker reads and writes only below them. */
export function checkAllowed(path: string, allowedRoots: readonly string[]): void {
  if (!isAbsolute(path)) throw new Error(`path is not absolute: ${path}`);
  if (allowedRoots.length === 0) return;
  const target = resolve(path);
  for (const root of allowedRoots) {
    const rel = relative(resolve(root), target);
    if (rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))) return;
  }
  throw new Error(`${path} is outside the directories this worker may use (--allow-dir)`);
}

let ioRoot: string | undefined;

/** The io package's directory: its built `dist/` and, under tests, its `src/`. */
function isIoModule(moduleUrl: string, allowedFiles: readonly string[]): boolean {
  if (!moduleUrl.startsWith('file:')) return false;
  ioRoot ??= dirname(dirname(createRequire(import.meta.url).resolve('@df-stream/io')));
  const rel = relative(ioRoot, fileURLToPath(moduleUrl)).split(sep).join('/');
  return allowedFiles.some((f) => rel === `dist/${f}` || rel === `src/${f}`);
}
