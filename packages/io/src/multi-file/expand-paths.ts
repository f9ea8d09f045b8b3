import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DfError } from '@df-stream/core';

/** One input file, and the part of its path below which `key=value` directories are hive partitions. */
export interface InputFile {
  readonly path: string;
  /** Length of the path's prefix that is not partitions: the glob's fixed directories, or the directory named. */
  readonly baseLength: number;
}

const GLOB_CHARS = /[*?{]/;

/** Whether an input names several files: a list, a glob, or a directory (an existing file of that name is itself). */
export function isMultiFileInput(input: unknown): input is string | readonly string[] {
  if (Array.isArray(input)) return true;
  if (typeof input !== 'string' || input === '-') return false;
  const kind = statKind(input);
  return kind === 'dir' || (kind === undefined && GLOB_CHARS.test(input));
}

/**
 * The files a list of paths, globs and directories names, each group in sorted order. Globs take `*`, `?` (not across
 * `/`), `**` (any number of directories) and `{a,b}`; a glob that matches nothing is a usage error naming it. As in a
 * shell, a wildcard does not match a leading dot unless the pattern's segment starts with one: that keeps out hidden
 * files, such as the temp files of an output being written (`.out.csv.tmp-...`), which a killed job may leave
 * half-written. A directory stands for every file under it (not hidden) whose extension is one of `extensions`.
 */
export function expandPaths(input: string | readonly string[], extensions: readonly string[]): InputFile[] {
  const patterns = typeof input === 'string' ? [input] : input;
  if (patterns.length === 0) throw new DfError('usage', 'no input file given', { hint: "pass a file, a glob like 'data/*.csv' or a directory" });
  return patterns.flatMap((p) => expandOne(p, extensions));
}

function expandOne(pattern: string, extensions: readonly string[]): InputFile[] {
  const kind = statKind(pattern);
  if (kind === 'file' || pattern === '-') return [{ path: pattern, baseLength: 0 }];
  if (kind === 'dir') {
    const files = walk(pattern).filter((f) => extensions.some((e) => f.toLowerCase().endsWith(e)));
    if (files.length === 0) throw new DfError('usage', `no ${extensions.join('/')} file under ${pattern}`, { where: { file: pattern } });
    return files.sort().map((path) => ({ path, baseLength: pattern.length }));
  }
  if (!GLOB_CHARS.test(pattern)) return [{ path: pattern, baseLength: 0 }];
  const found = new Set<string>();
  let baseLength = 0;
  for (const alt of expandBraces(pattern)) {
    const segments = alt.split('/');
    let fixed = 0;
    while (fixed < segments.length - 1 && !GLOB_CHARS.test(segments[fixed])) fixed++;
    const base = segments.slice(0, fixed).join('/');
    baseLength = Math.max(baseLength, base.length);
    for (const f of matchSegments(base === '' && alt.startsWith('/') ? '/' : base, segments.slice(fixed))) found.add(f);
  }
  if (found.size === 0)
    throw new DfError('usage', `no file matches ${pattern}`, { hint: 'check the pattern; hidden files are matched only by a pattern that starts with a dot' });
  return [...found].sort().map((path) => ({ path, baseLength }));
}

/** `a{b,c}d{e,f}` -> `abde`, `abdf`, `acde`, `acdf` (nested braces too). */
export function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf('{');
  if (open < 0) return [pattern];
  let depth = 0;
  const commas: number[] = [];
  for (let i = open; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '{') depth++;
    else if (c === ',' && depth === 1) commas.push(i);
    else if (c === '}' && --depth === 0) {
      const cuts = [open, ...commas, i];
      const head = pattern.slice(0, open);
      const tail = pattern.slice(i + 1);
      return cuts.slice(0, -1).flatMap((at, k) => expandBraces(`${head}${pattern.slice(at + 1, cuts[k + 1])}${tail}`));
    }
  }
  return [pattern];
}

/** Files under `dir` matching the remaining path segments (`**` is any number of directories). */
function matchSegments(dir: string, segments: readonly string[]): string[] {
  if (segments.length === 0) return statKind(dir) === 'file' ? [dir] : [];
  const [seg, ...rest] = segments;
  if (seg === '**') {
    const here = matchSegments(dir, rest);
    const deeper = listDir(dir)
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .flatMap((e) => matchSegments(join(dir, e.name), segments));
    return [...here, ...deeper];
  }
  if (!GLOB_CHARS.test(seg)) return matchSegments(dir === '' ? seg : join(dir, seg), rest);
  const re = segmentRegExp(seg);
  return listDir(dir)
    .filter((e) => re.test(e.name) && (seg.startsWith('.') || !e.name.startsWith('.')))
    .filter((e) => (rest.length === 0 ? e.isFile() || (e.isSymbolicLink() && statKind(join(dir, e.name)) === 'file') : e.isDirectory() || e.isSymbolicLink()))
    .flatMap((e) => matchSegments(dir === '' ? e.name : join(dir, e.name), rest));
}

function segmentRegExp(seg: string): RegExp {
  const body = seg
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

function listDir(dir: string) {
  try {
    return readdirSync(dir === '' ? '.' : dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    // A missing directory matches nothing; an unreadable one is the OS's refusal (kind io, said as such).
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
}

/** Every file under `dir`, hidden files and directories left out. */
function walk(dir: string): string[] {
  return listDir(dir)
    .filter((e) => !e.name.startsWith('.'))
    .flatMap((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return walk(path);
      return e.isFile() || statKind(path) === 'file' ? [path] : [];
    });
}

function statKind(path: string): 'file' | 'dir' | undefined {
  try {
    const s = statSync(path);
    return s.isDirectory() ? 'dir' : 'file';
  } catch {
    return undefined;
  }
}
