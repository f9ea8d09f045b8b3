import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTestDir, SeededRandom } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const test = makeTestDir('df-stream-cli-join');

/** test-utils' seeded generator as a function: the same tables on every run. */
function rng(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

type Row = string[];
const HOWS = ['inner', 'left', 'right', 'full', 'semi', 'anti'] as const;

/** Left: k (int, duplicates, empty = null), c (letters), v; right: k, c (other letters first), w and a long text. */
function tables(): { left: Row[]; right: Row[] } {
  const r = rng(7);
  const key = (n: number) => (r() < 0.05 ? '' : String(Math.floor(r() * n)));
  const left = Array.from({ length: 6000 }, (_, i) => [key(3000), 'abcdefgh'[Math.floor(r() * 8)], String(i)]);
  const right = Array.from({ length: 4000 }, (_, i) => [key(3500), 'hgfedcba'[Math.floor(r() * 8)], String(i), `text-${i}-${'x'.repeat(i % 40)}`]);
  return { left, right };
}

/** Nested loop over the rows, output as CSV lines (key once: USING), sorted. */
function reference(left: Row[], right: Row[], how: (typeof HOWS)[number]): string[] {
  const out: string[] = [];
  const matchedRight = new Set<number>();
  for (const l of left) {
    let any = false;
    right.forEach((r, ri) => {
      if (l[0] === '' || l[0] !== r[0]) return;
      any = true;
      matchedRight.add(ri);
      if (how !== 'semi' && how !== 'anti') out.push([l[0], l[1], l[2], r[1], r[2], r[3]].join(','));
    });
    if ((how === 'semi' && any) || (how === 'anti' && !any)) out.push(l.join(','));
    if (!any && (how === 'left' || how === 'full')) out.push([...l, '', '', ''].join(','));
  }
  if (how === 'right' || how === 'full') right.forEach((r, ri) => !matchedRight.has(ri) && out.push([r[0], '', '', r[1], r[2], r[3]].join(',')));
  return out.sort();
}

function csv(header: string, rows: Row[]): string {
  return `${header}\n${rows.map((r) => r.join(',')).join('\n')}\n`;
}

function lines(stdout: string): string[] {
  return stdout.trimEnd().split('\n').slice(1).sort();
}

describe('df-stream join', () => {
  const { left, right } = tables();
  const dir = test.path('inputs');
  mkdirSync(join(dir, 'parts'), { recursive: true });
  writeFileSync(join(dir, 'left.csv'), csv('k,c,v', left));
  writeFileSync(join(dir, 'right.csv'), csv('k,c_r,w,t', right));
  writeFileSync(join(dir, 'parts', 'a.csv'), csv('k,c,v', left.slice(0, 2500)));
  writeFileSync(join(dir, 'parts', 'b.csv'), csv('k,c,v', left.slice(2500)));

  it('gives every join type as a nested loop does, in memory and spilled to temp files that are then removed', () => {
    for (const how of HOWS) {
      const expected = reference(left, right, how);
      const inMemory = runCli(['join', join(dir, 'left.csv'), join(dir, 'right.csv'), '--on', 'k', '--how', how]);
      expect(inMemory.stderr).toBe('');
      expect(inMemory.code).toBe(0);
      expect(inMemory.stdout.split('\n')[0]).toBe(how === 'semi' || how === 'anti' ? 'k,c,v' : 'k,c,v,c_r,w,t');
      expect(lines(inMemory.stdout), how).toEqual(expected);
      if (how === 'right' || how === 'semi' || how === 'left') continue;
      const tmp = test.path(`tmp-${how}`);
      mkdirSync(tmp);
      const spilled = runCli(['join', join(dir, 'left.csv'), join(dir, 'right.csv'), '--on', 'k', '--how', how, '--memory', '150KB', '--progress', 'json'], {
        env: { DF_STREAM_TMPDIR: tmp },
      });
      expect(spilled.code, spilled.stderr).toBe(0);
      expect(lines(spilled.stdout), `${how}, spilled`).toEqual(expected);
      // The last progress event says the join went through spill files.
      expect(JSON.parse(spilled.stderr.trimEnd().split('\n').at(-1) ?? '{}')).toMatchObject({ type: 'progress', spills: 1 });
      expect(readdirSync(tmp)).toEqual([]);
    }
  }, 60_000);

  it('reads globs, and takes --left-on/--right-on', () => {
    const whole = runCli(['join', join(dir, 'left.csv'), join(dir, 'right.csv'), '--on', 'k']);
    const parts = runCli(['join', join(dir, 'parts', '*.csv'), join(dir, 'right.csv'), '--on', 'k']);
    expect(parts.code, parts.stderr).toBe(0);
    expect(lines(parts.stdout)).toEqual(lines(whole.stdout));
    const on = runCli(['join', join(dir, 'left.csv'), join(dir, 'right.csv'), '--left-on', 'k,c', '--right-on', 'k,c_r', '--how', 'full', '--suffix', '_2']);
    expect(on.code, on.stderr).toBe(0);
    expect(on.stdout.split('\n')[0]).toBe('k,c,v,k_2,c_r,w,t');
  });

  it('removes its temp files and writes no output when an input fails after the join spilled', () => {
    const tmp = test.path('tmp-error');
    mkdirSync(tmp);
    // The left input (the smaller: the side built, and spilled past 10 KB) has a row with too many fields near its end.
    writeFileSync(join(dir, 'bad.csv'), `${csv('k,c,v', left).trimEnd()}\n1,a,2,3\n`);
    const out = join(dir, 'out.csv');
    const r = runCli(['join', join(dir, 'bad.csv'), join(dir, 'right.csv'), '--on', 'k', '--memory', '20KB', '-o', out], { env: { DF_STREAM_TMPDIR: tmp } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.csv/);
    expect(readdirSync(tmp)).toEqual([]);
    expect(readdirSync(dir)).not.toContain('out.csv');
  });

  it('says what is wrong with its arguments (exit 2)', () => {
    const l = join(dir, 'left.csv');
    const r = join(dir, 'right.csv');
    const noKeys = runCli(['join', l, r]);
    expect(noKeys.code).toBe(2);
    expect(noKeys.stderr).toMatch(/--on/);
    const mismatch = runCli(['join', l, r, '--left-on', 'c', '--right-on', 'w']);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toMatch(/join keys cannot match: left 'c' is categorical, right 'w' is int/);
    const how = runCli(['join', l, r, '--on', 'k', '--how', 'outer']);
    expect(how.code).toBe(2);
    expect(runCli(['join', '--help']).stdout).toMatch(/df-stream join LEFT RIGHT/);
  });
});
