import type { JoinHow } from '@df-stream/core';
import { SeededRandom } from '@df-stream/test-utils';

export type Rec = Record<string, unknown>;

/** The test-utils generator as a function: the same tables on every run. */
export function rng(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

export interface RefJoin {
  how: JoinHow;
  /** Key of a row, one value per key (null never matches). */
  leftKey: (r: Rec) => unknown[];
  rightKey: (r: Rec) => unknown[];
  leftColumns: string[];
  rightColumns: string[];
  /** USING keys (names on both sides), if `on`. */
  using?: string[];
  /** Right key columns (plain names) of leftOn/rightOn. */
  rightKeyNames?: string[];
  suffix?: string;
}

function eq(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return false;
  if (typeof a === 'number' || typeof a === 'bigint') return (typeof b === 'number' || typeof b === 'bigint') && Number(a) === Number(b);
  return a === b;
}

/** Output column names by the documented rule, independently of the library. */
export function refColumns(j: RefJoin): { names: string[]; from: [side: 'l' | 'r' | 'c', column: string][] } {
  const names: string[] = [];
  const from: ['l' | 'r' | 'c', string][] = [];
  for (const c of j.leftColumns) {
    names.push(c);
    from.push([j.using?.includes(c) && (j.how === 'right' || j.how === 'full') ? 'c' : 'l', c]);
  }
  if (j.how === 'semi' || j.how === 'anti') return { names, from };
  const drop = new Set(j.using ?? (j.how === 'inner' || j.how === 'left' ? (j.rightKeyNames ?? []) : []));
  for (const c of j.rightColumns) {
    if (drop.has(c)) continue;
    names.push(names.includes(c) ? c + (j.suffix ?? '_right') : c);
    from.push(['r', c]);
  }
  return { names, from };
}

/** A nested-loop join: every left row against every right row. Rows in left order, each with its matches in right order; unmatched right rows last. */
export function nestedLoopJoin(left: Rec[], right: Rec[], j: RefJoin): Rec[] {
  const { names, from } = refColumns(j);
  const row = (l: Rec | null, r: Rec | null): Rec => {
    const out: Rec = {};
    from.forEach(([side, c], i) => {
      const v = side === 'l' ? l?.[c] : side === 'r' ? r?.[c] : (l?.[c] ?? r?.[c]);
      out[names[i]] = v ?? null;
    });
    return out;
  };
  const out: Rec[] = [];
  const rightMatched = new Array<boolean>(right.length).fill(false);
  for (const l of left) {
    const lk = j.leftKey(l);
    let any = false;
    right.forEach((r, ri) => {
      const rk = j.rightKey(r);
      if (!lk.every((v, i) => eq(v, rk[i]))) return;
      any = true;
      rightMatched[ri] = true;
      if (j.how !== 'semi' && j.how !== 'anti') out.push(row(l, r));
    });
    if ((j.how === 'semi' && any) || (j.how === 'anti' && !any)) out.push(row(l, null));
    if (!any && (j.how === 'left' || j.how === 'full')) out.push(row(l, null));
  }
  if (j.how === 'right' || j.how === 'full') right.forEach((r, ri) => !rightMatched[ri] && out.push(row(null, r)));
  return out;
}

/** Rows as comparable text, sorted: join output compared as a multiset. */
export function sortedRows(rows: Rec[]): string[] {
  return rows.map((r) => JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? Number(v) : v))).sort();
}

export function rowTexts(rows: Rec[]): string[] {
  return rows.map((r) => JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? Number(v) : v)));
}
