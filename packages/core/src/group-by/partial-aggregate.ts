import type { StateData } from '../aggregates/aggregate-function.js';
import type { Value } from '../column.js';
import type { DType } from '../dtype.js';

/**
 * The mergeable result of aggregating part of an input: key values and aggregate states of its groups.
 * Structured-cloneable, so it can be spilled (v8.serialize), posted to a worker, or shipped elsewhere.
 */
export interface PartialAggregate {
  readonly version: 1;
  readonly numGroups: number;
  /** One array per key column, `numGroups` values each. */
  readonly keys: Value[][];
  /** Input position of each group's first row: output keeps first-appearance order. */
  readonly firstSeen: Float64Array;
  /** One snapshot per aggregate, in the order of the aggregate specs. */
  readonly states: StateData[];
}

/** The groups `indices` of a partial, in that order: how spilled partitions are cut. */
export function takePartial(p: PartialAggregate, indices: Int32Array): PartialAggregate {
  return {
    version: 1,
    numGroups: indices.length,
    keys: p.keys.map((k) => pick(k, indices, p.numGroups) as Value[]),
    firstSeen: pick(p.firstSeen, indices, p.numGroups) as Float64Array,
    states: p.states.map((s) => {
      const out: StateData = {};
      for (const [name, v] of Object.entries(s)) out[name] = pick(v, indices, p.numGroups);
      return out;
    }),
  };
}

/** Per-group arrays (length `numGroups`) are gathered; anything else (flags, dtypes) is kept as is. */
function pick(v: unknown, indices: Int32Array, numGroups: number): unknown {
  if (Array.isArray(v) && v.length === numGroups) return Array.from(indices, (i) => v[i]);
  if (v instanceof Float64Array && v.length === numGroups) {
    const out = new Float64Array(indices.length);
    for (let j = 0; j < indices.length; j++) out[j] = v[indices[j]];
    return out;
  }
  if (ArrayBuffer.isView(v) && !(v instanceof DataView) && (v as unknown as ArrayLike<unknown>).length === numGroups) {
    const src = v as unknown as { constructor: new (n: number) => { [i: number]: unknown }; [i: number]: unknown };
    const out = new src.constructor(indices.length);
    for (let j = 0; j < indices.length; j++) out[j] = src[indices[j]];
    return out;
  }
  return v;
}

/** The distinct keys of a compact key column: UTF-8 strings, numbers, or (mixed kinds, bools, bigints) plain values. */
export type KeyDict =
  | { readonly kind: 'strings'; readonly offsets: Int32Array; readonly bytes: Uint8Array }
  | { readonly kind: 'numbers'; readonly values: Float64Array }
  | { readonly kind: 'values'; readonly values: Value[] };

export type KeyCodes = Uint8Array | Uint16Array | Int32Array;

/**
 * One key column of a compact partial, dictionary-encoded: each group's key is `dict[codes[g]]`, or
 * null where `codes[g] === nullCode` (-1 when no key is null). A key repeated by many groups (q10's
 * id1..id5) is stored once, and its code takes a byte or two.
 */
export interface KeyVector {
  readonly dict: KeyDict;
  readonly size: number;
  readonly nullCode: number;
  readonly codes: KeyCodes;
}

/**
 * The internal, lean form of a partial aggregate: what spill files and worker threads carry. Keys are
 * typed arrays (no JS string per group), so it serializes and posts as raw bytes. Not a public format:
 * `HashAggregator.export()` keeps giving the version 1 `PartialAggregate`.
 */
export interface CompactPartial {
  readonly version: 'compact-1';
  readonly numGroups: number;
  readonly keys: KeyVector[];
  /** The dtype of each key column, so a merge gives the same output dtypes as one pass. */
  readonly keyDTypes: (DType | null)[];
  readonly firstSeen: Float64Array;
  readonly states: StateData[];
}

/**
 * The groups `indices` of a compact partial, in that order: one spill partition's groups, gathered while the
 * others wait (a spill then holds one partition's copy at a time, not all of them).
 */
export function takeCompact(p: CompactPartial, indices: Int32Array): CompactPartial {
  const n = p.numGroups;
  const keys = p.keys.map((k) => {
    const codes = new Int32Array(indices.length);
    for (let j = 0; j < indices.length; j++) codes[j] = k.codes[indices[j]];
    return compactKeyVector(k, codes);
  });
  return {
    version: 'compact-1',
    numGroups: indices.length,
    keys,
    keyDTypes: p.keyDTypes,
    firstSeen: pick(p.firstSeen, indices, n) as Float64Array,
    states: p.states.map((s) => {
      const out: StateData = {};
      for (const [name, v] of Object.entries(s)) out[name] = pick(v, indices, n);
      return out;
    }),
  };
}

/** A key column's codes `codes` (one partition's groups), with the dictionary cut down to what they use. */
function compactKeyVector(k: KeyVector, src: Int32Array): KeyVector {
  const n = src.length;
  const remap = new Int32Array(k.size).fill(-1);
  const used: number[] = [];
  for (let j = 0; j < n; j++) {
    const c = src[j];
    if (remap[c] < 0) {
      remap[c] = used.length;
      used.push(c);
    }
  }
  let codes: KeyCodes;
  if (used.length <= 0x100) {
    const out = new Uint8Array(n);
    for (let j = 0; j < n; j++) out[j] = remap[src[j]];
    codes = out;
  } else if (used.length <= 0x10000) {
    const out = new Uint16Array(n);
    for (let j = 0; j < n; j++) out[j] = remap[src[j]];
    codes = out;
  } else {
    for (let j = 0; j < n; j++) src[j] = remap[src[j]];
    codes = src;
  }
  const nullCode = k.nullCode >= 0 ? remap[k.nullCode] : -1;
  const d = k.dict;
  let dict: KeyDict;
  if (d.kind === 'strings') {
    const offsets = new Int32Array(used.length + 1);
    let size = 0;
    for (let j = 0; j < used.length; j++) {
      size += d.offsets[used[j] + 1] - d.offsets[used[j]];
      offsets[j + 1] = size;
    }
    const bytes = new Uint8Array(size);
    for (let j = 0; j < used.length; j++) {
      let p = offsets[j];
      for (let b = d.offsets[used[j]], e = d.offsets[used[j] + 1]; b < e; b++) bytes[p++] = d.bytes[b];
    }
    dict = { kind: 'strings', offsets, bytes };
  } else if (d.kind === 'numbers') dict = { kind: 'numbers', values: Float64Array.from(used, (c) => d.values[c]) };
  else dict = { kind: 'values', values: used.map((c) => d.values[c]) };
  return { dict, size: used.length, nullCode: nullCode < 0 ? -1 : nullCode, codes };
}

/** The ArrayBuffers a compact partial owns, to transfer it to another thread instead of copying. */
export function compactBuffers(p: CompactPartial): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const add = (v: unknown): void => {
    // Only buffers the view owns whole (never a pooled Buffer's slab).
    if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength) out.add(v.buffer);
  };
  add(p.firstSeen);
  for (const k of p.keys) {
    add(k.codes);
    if (k.dict.kind === 'strings') {
      add(k.dict.offsets);
      add(k.dict.bytes);
    } else if (k.dict.kind === 'numbers') add(k.dict.values);
  }
  for (const s of p.states) for (const v of Object.values(s)) add(v);
  return [...out];
}
