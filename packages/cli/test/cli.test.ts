import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTestDir } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { weatherCsv } from '../../../examples/make-weather-csv.js';
import { BIN, interrupt, runCli } from './run-cli.js';

const { dir } = makeTestDir('df-stream-cli');

const csvText = weatherCsv(3000, 3);
const weather = join(dir, 'weather.csv');
writeFileSync(weather, csvText);

/** count/min/mean/max of temp by city, computed plainly from the text. */
function reference(): Map<string, { n: number; min: number; max: number; sum: number }> {
  const out = new Map<string, { n: number; min: number; max: number; sum: number }>();
  for (const line of csvText.trim().split('\n').slice(1)) {
    const i = line.lastIndexOf(',');
    const city = line.slice(0, i);
    const t = Number(line.slice(i + 1));
    const s = out.get(city) ?? { n: 0, min: Infinity, max: -Infinity, sum: 0 };
    s.n++;
    s.min = Math.min(s.min, t);
    s.max = Math.max(s.max, t);
    s.sum += t;
    out.set(city, s);
  }
  return out;
}

function parseCsv(text: string): string[][] {
  return text
    .trim()
    .split('\n')
    .map((l) => l.split(','));
}

describe('df-stream agg', () => {
  it('aggregates by city and matches a plain computation (CSV when piped)', () => {
    const r = runCli(['agg', weather, '--by', 'city', '--agg', 'temp:count_non_null,min,mean,max']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [header, ...rows] = parseCsv(r.stdout);
    expect(header).toEqual(['city', 'temp_count_non_null', 'temp_min', 'temp_mean', 'temp_max']);
    const ref = reference();
    expect(rows.length).toBe(ref.size);
    for (const [city, n, min, mean, max] of rows) {
      const s = ref.get(city);
      expect(s, city).toBeDefined();
      expect(Number(n)).toBe(s?.n);
      expect(Number(min)).toBe(s?.min);
      expect(Number(max)).toBe(s?.max);
      expect(Number(mean)).toBeCloseTo((s?.sum ?? 0) / (s?.n ?? 1), 9);
    }
  });

  it('defaults to count and min/mean/max of numeric columns, sorts and limits', () => {
    const r = runCli(['agg', weather, '--by', 'city', '--sort', 'count:desc', '--limit', '3', '--format', 'csv']);
    expect(r.code).toBe(0);
    const [header, ...rows] = parseCsv(r.stdout);
    expect(header).toEqual(['city', 'count', 'temp_min', 'temp_mean', 'temp_max']);
    expect(rows.length).toBe(3);
    const counts = [...reference().values()].map((s) => s.n).sort((a, b) => b - a);
    expect(rows.map((row) => Number(row[1]))).toEqual(counts.slice(0, 3));
  });

  it('applies filters before grouping', () => {
    const r = runCli(['agg', weather, '--by', 'city', '--agg', 'count', '--filter', 'temp > 20', '--filter', 'city in Oslo,Zürich']);
    expect(r.code).toBe(0);
    const rows = parseCsv(r.stdout).slice(1);
    const want = new Map<string, number>();
    for (const line of csvText.trim().split('\n').slice(1)) {
      const [city, t] = [line.slice(0, line.lastIndexOf(',')), Number(line.slice(line.lastIndexOf(',') + 1))];
      if (t > 20 && (city === 'Oslo' || city === 'Zürich')) want.set(city, (want.get(city) ?? 0) + 1);
    }
    expect(new Map(rows.map(([c, n]) => [c, Number(n)]))).toEqual(want);
  });

  it('writes ndjson with exact big integers, NaN and infinities as strings, nulls as null', () => {
    const file = join(dir, 'edge.csv');
    writeFileSync(file, 'k,v,f\na,9007199254740993,NaN\na,1,inf\nb,,-inf\n');
    const r = runCli(['agg', file, '--by', 'k', '--agg', 'v:sum', '--agg', 'f:max,min', '--format', 'ndjson']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      '{"k":"a","v_sum":9007199254740994,"f_max":"NaN","f_min":"Infinity"}',
      '{"k":"b","v_sum":null,"f_max":"-Infinity","f_min":"-Infinity"}',
    ]);
  });

  it('writes Parquet by extension and reads it back with head', () => {
    const out = join(dir, 'by-city.parquet');
    expect(runCli(['agg', weather, '--by', 'city', '-o', out]).code).toBe(0);
    const r = runCli(['head', out, '-n', '100', '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(parseCsv(r.stdout).length - 1).toBe(reference().size);
  });

  it('--progress=json prints progress events as NDJSON on stderr, nothing when piped by default', () => {
    const r = runCli(['agg', weather, '--by', 'city', '--agg', 'count', '--progress=json']);
    expect(r.code).toBe(0);
    const events = r.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; rows: number; bytesRead: number; totalBytes: number });
    const last = events[events.length - 1];
    expect(last.type).toBe('progress');
    expect(last.rows).toBe(3000);
    expect(last.bytesRead).toBe(last.totalBytes);
    expect(runCli(['agg', weather, '--by', 'city']).stderr).toBe('');
  });

  it('the last progress event reports the memory budget, the floor, peak RSS and bytes spilled', () => {
    const r = runCli(['agg', weather, '--by', 'city', '--agg', 'count', '--progress=json', '--memory', '64MB']);
    expect(r.code).toBe(0);
    const last = JSON.parse(r.stderr.trim().split('\n').at(-1) ?? '{}') as Record<string, number>;
    expect(last.budget).toBe(64e6);
    expect(last.floor).toBeGreaterThan(2 ** 20);
    expect(last.peakRss).toBeGreaterThanOrEqual(last.floor);
    expect(last.spilledBytes).toBe(0);
  });

  it("a join's last progress event reports the same, and the bytes its grace join spilled", () => {
    const left = join(dir, 'join-left.csv');
    const right = join(dir, 'join-right.csv');
    writeFileSync(left, `k,v\n${Array.from({ length: 40_000 }, (_, i) => `${(i * 7919) % 20_000},${i}`).join('\n')}\n`);
    writeFileSync(right, `k,w\n${Array.from({ length: 20_000 }, (_, i) => `${i},${i % 7}`).join('\n')}\n`);
    const last = (memory: string): Record<string, number> => {
      const r = runCli(['join', left, right, '--on', 'k', '--progress=json', '--memory', memory, '-o', '/dev/null', '--format', 'csv']);
      expect(r.code).toBe(0);
      return JSON.parse(r.stderr.trim().split('\n').at(-1) ?? '{}') as Record<string, number>;
    };
    const roomy = last('64MB');
    expect(roomy).toMatchObject({ rows: 60_000, budget: 64e6, spilledBytes: 0 });
    expect(roomy.floor).toBeGreaterThan(2 ** 20);
    expect(roomy.peakRss).toBeGreaterThanOrEqual(roomy.floor);
    const tight = last('64KB');
    expect(tight).toMatchObject({ rows: 60_000, budget: 64e3, spills: 1 });
    expect(tight.spilledBytes).toBeGreaterThan(0);
  });

  it('on a terminal, the progress bar leaves a summary with peak RSS against the budget and the floor', () => {
    const command = `${process.execPath} ${BIN} agg ${weather} --by city --agg count --progress bar --memory 64MB -o /dev/null`;
    const script = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8' });
    if (script.error !== undefined) return void console.log('skipped: `script` (util-linux) is not available');
    expect(script.stdout).toMatch(/done in \d+\.\d s: 3\.0k rows, \d+ groups; peak RSS [\d.]+ MB \(floor [\d.]+ MB \+ budget 64\.0 MB\)/);
  });

  it('prints an aligned table on a terminal', () => {
    const script = spawnSync('script', ['-qec', `${process.execPath} ${BIN} agg ${weather} --by city --agg temp:max --quiet`, '/dev/null'], { encoding: 'utf8' });
    if (script.error !== undefined) return void console.log('skipped: `script` (util-linux) is not available');
    expect(script.stdout).toMatch(/city\s+temp_max/);
    expect(script.stdout).toMatch(/-{4,}\s+-{4,}/);
  });
});

describe('errors', () => {
  it('an unknown column is a usage error that lists the columns and suggests the closest', () => {
    const r = runCli(['agg', weather, '--by', 'cty']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/column 'cty' not found \(did you mean 'city'\?\); available: city, temp/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('bad flags are usage errors (exit 2)', () => {
    expect(runCli(['agg', weather]).code).toBe(2);
    expect(runCli(['agg', weather, '--by', 'city', '--memory', 'lots']).code).toBe(2);
    expect(runCli(['agg', weather, '--by', 'city', '--agg', 'temp:avgg']).stderr).toMatch(/unknown aggregate 'avgg'/);
    expect(runCli(['frobnicate']).code).toBe(2);
  });

  it('malformed --filter, --sort and quantile arguments are one-line usage errors', () => {
    const filter = runCli(['agg', weather, '--by', 'city', '--filter', 'temp ~ 3']);
    expect(filter.code).toBe(2);
    expect(filter.stderr).toMatch(/--filter: not supported: the operator '~'\n {2}temp ~ 3\n {7}\^/);
    const syntax = runCli(['agg', weather, '--by', 'city', '--filter', 'temp > > 3']);
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toMatch(/--filter: .*\n {2}temp > > 3\n {9}\^/);
    const notNumber = runCli(['agg', weather, '--by', 'city', '--filter', 'temp > warm']);
    expect(notNumber.code).toBe(2);
    expect(notNumber.stderr).toMatch(/'warm' is not a number, but temp is float64/);
    const sort = runCli(['agg', weather, '--by', 'city', '--sort', 'city:sideways']);
    expect(sort.code).toBe(2);
    expect(sort.stderr).toMatch(/direction must be asc or desc/);
    const q = runCli(['agg', weather, '--by', 'city', '--agg', 'temp:quantile(1.5)']);
    expect(q.code).toBe(2);
    expect(q.stderr).toMatch(/quantile takes a number in \[0, 1\]/);
  });

  it('bad data is exit 1 with file and line, no stack trace, and no partial output', () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'city,temp\nOslo,1\n"Rome,2\nParis,3\n');
    const out = join(dir, 'never.csv');
    const r = runCli(['agg', bad, '--by', 'city', '-o', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.csv:3/);
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes('never'))).toEqual([]);
  });

  it('a missing file is one line, exit 1', () => {
    const r = runCli(['agg', join(dir, 'nope.csv'), '--by', 'city']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nope\.csv/);
  });

  it('Ctrl-C exits 130 and leaves no temp files', async () => {
    // Its own temp directory: other jobs (tests running beside this one) spill to the system's.
    const tmp = join(dir, 'ctrl-c-tmp');
    mkdirSync(tmp);
    const r = await interrupt(['agg', '-', '--by', 'city', '--memory', '1B'], 1500, { DF_STREAM_TMPDIR: tmp });
    expect(r.code).toBe(130);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('a closed pipe ends quietly', () => {
    const big = join(dir, 'big.csv');
    writeFileSync(big, weatherCsv(200_000, 9));
    const r = spawnSync('sh', ['-c', `${process.execPath} ${BIN} head ${big} -n 200000 --format csv | head -n 1`], { encoding: 'utf8' });
    expect(r.stdout).toBe('city,temp\n');
    expect(r.stderr).toBe('');
  });
});

describe('other commands', () => {
  it('head, schema and info describe the file', () => {
    const head = runCli(['head', weather, '-n', '3', '--format', 'csv']);
    expect(head.stdout).toBe(`${csvText.split('\n').slice(0, 4).join('\n')}\n`);
    const schema = runCli(['schema', weather]);
    expect(schema.code).toBe(0);
    expect(schema.stdout).toMatch(/city\s+categorical/);
    expect(schema.stdout).toMatch(/temp\s+float64/);
    const info = runCli(['info', weather]);
    expect(info.stdout).toMatch(/3000 rows, 2 columns/);
    expect(info.stdout).toMatch(/as plain JS arrays/);
  });

  it('convert streams CSV -> Parquet -> Feather -> CSV and keeps the values', () => {
    const pq = join(dir, 'w.parquet');
    const fe = join(dir, 'w.feather');
    const back = join(dir, 'w.csv');
    expect(runCli(['convert', weather, pq]).code).toBe(0);
    expect(runCli(['convert', pq, fe]).code).toBe(0);
    expect(runCli(['convert', fe, back]).code).toBe(0);
    const a = runCli(['agg', weather, '--by', 'city', '--agg', 'temp:sum,count_non_null', '--sort', 'city']).stdout;
    const b = runCli(['agg', back, '--by', 'city', '--agg', 'temp:sum,count_non_null', '--sort', 'city']).stdout;
    expect(b).toBe(a);
  });

  it('stdout redirected to a file gets the bytes -o writes, in order, after what the file held (written off the main thread)', () => {
    // 300,000 rows: several 1 MiB write blocks, so encoding overlaps the writes.
    const big = join(dir, 'big-weather.csv');
    writeFileSync(big, weatherCsv(300_000, 11));
    const viaFile = join(dir, 'sorted-o.csv');
    expect(runCli(['sort', big, '--by', 'temp', '-o', viaFile]).code).toBe(0);
    const expected = readFileSync(viaFile);
    expect(expected.length).toBeGreaterThan(3 * 2 ** 20);
    // `>>` (appending, after what the file held) and `>` (a fresh file at offset 0), as a shell opens them.
    for (const flags of ['a', 'w'] as const) {
      const redirected = join(dir, `sorted-stdout-${flags}.csv`);
      writeFileSync(redirected, 'kept\n');
      const fd = openSync(redirected, flags);
      try {
        const r = spawnSync(process.execPath, [BIN, 'sort', big, '--by', 'temp', '--format', 'csv'], { stdio: ['ignore', fd, 'pipe'], timeout: 60_000 });
        expect(r.stderr.toString()).toBe('');
        expect(r.status).toBe(0);
      } finally {
        closeSync(fd);
      }
      const want = flags === 'a' ? Buffer.concat([Buffer.from('kept\n'), expected]) : expected;
      expect(Buffer.compare(readFileSync(redirected), want), flags).toBe(0);
    }
  });

  it('--help and --version', () => {
    expect(runCli(['--help']).stdout).toMatch(/Commands:/);
    expect(runCli(['agg', '--help']).stdout).toMatch(/--by KEY/);
    expect(runCli(['--version']).stdout).toMatch(/^df-stream \d+\.\d+\.\d+/);
  });
});
