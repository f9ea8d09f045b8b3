// Compiles each src/**/wasm/*.wat into a sibling `<name>-wasm.ts` holding the module's bytes (base64), so the
// package ships no binary file to locate at run time and needs no WebAssembly toolchain to build.
// `--check` compiles and compares instead of writing: the test suite runs it, so bytes never drift from source.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const wasmDirs = [
  fileURLToPath(new URL('../src/csv/read/wasm/', import.meta.url)),
  fileURLToPath(new URL('../src/parquet/read/decode/wasm/', import.meta.url)),
  fileURLToPath(new URL('../src/columnar/wasm/', import.meta.url)),
  fileURLToPath(new URL('../src/feather/read/wasm/', import.meta.url)),
  // core's kernels too: one compiler, one freshness check (core has no build step of its own for them).
  fileURLToPath(new URL('../../core/src/aggregates/wasm/', import.meta.url)),
];
const check = process.argv.includes('--check');

export async function compileAll() {
  const wabt = await wabtInit();
  const out = [];
  for (const dir of wasmDirs) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.wat'))) {
      const name = basename(file, '.wat');
      const module = wabt.parseWat(file, readFileSync(join(dir, file), 'utf8'), { simd: true });
      module.validate();
      const bytes = Buffer.from(module.toBinary({}).buffer);
      module.destroy();
      const constant = `${name.replace(/-/g, '_').toUpperCase()}_WASM`;
      const text =
        `// Generated from ${file} by scripts/build-wasm.mjs: do not edit.\n` +
        `/** The compiled ${file} (${bytes.length} bytes), base64. */\n` +
        `export const ${constant} = '${bytes.toString('base64')}';\n`;
      out.push({ path: join(dir, `${name}-wasm.ts`), text });
    }
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let stale = 0;
  for (const { path, text } of await compileAll()) {
    if (check) {
      let old = '';
      try {
        old = readFileSync(path, 'utf8');
      } catch {}
      if (old !== text) {
        console.error(`${path} is out of date: run pnpm --filter @df-stream/io run build:wasm`);
        stale++;
      }
    } else writeFileSync(path, text);
  }
  process.exitCode = stale > 0 ? 1 : 0;
}
