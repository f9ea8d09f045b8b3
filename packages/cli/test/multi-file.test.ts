import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTestDir, SeededRandom } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const { dir } = makeTestDir('df-stream-cli-multi');

interface Row {
  readonly year: number;
  readonly region: string;
  readonly city: string;
  readonly v: number;
}

/** `root/year=Y/region=R/part.csv` with seeded rows; returns every row with its partition values. */
function writeTree(root: string, seed: number): Row[] {
  const rnd = new SeededRandom(seed);
  const rows: Row[] = [];
  for (const year of [2022, 2023, 2024]) {
    for (const region of ['eu', 'us']) {
      const d = join(root, `year=${year}`, `region=${region}`);
      mkdirSync(d, { recursive: true });
      const lines = ['city,v'];
      const n = 50 + rnd.int(100);
      for (let i = 0; i < n; i++) {
        const row = { year, region, city: `c${rnd.int(9)}`, v: rnd.int(1000) };
        rows.push(row);
        lines.push(`${row.city},${row.v}`);
      }
      writeFileSync(join(d, 'part.csv'), `${lines.join('\n')}\n`);
    }
  }
  return rows;
}

/** sum(v) and count by year and city, as sorted CSV lines. */
function referenceAgg(rows: readonly Row[]): string[] {
  const m = new Map<string, { s: number; n: number }>();
  for (const r of rows) {
    const k = `${r.year},${r.city}`;
    const e = m.get(k) ?? { s: 0, n: 0 };
    e.s += r.v;
    e.n++;
    m.set(k, e);
  }
  return [...m].map(([k, e]) => `${k},${e.s},${e.n}`).sort();
}

function csvLines(stdout: string): string[] {
  return stdout.trim().split('\n').slice(1).sort();
}

const root = join(dir, 'tree');
const rows = writeTree(root, 42);

describe('commands over several files', () => {
  it('agg over a ** glob with partition columns, on 1 and 2 threads, with a filter on a partition', () => {
    const args = ['agg', join(root, '**/*.csv'), '--by', 'year,city', '--agg', 'v_sum = sum(v)', '--agg', 'n = count(*)', '--format', 'csv'];
    const one = runCli([...args, '--threads', '1']);
    expect(one.stderr).toBe('');
    expect(csvLines(one.stdout)).toEqual(referenceAgg(rows));
    const two = runCli([...args, '--threads', '2']);
    expect(csvLines(two.stdout)).toEqual(csvLines(one.stdout));
    const filtered = runCli([...args, '--filter', "year >= 2023 and region = 'eu'"]);
    expect(csvLines(filtered.stdout)).toEqual(referenceAgg(rows.filter((r) => r.year >= 2023 && r.region === 'eu')));
  });

  it('count takes files, globs and directories', () => {
    expect(runCli(['count', root]).stdout).toBe(`${rows.length}\n`);
    expect(runCli(['count', join(root, 'year=2024/*/*.csv'), join(root, 'year=2022/region=eu/part.csv')]).stdout).toBe(
      `${rows.filter((r) => r.year === 2024 || (r.year === 2022 && r.region === 'eu')).length}\n`,
    );
  });

  it('convert --partition-by writes hive directories that count and aggregate as the input', () => {
    const out = join(dir, 'by-region');
    const r = runCli(['convert', root, out, '--partition-by', 'region', '--to', 'parquet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['region=eu', 'region=us']);
    expect(runCli(['count', out]).stdout).toBe(`${rows.length}\n`);
    const agg = runCli(['agg', out, '--by', 'year,city', '--agg', 'v_sum = sum(v)', '--agg', 'n = count(*)', '--format', 'csv']);
    expect(csvLines(agg.stdout)).toEqual(referenceAgg(rows));
  });

  it('agg -o DIR --partition-by writes the result partitioned', () => {
    const out = join(dir, 'agg-out');
    const r = runCli(['agg', root, '--by', 'year,city', '--agg', 'v_sum = sum(v)', '-o', out, '--partition-by', 'year', '--format', 'csv']);
    expect(r.stderr).toBe('');
    expect(readdirSync(out).sort()).toEqual(['year=2022', 'year=2023', 'year=2024']);
    expect(readdirSync(join(out, 'year=2023'))).toEqual(['part-0.csv']);
  });
});

describe('df-stream schema over files with different columns', () => {
  const mixed = join(dir, 'mixed');
  mkdirSync(mixed, { recursive: true });
  writeFileSync(join(mixed, 'a.csv'), 'id,x\n1,2\n2,3\n');
  writeFileSync(join(mixed, 'b.csv'), 'id,x,note\n3,2.5,hi\n');

  it('is an error naming the file and the column, with the flag to pass', () => {
    const r = runCli(['schema', join(mixed, '*.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('b.csv has note not in');
    expect(r.stderr).toContain('--union-by-name');
  });

  it('with --union-by-name shows the union and what was decided', () => {
    const r = runCli(['schema', join(mixed, '*.csv'), '--union-by-name']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/x\s+float64/);
    expect(r.stdout).toContain('note: missing in 1 of 2 inputs (null there)');
    expect(r.stdout).toMatch(/x: int8 in .*a\.csv, float64 in .*b\.csv: read as float64/);
  });

  it('shows hive partition columns', () => {
    const r = runCli(['schema', root]);
    expect(r.stdout).toMatch(/year\s+int16/);
    expect(r.stdout).toContain('region: hive partition (categorical) from the paths');
  });
});
