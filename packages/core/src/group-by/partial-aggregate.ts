import type { StateData } from '../aggregates/aggregate-function.js';
import { gather, gatherList } from '../aggregates/state-arrays.js';
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

/**
 * The groups `indices` of a state snapshot of `numGroups` groups, in that order: per-group arrays (length
 * `numGroups`) are gathered, anything else (flags, dtypes) is kept as is. How a spill cuts the snapshot of a state
 * with no `exportGroups`.
 */
export function takeState(data: StateData, indices: Int32Array, numGroups: number): StateData {
  const out: StateData = {};
  for (const [name, v] of Object.entries(data)) out[name] = pick(v, indices, numGroups);
  return out;
}

function pick(v: unknown, indices: Int32Array, numGroups: number): unknown {
  if (Array.isArray(v) && v.length === numGroups) return gatherList(v, indices);
  // gather's loop copies elements of any typed array kind (a BigInt64Array's too).
  if (ArrayBuffer.isView(v) && !(v instanceof DataView) && (v as Float64Array).length === numGroups) return gather(v as Float64Array, indices);
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
