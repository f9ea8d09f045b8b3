import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `../shared/corpora/<name>` beside the project root, or undefined (with the reason printed) when absent. */
export function corpusDir(name: string): string | undefined {
  const dir = fileURLToPath(new URL(`../../../../../shared/corpora/${name}`, import.meta.url));
  if (existsSync(dir)) return dir;
  console.log(`skipping ${name} corpus tests: ${dir} is absent (it lives in ../shared beside the project)`);
  return undefined;
}
