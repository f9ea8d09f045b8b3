import { col, DataFrame, LazyFrame, type ScanOptions } from '@df-stream/core';
import { describe, expect, it } from 'vitest';

describe('AggregateSource', () => {
  it('asks its input for the columns the plan uses and names the ones it keys on', async () => {
    const df = DataFrame.fromRecords([
      { city: 'Oslo', temp: 1, unused: 'x' },
      { city: 'Lima', temp: 20, unused: 'y' },
      { city: 'Oslo', temp: 3, unused: 'z' },
    ]);
    const asked: ScanOptions[] = [];
    const inner = LazyFrame.fromFrame(df);
    const recording = new LazyFrame({
      description: 'recording',
      schema: async () => df.schema,
      scan: (options: ScanOptions = {}) => {
        asked.push(options);
        return inner.scan(options);
      },
    });
    const out = await recording
      .filter(col('unused').neq('z'))
      .groupBy('city')
      .agg({ temp: ['sum'] })
      .collect();
    expect(out.toRecords()).toEqual([
      { city: 'Oslo', temp_sum: 1 },
      { city: 'Lima', temp_sum: 20 },
    ]);
    expect(asked).toHaveLength(1);
    expect(asked[0].keyColumns).toEqual(['city']);
    // The filter's column is read too, and the column nobody uses is not.
    expect([...(asked[0].columns ?? [])].sort()).toEqual(['city', 'temp', 'unused']);
  });
});
