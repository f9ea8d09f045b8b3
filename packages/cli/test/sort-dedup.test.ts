import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'df-stream-sort-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh empty DF_STREAM_TMPDIR: spill files go there and must be gone when the command ends. */
function spillDir(): string {
  return mkdtempSync(join(dir, 'spill-'));
}

/** Seeded rows: duplicate ids, names with multi-byte characters and empties (null), floats written as read back. */
function makeRows(n: number): string[][] {
  let a = 7;
  const r = () => {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    return a / 2 ** 32;
  };
  const names = ['pear', 'Äpfel', '日本', 'b', 'ｱ', '😀', 'apple', ''];
  return Array.from({ length: n }, (_, i) => [String(Math.floor(r() * 50)), names[Math.floor(r() * names.length)], String(Math.floor(r() * 400) / 4), String(i)]);
}

const rows = makeRows(3000);
const csv = join(dir, 'data.csv');
writeFileSync(csv, `id,name,v,row\n${rows.map((x) => x.join(',')).join('\n')}\n`);

const bytes = (s: string) => Buffer.from(s, 'utf8');
/** name ascending in UTF-8 bytes with empties (nulls) last, then v descending: the order `--by name,v:desc` promises. */
function referenceSorted(nullsFirst: boolean): string[] {
  return [...rows]
    .sort((x, y) => {
      if (x[1] === '' || y[1] === '') {
        if (x[1] !== y[1]) return (x[1] === '' ? 1 : -1) * (nullsFirst ? -1 : 1);
      } else {
        const c = Buffer.compare(bytes(x[1]), bytes(y[1]));
        if (c !== 0) return c;
      }
      return Number(y[2]) - Number(x[2]);
    })
    .map((x) => x.join(','));
}

const body = (stdout: string) => stdout.trimEnd().split('\n').slice(1);

describe('df-stream sort', () => {
  it('sorts by several keys in memory and through spill files (removed afterwards), as CSV on stdout', () => {
    const expected = referenceSorted(false);
    const inMemory = runCli(['sort', csv, '--by', 'name,v:desc']);
    expect(inMemory.stderr).toBe('');
    expect(inMemory.code).toBe(0);
    expect(inMemory.stdout.split('\n')[0]).toBe('id,name,v,row');
    expect(body(inMemory.stdout)).toEqual(expected);
    const tmp = spillDir();
    const external = runCli(['sort', csv, '--by', 'name', '--by', 'v:desc', '--memory', '4KB', '--chunk-size', '100'], { env: { DF_STREAM_TMPDIR: tmp } });
    expect(external.code).toBe(0);
    expect(body(external.stdout)).toEqual(expected);
    expect(readdirSync(tmp)).toEqual([]);
    const nullsFirst = runCli(['sort', csv, '--by', 'name,v:desc', '--nulls-first', '--limit', '25']);
    expect(body(nullsFirst.stdout)).toEqual(referenceSorted(true).slice(0, 25));
  });

  it('names the closest column for a wrong one, and removes its spill files when the input turns out bad', () => {
    const wrong = runCli(['sort', csv, '--by', 'nmae,v:desc']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/column 'nmae' not found \(did you mean 'name'\?\)/);
    const direction = runCli(['sort', csv, '--by', 'v:down']);
    expect(direction.code).toBe(2);
    expect(direction.stderr).toMatch(/direction must be asc or desc/);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `id,name,v,row\n${rows.map((x) => x.join(',')).join('\n')}\n1,2\n`);
    const tmp = spillDir();
    const failed = runCli(['sort', bad, '--by', 'v', '--memory', '4KB', '--chunk-size', '100'], { env: { DF_STREAM_TMPDIR: tmp } });
    expect(failed.code).toBe(1);
    expect(failed.stderr.trim().split('\n')).toHaveLength(2);
    expect(readdirSync(tmp)).toEqual([]);
  });
});

describe('df-stream dedup', () => {
  /** Rows of the first, last or only occurrence of each id, in input order. */
  function referenceDedup(keep: 'first' | 'last' | 'none'): string[] {
    const count = new Map<string, number>();
    const last = new Map<string, number>();
    rows.forEach((x, i) => {
      count.set(x[0], (count.get(x[0]) ?? 0) + 1);
      last.set(x[0], i);
    });
    const seen = new Set<string>();
    return rows
      .filter((x, i) => {
        if (keep === 'last') return last.get(x[0]) === i;
        if (keep === 'none') return count.get(x[0]) === 1;
        if (seen.has(x[0])) return false;
        seen.add(x[0]);
        return true;
      })
      .map((x) => x.join(','));
  }
  const byRow = (lines: string[]) => [...lines].sort((a, b) => Number(a.split(',')[3]) - Number(b.split(',')[3]));

  it('keeps the first, last or only row of each key, in memory and spilled', () => {
    expect(body(runCli(['dedup', csv, '--on', 'id']).stdout)).toEqual(referenceDedup('first'));
    expect(body(runCli(['dedup', csv, '--on', 'id', '--keep', 'last']).stdout)).toEqual(referenceDedup('last'));
    expect(body(runCli(['dedup', csv, '--on', 'id', '--keep', 'none']).stdout)).toEqual(referenceDedup('none'));
    expect(body(runCli(['dedup', csv]).stdout)).toHaveLength(rows.length);
    const names = body(runCli(['dedup', csv, '--on', 'name', '--keep', 'any']).stdout);
    expect(names.map((l) => l.split(',')[1])).toEqual([...new Set(rows.map((x) => x[1]))]);
    for (const keep of ['first', 'last'] as const) {
      const tmp = spillDir();
      const spilled = runCli(['dedup', csv, '--on', 'id,name', '--keep', keep, '--memory', '6KB', '--chunk-size', '100'], { env: { DF_STREAM_TMPDIR: tmp } });
      expect(spilled.code).toBe(0);
      const once = body(runCli(['dedup', csv, '--on', 'id,name', '--keep', keep]).stdout);
      expect(keep === 'first' ? body(spilled.stdout) : byRow(body(spilled.stdout))).toEqual(once);
      expect(readdirSync(tmp)).toEqual([]);
    }
  });

  it('rejects a wrong column and a wrong keep as usage errors', () => {
    const wrong = runCli(['dedup', csv, '--on', 'idd']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/column 'idd' not found \(did you mean 'id'\?\)/);
    const keep = runCli(['dedup', csv, '--keep', 'all']);
    expect(keep.code).toBe(2);
    expect(keep.stderr).toMatch(/--keep takes first, last, any or none/);
  });
});
