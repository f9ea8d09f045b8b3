import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTestDir } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';

// The built command as bin/df-stream.js runs it: zod is inside this bundle (scripts/bundle-packages.mjs).
const MAIN = new URL('../dist/bundle/main.js', import.meta.url).href;

const { dir } = makeTestDir('df-stream-bundled-zod');

describe("the command's one zod", () => {
  it("is the bundle's: io checks its options with it, and loads no file of zod's package", () => {
    const csv = join(dir, 'weather.csv');
    const out = join(dir, 'out.csv');
    writeFileSync(csv, 'city,temp\nOslo,1.5\nRome,20\nOslo,3\n');
    // Writing CSV checks the writer's options with io's zod schemas; a bad one is reported as a usage error.
    const script = `
import { createRequire } from 'node:module';
const { main } = await import(${JSON.stringify(MAIN)});
const ok = await main(['agg', ${JSON.stringify(csv)}, '--by', 'city', '--agg', 'temp:sum', '--format', 'csv', '--output', ${JSON.stringify(out)}, '--progress', 'none']);
const bad = await main(['agg', ${JSON.stringify(csv)}, '--by', 'city', '--agg', 'temp:sum', '--format', 'csv', '--output', ${JSON.stringify(out)}, '--delimiter', ';;']);
const zodFiles = Object.keys(createRequire(import.meta.url).cache).filter((f) => /node_modules\\/(\\.pnpm\\/)?zod[@/]/.test(f));
console.log(JSON.stringify({ ok, bad, zodFiles }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as { ok: number; bad: number; zodFiles: string[] };
    expect(result.ok).toBe(0);
    expect(readFileSync(out, 'utf8').trim().split('\n').sort()).toEqual(['Oslo,4.5', 'Rome,20', 'city,temp_sum']);
    expect(result.bad).toBe(2);
    expect(run.stderr).toMatch(/--delimiter/);
    expect(result.zodFiles).toEqual([]);
  });
});
