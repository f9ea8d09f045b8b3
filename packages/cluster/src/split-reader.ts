import { isAbsolute, relative, resolve, sep } from 'node:path';
import { DfError, type SourceSplit } from '@df-stream/core';
import { SHIPPED_FORMATS, WireSplit } from './task-payload.js';

/**
 * A local split as it can travel: the path absolute (workers run elsewhere) and the payload checked as a worker
 * will check it. A CSV split may carry the coordinator's sniffed layout; on the wire it goes without it, so a
 * worker reads the head again and trusts nothing but the options. Throws for a reader the cluster does not ship.
 */
export function toWireSplit(split: SourceSplit, displayName: string): WireSplit {
  const format = SHIPPED_FORMATS.find((f) => f.name === split.reader);
  if (format?.split === undefined) {
    const shipped = SHIPPED_FORMATS.map((f) => f.label);
    const labels = shipped.length <= 1 ? shipped.join('') : `${shipped.slice(0, -1).join(', ')} and ${shipped[shipped.length - 1]}`;
    throw new DfError('usage', `cannot run a '${split.reader}' split on a cluster: only ${labels} files are shipped to workers`);
  }
  const [path, options] = split.args as [unknown, Record<string, unknown>];
  if (typeof path !== 'string') throw new DfError('usage', 'cannot ship a split that does not read a file path', { hint: 'a cluster job reads files, not streams' });
  const wireOptions = format.split.wireOptions?.(options, displayName) ?? options;
  return WireSplit.parse({ reader: split.reader, args: [resolve(path), wireOptions], ops: split.ops ?? [] });
}

/** The split a validated payload describes, for the split task every local thread runs too. */
export function fromWireSplit(wire: WireSplit): SourceSplit {
  return { reader: wire.reader, args: wire.args, ops: wire.ops };
}

/** With roots configured, a worker reads and writes only below them. */
export function checkAllowed(path: string, allowedRoots: readonly string[]): void {
  if (!isAbsolute(path)) throw new DfError('usage', `path is not absolute: ${path}`);
  if (allowedRoots.length === 0) return;
  const target = resolve(path);
  for (const root of allowedRoots) {
    const rel = relative(resolve(root), target);
    if (rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))) return;
  }
  throw new DfError('usage', `${path} is outside the directories this worker may use (--allow-dir)`);
}
