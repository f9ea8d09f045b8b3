import { describe, expect, it } from 'vitest';
import { col, count, LazyFrame } from '@df-stream/core';
import { seededSource } from './split-source.js';

async function query(threads: number, memoryLimit?: number) {
  return LazyFrame.fromSource(seededSource(4000, 10, 5))
    .filter(col('v1').ge(2))
    .groupBy('id1', 'id4')
    .withOptions({ threads, memoryLimit })
    .agg(count(), { v1: ['sum', 'first', 'last'], v3: ['mean', 'max'] })
    .collect();
}

describe('worker threads', () => {
  it('give the same groups, order and values as one thread', async () => {
    const one = (await query(1)).toRecords();
    for (const threads of [2, 3]) {
      const many = (await query(threads)).toRecords();
      expect(many.length).toBe(one.length);
      many.forEach((r, i) => {
        const w = one[i];
        expect([r.id1, r.id4, r.count, r.v1_sum, r.v1_first, r.v1_last, r.v3_max]).toEqual([w.id1, w.id4, w.count, w.v1_sum, w.v1_first, w.v1_last, w.v3_max]);
        expect(r.v3_mean as number).toBeCloseTo(w.v3_mean as number, 9);
      });
    }
  });

  it('still agree when the workers flush early and the merge spills', async () => {
    const one = (await query(1)).toRecords();
    const spilled = (await query(2, 1)).toRecords();
    const byKey = (rows: typeof one) => new Map(rows.map((r) => [`${r.id1}|${r.id4}`, r]));
    const a = byKey(one);
    const b = byKey(spilled);
    expect(b.size).toBe(a.size);
    for (const [k, r] of a) expect(b.get(k)?.v1_sum).toBe(r.v1_sum);
  });
});
