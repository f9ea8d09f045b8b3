import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTestDir } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';

// The built package, as the CLI and the group-by worker threads import it (the test script builds first).
const IO = new URL('../dist/bundle/index.js', import.meta.url).href;
const CORE = new URL('../../core/dist/bundle/index.js', import.meta.url).href;

const { dir } = makeTestDir('df-stream-lazy-arrow');

/** Records the URL of every module loaded by `import`, and hands the list over when asked. */
const HOOKS = `
const urls = [];
export function initialize({ port }) {
  port.on('message', () => port.postMessage(urls));
}
export async function load(url, context, next) {
  urls.push(url);
  return next(url, context);
}`;

/**
 * Runs `job` (the body of an async function given `io` and `core`) in a fresh node and returns the
 * packages under node_modules it loaded. apache-arrow can be loaded two ways, both seen here: by
 * `import` (the load hook) and by `require()` of its ES module (require.cache).
 */
function loadedBy(job: string): { packages: string[]; files: string[] } {
  const script = `
import { createRequire, register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
const { port1, port2 } = new MessageChannel();
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOKS)}), { data: { port: port2 }, transferList: [port2] });
const io = await import(${JSON.stringify(IO)});
const core = await import(${JSON.stringify(CORE)});
await (async () => { ${job} })();
port1.postMessage('report');
const imported = await new Promise((resolve) => port1.once('message', resolve));
port1.close();
const required = Object.keys(createRequire(import.meta.url).cache);
console.log(JSON.stringify([...imported, ...required]));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  // A module loaded by import and then required again is listed twice: once is enough.
  const files = [...new Set((JSON.parse(run.stdout) as string[]).map((f) => decodeURIComponent(f.replace(/^file:\/\//, ''))))];
  const packages = files.map((f) => /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(f)?.[1]);
  return { packages: [...new Set(packages.filter((p): p is string => p !== undefined))].sort(), files };
}

describe('apache-arrow and parquet-wasm load only when used', () => {
  const csv = join(dir, 'weather.csv');
  writeFileSync(csv, 'city,temp\nOslo,1.5\nRome,20\nOslo,3\n');

  it('are not loaded by importing @df-stream/io and reading and grouping a CSV', () => {
    const { packages } = loadedBy(`
      const df = await io.readCsv(${JSON.stringify(csv)});
      if (df.numRows !== 3) throw new Error('read ' + df.numRows + ' rows');
      const groups = await io.scanCsv(${JSON.stringify(csv)}).groupBy(['city']).agg(core.count()).collect();
      if (groups.numRows !== 2) throw new Error('got ' + groups.numRows + ' groups');`);
    expect(packages).not.toContain('apache-arrow');
    expect(packages).not.toContain('parquet-wasm');
  });

  // The control: without it, a probe that saw nothing would pass the test above forever.
  it('are loaded (once, the ESM build) when a Feather or Parquet file is written', () => {
    const { packages, files } = loadedBy(`
      await io.writeFeather(io.scanCsv(${JSON.stringify(csv)}), ${JSON.stringify(join(dir, 'w.feather'))});
      await io.writeParquet(io.scanCsv(${JSON.stringify(csv)}), ${JSON.stringify(join(dir, 'w.parquet'))});`);
    expect(packages).toContain('apache-arrow');
    expect(packages).toContain('parquet-wasm');
    // The CJS build's classes would fail apache-arrow's own instanceof checks on tables users make.
    expect(files.filter((f) => /apache-arrow\/Arrow\.node\.m?js$/.test(f))).toEqual([expect.stringMatching(/Arrow\.node\.mjs$/)]);
  });
});

describe('zod loads only for what validates with it', () => {
  const csv = join(dir, 'zod.csv');
  writeFileSync(csv, 'city,temp\nOslo,1.5\nRome,20\n');

  // Evaluating zod costs about as much CPU as all of io's split-thread modules: reads and split threads skip it.
  it('is not loaded by importing @df-stream/io, reading a CSV and opening a split', () => {
    const { packages } = loadedBy(`
      const df = await io.readCsv(${JSON.stringify(csv)});
      if (df.numRows !== 2) throw new Error('read ' + df.numRows + ' rows');
      const { openSplit } = await import(${JSON.stringify(new URL('../dist/bundle/open-split.js', import.meta.url).href)});
      await (await openSplit({ reader: 'csv', args: [${JSON.stringify(csv)}, {}] })).collect();`);
    expect(packages).not.toContain('zod');
  });

  it('is loaded when write options are checked', () => {
    const { packages } = loadedBy(`await io.writeCsv(io.scanCsv(${JSON.stringify(csv)}), ${JSON.stringify(join(dir, 'zod-out.csv'))});`);
    expect(packages).toContain('zod');
  });
});
