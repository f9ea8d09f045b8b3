import fs from 'node:fs';
import path from 'node:path';
import { formatSci } from '../cli/format-sci.js';
import type { GenerationStats } from './groupby-csv.js';
import { Prng } from './prng.js';

/** The tables of db-benchmark's join task: the left table x and three right tables. */
export type JoinTable = 'x' | 'small' | 'medium' | 'big';

/** Rows of a J1 table for a left table of `n` rows: small N/1e6 (at least 10), medium N/1e3, big N. */
export function joinTableRows(n: number, table: JoinTable): number {
  if (table === 'x' || table === 'big') return n;
  return table === 'medium' ? Math.max(10, Math.round(n / 1e3)) : Math.max(10, Math.round(n / 1e6));
}

/** db-benchmark's naming: J1_<N>_NA_0_0.csv for x, J1_<N>_<rows>_0_0.csv for a right table (J1_1e7_1e1_0_0.csv). */
export function joinFileName(n: number, table: JoinTable): string {
  return `J1_${formatSci(n)}_${table === 'x' ? 'NA' : formatSci(joinTableRows(n, table))}_0_0.csv`;
}

/** The right table's file beside the left table's (`J1_1e7_NA_0_0.csv`): what the engines are given. */
export function joinRightPath(xPath: string, table: Exclude<JoinTable, 'x'>): string {
  const m = /^J1_([0-9e]+)_NA_0_0\.csv$/.exec(path.basename(xPath));
  if (m === null) throw new Error(`${xPath} is not a J1 left table (J1_<N>_NA_0_0.csv)`);
  const [digit, exp] = m[1].split('e');
  const n = exp === undefined ? Number(m[1]) : Number(digit) * 10 ** Number(exp);
  return path.join(path.dirname(xPath), joinFileName(n, table));
}

/** A permutation of 1..n (R's sample.int(n)). */
function permutation(rng: Prng, n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i + 1;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.nextUint32() % (i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}

/**
 * join-datagen.R's split_xlr(n): a permutation of 1..1.1n cut into keys of both sides (`x`, 90% of n), keys only
 * the left has (`l`, 10%) and keys only the right has (`r`, 0.1n): about 90% of the keys match.
 */
function splitXlr(rng: Prng, n: number): { left: Int32Array; right: Int32Array } {
  const key = permutation(rng, Math.round(n * 1.1));
  const x = Math.round(n * 0.9);
  const left = new Int32Array(n);
  left.set(key.subarray(0, n));
  const right = new Int32Array(x + (key.length - n));
  right.set(key.subarray(0, x));
  right.set(key.subarray(n), x);
  return { left, right };
}

/** join-datagen.R's sample_all(x, size): every value of `pool` once, the rest drawn with replacement, shuffled. */
function sampleAll(rng: Prng, pool: Int32Array, size: number): Int32Array {
  const out = new Int32Array(size);
  const first = Math.min(pool.length, size);
  out.set(pool.subarray(0, first));
  for (let i = first; i < size; i++) out[i] = pool[rng.nextUint32() % pool.length];
  for (let i = size - 1; i > 0; i--) {
    const j = rng.nextUint32() % (i + 1);
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
}

/** A value column: uniform in [0, 100) rounded to 2 decimals (round(runif(n, max = 100), 2)). */
function values(rng: Prng, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round((rng.nextUint32() / 2 ** 32) * 10_000) / 100;
  return out;
}

/**
 * Writes db-benchmark's J1 join tables (h2oai/db-benchmark `join-datagen.R`, without NAs) for a left table of `n`
 * rows, seeded: x (id1, id2, id3 from the three key sets; id4..id6 their `id<N>` labels, factors in R; v1) and the
 * right tables small (id1, id4, v2), medium (id1, id2, id4, id5, v2) and big (id1..id6, v2), each sharing with x
 * the keys of its size class: small joins on id1 (N/1e6 keys), medium on id2 / id5 (N/1e3), big on id3 (N).
 */
export function generateJoinCsvs(dir: string, n: number, seed: number): GenerationStats[] {
  const rng = new Prng(seed);
  const sizes = { small: joinTableRows(n, 'small'), medium: joinTableRows(n, 'medium'), big: n };
  const key1 = splitXlr(rng, sizes.small);
  const key2 = splitXlr(rng, sizes.medium);
  const key3 = splitXlr(rng, sizes.big);
  const stats: GenerationStats[] = [];
  const write = (table: JoinTable, rows: number, columns: { name: string; ids?: Int32Array; label?: Int32Array; v?: Float64Array }[]) => {
    const started = performance.now();
    const file = path.join(dir, joinFileName(n, table));
    const tmp = `${file}.tmp-${process.pid}`;
    const fd = fs.openSync(tmp, 'w');
    try {
      let bytes = 0;
      const put = (s: string) => {
        bytes += fs.writeSync(fd, s, null, 'latin1');
      };
      put(`${columns.map((c) => c.name).join(',')}\n`);
      const block = 50_000;
      for (let start = 0; start < rows; start += block) {
        const lines: string[] = [];
        for (let i = start; i < Math.min(rows, start + block); i++) {
          lines.push(
            columns.map((c) => (c.ids !== undefined ? String(c.ids[i]) : c.label !== undefined ? `id${c.label[i]}` : String((c.v as Float64Array)[i]))).join(','),
          );
        }
        put(`${lines.join('\n')}\n`);
      }
      fs.closeSync(fd);
      fs.renameSync(tmp, file);
      stats.push({ path: file, rows, bytes, seconds: (performance.now() - started) / 1000 });
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw e;
    }
  };
  const xIds = [sampleAll(rng, key1.left, n), sampleAll(rng, key2.left, n), sampleAll(rng, key3.left, n)];
  write('x', n, [
    { name: 'id1', ids: xIds[0] },
    { name: 'id2', ids: xIds[1] },
    { name: 'id3', ids: xIds[2] },
    { name: 'id4', label: xIds[0] },
    { name: 'id5', label: xIds[1] },
    { name: 'id6', label: xIds[2] },
    { name: 'v1', v: values(rng, n) },
  ]);
  const s1 = sampleAll(rng, key1.right, sizes.small);
  write('small', sizes.small, [
    { name: 'id1', ids: s1 },
    { name: 'id4', label: s1 },
    { name: 'v2', v: values(rng, sizes.small) },
  ]);
  const m1 = sampleAll(rng, key1.right, sizes.medium);
  const m2 = sampleAll(rng, key2.right, sizes.medium);
  write('medium', sizes.medium, [
    { name: 'id1', ids: m1 },
    { name: 'id2', ids: m2 },
    { name: 'id4', label: m1 },
    { name: 'id5', label: m2 },
    { name: 'v2', v: values(rng, sizes.medium) },
  ]);
  const b = [sampleAll(rng, key1.right, n), sampleAll(rng, key2.right, n), sampleAll(rng, key3.right, n)];
  write('big', n, [
    { name: 'id1', ids: b[0] },
    { name: 'id2', ids: b[1] },
    { name: 'id3', ids: b[2] },
    { name: 'id4', label: b[0] },
    { name: 'id5', label: b[1] },
    { name: 'id6', label: b[2] },
    { name: 'v2', v: values(rng, n) },
  ]);
  return stats;
}
