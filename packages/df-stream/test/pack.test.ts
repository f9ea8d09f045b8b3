/**
 * What a user installing from the registry gets: every publishable package is packed (`pnpm pack` rewrites
 * `workspace:*` to the real version), the tarballs are installed together with plain npm into an empty project
 * (third-party dependencies come from the npm registry), and that project imports `df-stream` and runs the
 * `df-stream` command. Needs the workspace built (`pnpm test` builds first) and the npm registry reachable.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PUBLISHABLE = ['core', 'io', 'engine', 'sql', 'cluster', 'cli', 'df-stream'];
const npmName = (p: string): string => (p === 'df-stream' ? p : `@df-stream/${p}`);
const PNPM = ['-y', 'pnpm@10.34.8'];
const INSTALL_TIMEOUT = 240_000;
// `--yes=false`: run the installed bin, never fetch a package of that name from the registry (`--no` would also
// swallow the command's own `--help`).
const NPX = ['--yes=false', 'df-stream'];

// Only the registry, cache, TLS and proxy settings pass through: the npm_config_* variables a pnpm or npx run
// exports (prefix=/usr, local_prefix=<workspace>, ...) would redirect a plain `npm install`.
const KEEP = /^npm_config_(registry|cache|userconfig|cafile|ca|strict_ssl|proxy|https_proxy|noproxy)$/i;
const cleanEnv: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm|pnpm)_/i.test(k) || KEEP.test(k)));

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], cwd: string, timeout = INSTALL_TIMEOUT): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, env: cleanEnv, timeout, maxBuffer: 64 << 20, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error === null) return resolve({ code: 0, stdout, stderr });
      const code = typeof error.code === 'number' ? error.code : 1;
      const why = error.killed ? `timed out after ${timeout / 1000} s` : stderr === '' ? String(error) : '';
      resolve({ code, stdout, stderr: why === '' ? stderr : `${why}\n${stderr}` });
    });
  });
}

async function ok(cmd: string, args: string[], cwd: string): Promise<string> {
  const r = await run(cmd, args, cwd);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.code}:\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

// The data: k in a..d, v an integer 0..9 (some rows filtered out by v > 1), deterministic.
const ROWS = Array.from({ length: 200 }, (_, i) => ({ k: 'abcd'[(i * 7) % 4] as string, v: (i * 13) % 10 }));
const CSV = `k,v\n${ROWS.map((r) => `${r.k},${r.v}`).join('\n')}\n`;

function expectedGroups(filter: (v: number) => boolean): Map<string, { count: number; sum: number }> {
  const groups = new Map<string, { count: number; sum: number }>();
  for (const { k, v } of ROWS) {
    if (!filter(v)) continue;
    const g = groups.get(k) ?? { count: 0, sum: 0 };
    g.count += 1;
    g.sum += v;
    groups.set(k, g);
  }
  return groups;
}

const SCRIPT = `import { scanCsv, col, count, DataFrame } from 'df-stream';
const df = await scanCsv(process.argv[2]).filter(col('v').gt(1)).groupBy('k').agg(count(), { v: ['sum'] }).collect();
if (!(df instanceof DataFrame)) throw new Error('collect() did not return a DataFrame');
console.log(JSON.stringify(df.toRecords(), (_k, x) => (typeof x === 'bigint' ? Number(x) : x)));
`;

describe('the packed packages, installed with npm from tarballs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'df-stream-pack-'));
  const tarballs = join(dir, 'tarballs');
  const project = join(dir, 'project');
  const csvPath = join(project, 'data.csv');
  const contents = new Map<string, string[]>();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    const missing = PUBLISHABLE.filter((p) => !existsSync(join(ROOT, 'packages', p, 'dist', 'index.js')));
    if (missing.length > 0) throw new Error(`not built: packages/{${missing.join(',')}}/dist/index.js is missing; run 'pnpm build' first`);
    const view = await run('npm', ['view', 'zod', 'version', '--fetch-retries=0', '--fetch-timeout=20000'], dir, 30_000);
    if (view.code !== 0) {
      throw new Error(
        `the npm registry cannot be reached ('npm view zod version' failed): this test installs the tarballs' third-party dependencies from it\n${view.stderr}`,
      );
    }

    mkdirSync(tarballs);
    mkdirSync(project);
    // One pnpm run for all (each `npx pnpm` start costs seconds).
    await ok('npx', [...PNPM, '-r', ...PUBLISHABLE.flatMap((p) => ['--filter', npmName(p)]), 'pack', '--pack-destination', tarballs], ROOT);
    const files = readdirSync(tarballs).filter((f) => f.endsWith('.tgz'));
    for (const f of files) {
      const listing = await ok('tar', ['tzf', join(tarballs, f)], dir);
      contents.set(f, listing.split('\n').filter(Boolean));
    }

    writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'pack-test', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`);
    writeFileSync(csvPath, CSV);
    writeFileSync(join(project, 'check.mjs'), SCRIPT);
    await ok('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...files.map((f) => join(tarballs, f))], project);
  }, INSTALL_TIMEOUT);

  it('packs one tarball per publishable package: LICENSE, compiled JS and types, no sources, tests or build info', () => {
    expect(contents.size).toBe(PUBLISHABLE.length);
    for (const [file, entries] of contents) {
      expect(entries, file).toContain('package/LICENSE');
      expect(entries, file).toContain('package/package.json');
      expect(entries, file).toContain('package/dist/index.js');
      expect(entries, file).toContain('package/dist/index.d.ts');
      const stray = entries.filter((e) => /^package\/(src|test)\//.test(e) || /\.tsbuildinfo$|\.test\.|\.ts$(?<!\.d\.ts)/.test(e));
      expect(stray, file).toEqual([]);
    }
  });

  it('installs manifests with real versions, and df-stream alone provides the command', () => {
    for (const p of PUBLISHABLE) {
      const name = npmName(p);
      const manifest = readFileSync(join(project, 'node_modules', name, 'package.json'), 'utf8');
      expect(manifest, name).not.toContain('workspace:');
      expect(JSON.parse(manifest).bin === undefined, name).toBe(p !== 'df-stream');
    }
  });

  it("imports the library from 'df-stream' and runs a lazy CSV group-by", async () => {
    const out = await ok('node', ['check.mjs', csvPath], project);
    const got = (JSON.parse(out) as { k: string; count: number; v_sum: number }[]).sort((a, b) => a.k.localeCompare(b.k));
    const want = [...expectedGroups((v) => v > 1)].sort(([a], [b]) => a.localeCompare(b)).map(([k, g]) => ({ k, count: g.count, v_sum: g.sum }));
    expect(got).toEqual(want);
  });

  it("runs the 'df-stream' command through npx", async () => {
    expect(existsSync(join(project, 'node_modules', '.bin', 'df-stream'))).toBe(true);
    const help = await run('npx', [...NPX, '--help'], project, 60_000);
    expect(help.stderr).toBe('');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: df-stream <command>');

    const agg = await run('npx', [...NPX, 'agg', csvPath, '--by', 'k', '--agg', 'v:sum', '--format', 'csv'], project, 60_000);
    expect(agg.stderr).toBe('');
    expect(agg.code).toBe(0);
    const [header, ...lines] = agg.stdout.trimEnd().split('\n');
    expect(header).toBe('k,v_sum');
    const want = [...expectedGroups(() => true)].map(([k, g]) => `${k},${g.sum}`);
    expect(lines.sort()).toEqual(want.sort());
  });

  it('needs no TypeScript tooling at run time: no tsx, typescript or vitest in node_modules', () => {
    const found: string[] = [];
    const walk = (nodeModules: string): void => {
      if (!existsSync(nodeModules)) return;
      for (const entry of readdirSync(nodeModules)) {
        if (entry.startsWith('.')) continue;
        const names = entry.startsWith('@') ? readdirSync(join(nodeModules, entry)).map((n) => `${entry}/${n}`) : [entry];
        for (const name of names) {
          if (name === 'tsx' || name === 'typescript' || name === 'vitest' || name.startsWith('@vitest/')) found.push(join(nodeModules, name));
          walk(join(nodeModules, name, 'node_modules'));
        }
      }
    };
    walk(join(project, 'node_modules'));
    expect(found).toEqual([]);
  });
});
