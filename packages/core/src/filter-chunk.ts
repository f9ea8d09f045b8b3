import { Chunk } from './chunk.js';
import { CategoricalColumn, type Column, NumberColumn, type Value } from './column.js';
import type { Predicate } from './expr.js';
import { takeColumn } from './take.js';

/** Rows of `chunk` for which `predicate` holds; comparisons with null are false, as in SQL. */
export function filterChunk(chunk: Chunk, predicate: Predicate): Chunk {
  const mask = evaluate(chunk, predicate);
  let kept = 0;
  for (let i = 0; i < mask.length; i++) kept += mask[i];
  if (kept === chunk.numRows) return chunk;
  const indices = new Int32Array(kept);
  for (let i = 0, j = 0; i < mask.length; i++) if (mask[i]) indices[j++] = i;
  return new Chunk(
    chunk.schema,
    chunk.columns.map((c) => takeColumn(c, indices)),
  );
}

/** 1 where the predicate holds, 0 elsewhere. */
export function evaluate(chunk: Chunk, p: Predicate): Uint8Array {
  const n = chunk.numRows;
  switch (p.op) {
    case 'and':
    case 'or': {
      const masks = p.args.map((a) => evaluate(chunk, a));
      const out = masks[0] ?? new Uint8Array(n).fill(p.op === 'and' ? 1 : 0);
      for (const m of masks.slice(1)) for (let i = 0; i < n; i++) out[i] = p.op === 'and' ? out[i] & m[i] : out[i] | m[i];
      return out;
    }
    case 'not': {
      const m = evaluate(chunk, p.arg);
      for (let i = 0; i < n; i++) m[i] ^= 1;
      return m;
    }
    case 'is_null':
    case 'is_not_null': {
      const c = chunk.column(p.column);
      const out = new Uint8Array(n);
      const want = p.op === 'is_not_null';
      for (let i = 0; i < n; i++) out[i] = c.isValid(i) === want ? 1 : 0;
      return out;
    }
    case 'in': {
      const set = new Set<Value>(p.values.map(normalize));
      return compareEach(chunk.column(p.column), (v) => set.has(normalize(v)));
    }
    default: {
      const c = chunk.column(p.column);
      const target = p.value;
      if (c instanceof NumberColumn && typeof target === 'number') return compareNumbers(c, p.op, target);
      const test = comparator(p.op, target);
      return compareEach(c, test);
    }
  }
}

function normalize(v: Value): Value {
  return typeof v === 'bigint' && v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

function comparator(op: Exclude<Predicate['op'], 'and' | 'or' | 'not' | 'in' | 'is_null' | 'is_not_null'>, target: Value): (v: Value) => boolean {
  const t = normalize(target);
  const cmp = (v: Value): number | null => {
    if (v === null || t === null) return null;
    const a = normalize(v);
    if (typeof a === 'string' || typeof t === 'string') {
      const sa = String(a);
      const st = String(t);
      return sa < st ? -1 : sa > st ? 1 : 0;
    }
    return (a as number) < (t as number) ? -1 : (a as number) > (t as number) ? 1 : a === t ? 0 : Number(a) === Number(t) ? 0 : NaN;
  };
  switch (op) {
    case '==':
      return (v) => cmp(v) === 0;
    case '!=': {
      return (v) => {
        const r = cmp(v);
        return r !== null && r !== 0;
      };
    }
    case '<':
      return (v) => (cmp(v) ?? NaN) < 0;
    case '<=':
      return (v) => (cmp(v) ?? NaN) <= 0;
    case '>':
      return (v) => (cmp(v) ?? NaN) > 0;
    default:
      return (v) => (cmp(v) ?? NaN) >= 0;
  }
}

/** Categorical columns evaluate each dictionary entry once, then look codes up. */
function compareEach(c: Column, test: (v: Value) => boolean): Uint8Array {
  const n = c.length;
  const out = new Uint8Array(n);
  if (c instanceof CategoricalColumn) {
    const perCode = new Int8Array(c.dictionary.size).fill(-1);
    for (let i = 0; i < n; i++) {
      if (!c.isValid(i)) continue;
      const code = c.codes[i];
      if (perCode[code] < 0) perCode[code] = test(c.dictionary.get(code)) ? 1 : 0;
      out[i] = perCode[code];
    }
    return out;
  }
  for (let i = 0; i < n; i++) {
    const v = c.get(i);
    out[i] = v !== null && test(v) ? 1 : 0;
  }
  return out;
}

function compareNumbers(c: NumberColumn, op: string, t: number): Uint8Array {
  const n = c.length;
  const v = c.values;
  const out = new Uint8Array(n);
  switch (op) {
    case '==':
      for (let i = 0; i < n; i++) out[i] = v[i] === t ? 1 : 0;
      break;
    case '!=':
      for (let i = 0; i < n; i++) out[i] = v[i] !== t ? 1 : 0;
      break;
    case '<':
      for (let i = 0; i < n; i++) out[i] = v[i] < t ? 1 : 0;
      break;
    case '<=':
      for (let i = 0; i < n; i++) out[i] = v[i] <= t ? 1 : 0;
      break;
    case '>':
      for (let i = 0; i < n; i++) out[i] = v[i] > t ? 1 : 0;
      break;
    default:
      for (let i = 0; i < n; i++) out[i] = v[i] >= t ? 1 : 0;
  }
  if (c.validity !== null) for (let i = 0; i < n; i++) if (!c.isValid(i)) out[i] = 0;
  return out;
}
