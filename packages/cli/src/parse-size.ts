import { UsageError } from './usage-error.js';

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  k: 1e3,
  mb: 1e6,
  m: 1e6,
  gb: 1e9,
  g: 1e9,
  tb: 1e12,
  t: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/** `512MB`, `1.5GB`, `2GiB` -> bytes (decimal units as DuckDB reads them, binary with `iB`). */
export function parseSize(text: string, flag = '--memory'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = (m?.[2] ?? '').toLowerCase() || 'b';
  if (m === null || UNITS[unit] === undefined) {
    throw new UsageError(`${flag}: cannot read '${text}' as a size`, 'write it like 512MB, 2GB or 1GiB');
  }
  return Math.floor(Number(m[1]) * UNITS[unit]);
}
