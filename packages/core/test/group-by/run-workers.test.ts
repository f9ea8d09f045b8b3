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

  it('agree with one thread for one key, six keys and every aggregate', async () => {
    const aggs = { v1: ['sum', 'min', 'max', 'first', 'last', 'n_unique', 'median', 'null_count'], v3: ['mean', 'var', 'std', 'approx_n_unique'] };
    for (const keys of [['id3'], ['id1', 'id2', 'id3', 'id4', 'id5', 'id6']]) {
      const run = (threads: number) =>
        LazyFrame.fromSource(seededSource(6000, 30, 11)).groupBy(...keys).withOptions({ threads }).agg(count(), aggs).collect();
      const one = (await run(1)).toRecords();
      for (const threads of [3]) {
        const many = (await run(threads)).toRecords();
        expect(many.length, `${keys}`).toBe(one.length);
        many.forEach((r, i) => {
          const w = one[i];
          for (const name of Object.keys(w)) {
            if (typeof w[name] === 'number' && !Number.isInteger(w[name])) expect(r[name] as number, `${keys} ${name}`).toBeCloseTo(w[name] as number, 9);
            else expect(r[name], `${keys} ${name} row ${i}`).toEqual(w[name]);
          }
        });
      }
    }
  });

  it('split a source that can only split up front before reading it (workers really run)', async () => {
    const source = seededSource(4000, 10, 5);
    const split = source.splits?.bind(source);
    // Splits whose worker side cannot be built: the group-by fails only if it hands them to workers.
    const broken = { ...source, splits: async (n: number) => (await split?.(n))?.map((p) => ({ ...p, exportName: 'noSuchExport' })) };
    const run = LazyFrame.fromSource(broken).groupBy('id1').withOptions({ threads: 2 }).agg(count()).collect();
    await expect(run).rejects.toThrow(/noSuchExport/);
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
