import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makeTestDir } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { BIN, runCli, runCliAsync } from './run-cli.js';

const test = makeTestDir('df-stream-cli-signals');

/**
 * About 10 MB of CSV with 150k groups: more than the 8 MiB head a CSV reader samples before its first row (a stream
 * must give that much, or end, before anything is written), past the CSV writer's first 1 MB write, and a 1 MB
 * memory budget spills.
 */
const ROWS = `k,v\n${Array.from({ length: 750_000 }, (_, i) => `key-${(i * 7919) % 150_000},${i % 13}`).join('\n')}\n`;

/** An empty output directory and an empty temp directory (DF_STREAM_TMPDIR) for one case. */
function dirs(name: string): { dir: string; tmp: string } {
  const dir = test.path(name);
  const tmp = test.path(`${name}-tmp`);
  mkdirSync(dir);
  mkdirSync(tmp);
  return { dir, tmp };
}

interface Ended {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/**
 * Runs `df-stream args` reading ROWS from stdin, which stays open: the job is mid-way (it has written what it could and
 * waits for more), whatever the machine's speed. Sends `signal` once `ready()` holds, and resolves when it has ended.
 */
function signalWhen(args: readonly string[], tmp: string, ready: () => boolean, signal: NodeJS.Signals): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1', DF_STREAM_TMPDIR: tmp } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // The child may be gone before all is written: that is what the test is about, not an error.
    child.stdin.on('error', () => undefined);
    child.stdin.write(ROWS);
    let sent = false;
    const poll = setInterval(() => {
      if (sent || !ready()) return;
      sent = true;
      child.kill(signal);
    }, 5);
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code, endedBy) => {
      clearInterval(poll);
      clearTimeout(timer);
      if (!sent) reject(new Error(`the job ended (${code}) before it was signalled:\n${stderr}`));
      else resolve({ code, signal: endedBy, stderr });
    });
  });
}

/** The hidden temp file of an output being written, once it holds some bytes. */
const writing = (dir: string) => (): boolean => readdirSync(dir).some((n) => n.includes('.tmp-') && (statSync(join(dir, n), { throwIfNoEntry: false })?.size ?? 0) > 0);

describe('a signal while df-stream writes its output', () => {
  it.each([
    ['SIGTERM', 143, 'terminated'],
    ['SIGINT', 130, 'interrupted'],
  ] as const)('%s: exit %s, and no output, temp file or spill directory is left', async (signal, exitCode, word) => {
    const { dir, tmp } = dirs(signal);
    const ended = await signalWhen(['convert', '-', join(dir, 'out.csv')], tmp, writing(dir), signal);
    expect(ended).toEqual({ code: exitCode, signal: null, stderr: `\ndf-stream: ${word}\n` });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('SIGTERM while a group-by has spilled: the spill directory goes too', async () => {
    const { dir, tmp } = dirs('spilled');
    const spilled = (): boolean => readdirSync(tmp).some((n) => n.startsWith('df-stream-spill-'));
    const args = ['agg', '-', '--by', 'k', '--agg', 'v:sum', '--memory', '1MB', '--threads', '1', '-o', join(dir, 'out.parquet')];
    const ended = await signalWhen(args, tmp, spilled, 'SIGTERM');
    expect(ended.code).toBe(143);
    expect(readdirSync(tmp)).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('a signal while a sort, a dedup or a join has spilled (issue 17)', () => {
  const right = test.write('right.csv', ROWS);
  it.each([
    ['sort', ['sort', '-', '--by', 'k', '--memory', '1MB']],
    ['dedup', ['dedup', '-', '--on', 'k', '--keep', 'last', '--memory', '1MB']],
    ['join', ['join', '-', right, '--on', 'k', '--memory', '1MB']],
  ] as const)('%s: SIGINT removes its spill files and writes no output', async (name, command) => {
    const { dir, tmp } = dirs(`spilled-${name}`);
    const spilled = (): boolean => readdirSync(tmp).some((n) => n.startsWith('df-stream-spill-'));
    const ended = await signalWhen([...command, '-o', join(dir, 'out.csv')], tmp, spilled, 'SIGINT');
    expect(ended.code).toBe(130);
    expect(readdirSync(tmp)).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('SIGKILL while df-stream writes its output (nothing can clean up)', () => {
  it('leaves no file under the output name, and the half-written temp file is never read as an input', async () => {
    const { dir, tmp } = dirs('killed');
    const ended = await signalWhen(['convert', '-', join(dir, 'out.csv')], tmp, writing(dir), 'SIGKILL');
    expect(ended.signal).toBe('SIGKILL');
    // What is left: the hidden temp file, half-written (a later job to the same name writes a fresh one).
    expect(readdirSync(dir)).toEqual([expect.stringMatching(/^\.out\.csv\.tmp-\d+-[0-9a-f]{8}$/)]);
    const small = test.write(join('killed', 'small.csv'), 'k,v\na,1\nb,2\na,3\n');
    const agg = ['--by', 'k', '--agg', 'v:sum', '--agg', 'count', '--format', 'csv'];
    const alone = runCli(['agg', small, ...agg]);
    expect(alone).toEqual({ code: 0, stdout: 'k,v_sum,count\na,4,2\nb,2,1\n', stderr: '' });
    const patterns = ['*.csv', '*', '*csv*', '*.*'];
    const globbed = await Promise.all(patterns.map((pattern) => runCliAsync(['agg', join(dir, pattern), ...agg])));
    globbed.forEach((r, i) => expect({ pattern: patterns[i], ...r }).toEqual({ pattern: patterns[i], ...alone }));
  });
});
