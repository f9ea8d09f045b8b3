import type { Value } from '../column.js';
import type { StateData } from '../aggregates/aggregate-function.js';

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
  if (ArrayBuffer.isView(v) && !(v instanceof DataView) && (v as unknown as ArrayLike<unknown>).length === numGroups) {
    const src = v as unknown as { constructor: new (n: number) => { [i: number]: unknown }; [i: number]: unknown };
    const out = new src.constructor(indices.length);
    for (let j = 0; j < indices.length; j++) out[j] = src[indices[j]];
    return out;
  }
  return v;
}
