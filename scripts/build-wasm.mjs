// Compiles every packages/*/src/**/wasm/*.wat into a sibling `<name>-wasm.ts` holding the module's bytes (base64),
// so no package ships a binary file to locate at run time or needs a WebAssembly toolchain to build.
// `--check` compiles and compares instead of writing: the test suite runs it, so bytes never drift from source.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const packages = fileURLToPath(new URL('../packages/', import.meta.url));
const check = process.argv.includes('--check');
// `--list` also prints each source's path from the repo root.
const list = process.argv.includes('--list');
const root = fileURLToPath(new URL('../', import.meta.url));

/** The directories named `wasm` under `dir`, at any depth. */
function wasmDirsUnder(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) => (e.name === 'wasm' ? [join(dir, e.name)] : wasmDirsUnder(join(dir, e.name))));
}

const wasmDirs = readdirSync(packages, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(packages, e.name, 'src')))
  .flatMap((e) => wasmDirsUnder(join(packages, e.name, 'src')));

async function compileAll() {
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
      out.push({ source: relative(root, join(dir, file)).split(sep).join('/'), path: join(dir, `${name}-wasm.ts`), text });
    }
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let stale = 0;
  for (const { source, path, text } of await compileAll()) {
    if (list) console.log(source);
    if (check) {
      let old = '';
      try {
        old = readFileSync(path, 'utf8');
      } catch {}
      if (old !== text) {
        console.error(`${path} is out of date: run pnpm build:wasm`);
        stale++;
      }
    } else writeFileSync(path, text);
  }
  process.exitCode = stale > 0 ? 1 : 0;
}
