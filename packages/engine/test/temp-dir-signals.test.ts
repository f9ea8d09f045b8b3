import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { makeTestDir } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';

const engine = new URL('../dist/bundle/index.js', import.meta.url).href;
const dfStream = new URL('../../df-stream/dist/index.js', import.meta.url).href;

/** A process that makes temp dirs through the engine, then is sent `signal` (or exits) while they exist. */
function runChild(tmp: string, end: string): ReturnType<typeof spawnSync> {
  mkdirSync(tmp, { recursive: true });
  const script = `
    const { makeTempDir } = await import(${JSON.stringify(engine)});
    makeTempDir('df-stream-spill-'); makeTempDir('df-stream-result-');
    ${end}
    setTimeout(() => {}, 10_000);`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, DF_STREAM_TMPDIR: tmp }, timeout: 20_000 });
}

describe('temp directories of a library user (no CLI handlers)', () => {
  const dir = makeTestDir('df-stream-signals');

  it.each(['SIGTERM', 'SIGINT'] as const)('are removed on %s, and the signal still ends the process', (signal) => {
    const tmp = dir.path(signal);
    const child = runChild(tmp, `process.kill(process.pid, '${signal}');`);
    expect(child.signal).toBe(signal);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('are removed at a normal exit', () => {
    const tmp = dir.path('exit');
    const child = runChild(tmp, 'process.exit(3);');
    expect(child.status).toBe(3);
    expect(readdirSync(tmp)).toEqual([]);
  });
});

describe('an output being written by a library user (import df-stream, no CLI handlers)', () => {
  const dir = makeTestDir('df-stream-signals-output');

  // The write never ends (its source waits forever): its temp file exists when the signal comes.
  it.each(['SIGTERM', 'SIGINT'] as const)('loses its temp file on %s, and the signal still ends the process', (signal) => {
    const out = dir.path(`${signal}.csv`);
    const script = `
      const { DataFrame, writeCsv } = await import(${JSON.stringify(dfStream)});
      async function* endless() {
        yield* DataFrame.fromRecords([{ a: 1 }]).chunks;
        await new Promise(() => {});
      }
      writeCsv(endless(), ${JSON.stringify(out)});
      setTimeout(() => {
        // What is there when the signal comes: the output's temp file.
        console.log(JSON.stringify(readdirSync(${JSON.stringify(dir.dir)})));
        process.kill(process.pid, '${signal}');
      }, 300);
      setTimeout(() => {}, 10_000);`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', `import { readdirSync } from 'node:fs';${script}`], { timeout: 20_000, encoding: 'utf8' });
    expect(JSON.parse(child.stdout)).toEqual([expect.stringMatching(new RegExp(`^\\.${signal}\\.csv\\.tmp-`))]);
    expect(child.signal).toBe(signal);
    expect(readdirSync(dir.dir)).toEqual([]);
  });
});
