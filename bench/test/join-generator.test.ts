import fs from 'node:fs';
import path from 'node:path';
import { makeTestDir } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { generateJoinCsvs, joinFileName, joinRightPath } from '../src/generate/join-csv.js';

const { dir } = makeTestDir('df-stream-join-gen');

function read(file: string): { header: string[]; rows: string[][] } {
  const [head, ...lines] = fs.readFileSync(file, 'latin1').trimEnd().split('\n');
  return { header: head.split(','), rows: lines.map((l) => l.split(',')) };
}

describe("db-benchmark's J1 join tables", () => {
  const n = 20_000;
  generateJoinCsvs(dir, n, 108);
  const x = read(path.join(dir, joinFileName(n, 'x')));
  const medium = read(joinRightPath(path.join(dir, joinFileName(n, 'x')), 'medium'));
  const big = read(joinRightPath(path.join(dir, joinFileName(n, 'x')), 'big'));

  it('has db-benchmark’s columns and sizes: x and big N rows, medium N/1e3, small at least 10', () => {
    expect(joinFileName(1e7, 'x')).toBe('J1_1e7_NA_0_0.csv');
    expect(joinFileName(1e7, 'small')).toBe('J1_1e7_1e1_0_0.csv');
    expect(path.basename(joinRightPath('/d/J1_1e7_NA_0_0.csv', 'medium'))).toBe('J1_1e7_1e4_0_0.csv');
    expect(x.header).toEqual(['id1', 'id2', 'id3', 'id4', 'id5', 'id6', 'v1']);
    expect(big.header).toEqual(['id1', 'id2', 'id3', 'id4', 'id5', 'id6', 'v2']);
    expect(medium.header).toEqual(['id1', 'id2', 'id4', 'id5', 'v2']);
    expect([x.rows.length, medium.rows.length, big.rows.length]).toEqual([n, 20, n]);
    expect(read(path.join(dir, joinFileName(n, 'small'))).rows).toHaveLength(10);
    // The factor columns are the id columns' labels.
    for (const r of x.rows.slice(0, 100)) expect([r[3], r[4], r[5]]).toEqual([`id${r[0]}`, `id${r[1]}`, `id${r[2]}`]);
  });

  it('shares about 90% of the keys of each size class between x and the right table', () => {
    const share = (left: string[][], right: string[][], col: number) => {
      const r = new Set(right.map((row) => row[col]));
      const keys = new Set(left.map((row) => row[col]));
      return [...keys].filter((k) => r.has(k)).length / keys.size;
    };
    expect(share(x.rows, big.rows, 2)).toBeGreaterThan(0.85);
    expect(share(x.rows, big.rows, 2)).toBeLessThan(0.95);
    expect(share(x.rows, medium.rows, 1)).toBeGreaterThan(0.8);
  });

  it('is the same on every run (seeded)', () => {
    const again = makeTestDir('df-stream-join-gen-again').dir;
    generateJoinCsvs(again, 2_000, 108);
    generateJoinCsvs(dir, 2_000, 108);
    expect(fs.readFileSync(path.join(again, joinFileName(2_000, 'big')))).toEqual(fs.readFileSync(path.join(dir, joinFileName(2_000, 'big'))));
  });
});
