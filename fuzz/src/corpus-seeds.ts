import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Seed, SeedFormat } from './seed.js';

/** `../shared/corpora` beside the repository (see ../shared/README.md), read at run time, never copied in. */
export const DEFAULT_CORPORA = fileURLToPath(new URL('../../../shared/corpora', import.meta.url));

/** Small files only: a mutation then hits a header, footer or length more often, and each run stays short. */
const MAX_SEED_BYTES = 32 * 1024;

/** Which folders of the corpora hold which format, and the extension their mutants get. */
const FOLDERS: { dir: string; format: SeedFormat; ext: (file: string) => string | undefined }[] = [
  { dir: 'csv-spectrum/csvs', format: 'csv', ext: (f) => (f.endsWith('.csv') ? '.csv' : undefined) },
  { dir: 'parquet-testing/data', format: 'parquet', ext: (f) => (f.endsWith('.parquet') ? '.parquet' : undefined) },
  { dir: 'parquet-testing/bad_data', format: 'parquet', ext: (f) => (f.endsWith('.parquet') ? '.parquet' : undefined) },
  // Arrow's own fuzzer finds: no extension upstream, so name them as what they claim to be.
  { dir: 'arrow-testing/arrow-ipc-file', format: 'feather', ext: (f) => (f.endsWith('.md') ? undefined : '.arrow') },
  // Loose files: stream fuzzer finds. integration/: `.arrow_file` (the IPC file format) and `.stream`, beside gold JSON.
  { dir: 'arrow-testing/arrow-ipc-stream', format: 'arrow-stream', ext: streamFolderExt },
];

/**
 * The small files of the shared corpora as seeds (CSV edge cases, Parquet's and Arrow's test files and fuzzer
 * finds, Arrow's integration files), or none, with the reason, when the folder is absent: a plain clone fuzzes
 * its generated seeds only.
 */
export async function corpusSeeds(root: string, log: (line: string) => void): Promise<Seed[]> {
  if (!existsSync(root)) {
    log(`corpora: ${root} is absent, fuzzing the generated seeds only`);
    return [];
  }
  const seeds: Seed[] = [];
  for (const folder of FOLDERS) {
    for (const path of await filesUnder(join(root, folder.dir), folder.dir.startsWith('arrow-testing/arrow-ipc-stream'))) {
      const ext = folder.ext(path);
      if (ext === undefined || (await stat(path)).size > MAX_SEED_BYTES) continue;
      const format: SeedFormat = ext === '.arrow' ? 'feather' : ext === '.arrows' ? 'arrow-stream' : folder.format;
      // A plain Uint8Array: Buffer's slice() shares memory, and mutations must not reach the seed.
      seeds.push({ name: relative(root, path), format, ext, bytes: new Uint8Array(await readFile(path)) });
    }
  }
  return seeds;
}

function streamFolderExt(path: string): string | undefined {
  if (!path.includes('/integration/')) return path.endsWith('.md') ? undefined : '.arrows';
  if (path.endsWith('.arrow_file')) return '.arrow';
  return path.endsWith('.stream') ? '.arrows' : undefined;
}

async function filesUnder(dir: string, recurse: boolean): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isFile()) out.push(path);
    else if (entry.isDirectory() && recurse) out.push(...(await filesUnder(path, recurse)));
  }
  return out;
}
