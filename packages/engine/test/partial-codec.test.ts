import { DataFrame, DfError } from '@df-stream/core';
import { type AggSpec, HashAggregator } from '@df-stream/core/internal';
import { decodePartial, encodePartial } from '@df-stream/engine';
import { describe, expect, it } from 'vitest';

/** A real partial: string, number and nullable keys, a holistic and an algebraic state. */
function samplePartial() {
  const df = DataFrame.fromRecords([
    { k: 'a', n: 1, v: 1.5 },
    { k: null, n: 2, v: 2 },
    { k: 'b', n: 1, v: null },
    { k: 'a', n: 1, v: 4 },
  ]);
  const aggs: AggSpec[] = [
    { column: 'v', fn: 'sum', name: 'v_sum' },
    { column: 'v', fn: 'median', name: 'v_median' },
    { column: null, fn: 'count', name: 'count' },
  ];
  const agg = new HashAggregator(['k', 'n'], aggs, { memoryLimit: Infinity }, df.schema);
  for (const c of df.chunks) agg.consume(c, 0);
  return agg.exportCompact();
}

describe('the partial-state codec', () => {
  it('round-trips a partial through the versioned binary form', () => {
    const partial = samplePartial();
    expect(partial.numGroups).toBe(3);
    expect(decodePartial(encodePartial(partial))).toEqual(partial);
  });

  it('refuses other bytes, other format versions and inconsistent partials, as data errors', () => {
    expect(() => decodePartial(new Uint8Array(20))).toThrow(/not a df-stream partial/);
    const bytes = encodePartial(samplePartial());
    new DataView(bytes.buffer).setUint32(4, 99, true);
    expect(() => decodePartial(bytes)).toThrow(/format v99/);
    const bad = { ...samplePartial(), firstSeen: new Float64Array(1) };
    const error = (() => {
      try {
        decodePartial(encodePartial(bad));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DfError);
    expect(error).toMatchObject({ kind: 'data' });
  });
});
