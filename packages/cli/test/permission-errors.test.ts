import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataFrame } from '@df-stream/core';
import { writeFeather, writeParquet } from '@df-stream/io';
import { makeTestDir } from '@df-stream/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN } from './run-cli.js';

// Root reads and writes anything: as root, the CLI runs as `nobody`, for whom the modes below mean what they say.
const asRoot = process.getuid?.() === 0;
const NOBODY = 65534;

const test = makeTestDir('df-stream-cli-permissions');
const tmp = test.path('tmp');
const denied = test.path('denied');
const readOnly = test.path('read-only');
/** Where outputs may be written (by that user too). */
const outDir = test.path('out');

/** Runs the CLI as a user the modes apply to; its exit code and stderr in lines. Cases run side by side. */
function run(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; lines: string[] }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', DF_STREAM_TMPDIR: tmp, ...env },
      ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, lines: stderr.split('\n').filter((l) => l !== '') }));
  });
}

const frame = DataFrame.fromColumns({ k: ['a', 'b', 'a'], v: [1, 2, 3] });

beforeAll(async () => {
  // Others may enter the test directory (mkdtemp makes it 0700) and write the temp directory.
  chmodSync(test.dir, 0o755);
  for (const d of [tmp, outDir]) {
    mkdirSync(d);
    chmodSync(d, 0o777);
  }
  test.write('ok.csv', 'k,v\na,1\nb,2\n');
  for (const name of ['secret.csv', 'secret.parquet', 'secret.feather']) {
    if (name.endsWith('.csv')) test.write(name, 'k,v\na,1\n');
    else if (name.endsWith('.parquet')) await writeParquet(frame, test.path(name));
    else await writeFeather(frame, test.path(name));
    chmodSync(test.path(name), 0o000);
  }
  mkdirSync(denied);
  test.write(join('denied', 'in.csv'), 'k,v\na,1\n');
  chmodSync(denied, 0o000);
  mkdirSync(readOnly);
  chmodSync(readOnly, 0o555);
});

describe('permission denied: one line naming the path, exit 1, no temp files', () => {
  it('an input file (CSV, Parquet, Feather; agg, head, schema)', async () => {
    const cases = [
      ['agg', 'secret.csv'],
      ['head', 'secret.csv'],
      ['agg', 'secret.parquet'],
      ['schema', 'secret.feather'],
    ];
    const results = await Promise.all(cases.map(([command, name]) => run(command === 'agg' ? [command, test.path(name), '--by', 'k'] : [command, test.path(name)])));
    results.forEach((r, i) => expect(r).toEqual({ code: 1, lines: [`df-stream: error: permission denied: ${test.path(cases[i][1])}`] }));
  });

  it('an input file read into an output: the error is the input, and no output or temp file is left', async () => {
    const secret = test.path('secret.csv');
    const results = await Promise.all(['csv', 'parquet', 'feather'].map((ext) => run(['convert', secret, join(outDir, `from-secret.${ext}`)])));
    for (const r of results) expect(r).toEqual({ code: 1, lines: [`df-stream: error: permission denied: ${secret}`] });
    expect(readdirSync(outDir)).toEqual([]);
  });

  it('an input directory: by name and by glob (the OS refused it: not a usage mistake)', async () => {
    const file = join(denied, 'in.csv');
    const [byName, byGlob] = await Promise.all([run(['agg', file, '--by', 'k']), run(['agg', join(denied, '*.csv'), '--by', 'k'])]);
    expect(byName).toEqual({ code: 1, lines: [`df-stream: error: permission denied: ${file}`] });
    expect(byGlob).toEqual({ code: 1, lines: [`df-stream: error: permission denied: ${denied}`] });
  });

  it('an output directory (CSV, Parquet, Feather, JSON): the output named, not its temp name', async () => {
    const outs = ['out.csv', 'out.parquet', 'out.feather', 'out.json'].map((name) => join(readOnly, name));
    const results = await Promise.all(outs.map((out) => run(['agg', test.path('ok.csv'), '--by', 'k', '--agg', 'v:sum', '-o', out])));
    results.forEach((r, i) =>
      expect(r).toEqual({
        code: 1,
        lines: [`df-stream: error: cannot write ${outs[i]}: permission denied (EACCES)`, '  hint: check that this user may write to that directory'],
      }),
    );
    expect(readdirSync(readOnly)).toEqual([]);
  });

  it('a spill directory (DF_STREAM_TMPDIR) that cannot be written', async () => {
    const big = test.write('groups.csv', `k,v\n${Array.from({ length: 20_000 }, (_, i) => `key-${i},${i}`).join('\n')}\n`);
    const out = join(outDir, 'spilled.csv');
    const r = await run(['agg', big, '--by', 'k', '--agg', 'v:sum', '--memory', '60KB', '--threads', '1', '-o', out], { DF_STREAM_TMPDIR: readOnly });
    expect(r.code).toBe(1);
    expect(r.lines).toEqual([expect.stringMatching(new RegExp(`^df-stream: error: permission denied: ${readOnly}/df-stream-spill-`))]);
    expect(readdirSync(outDir)).toEqual([]);
  });
});
