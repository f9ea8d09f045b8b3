import { describe, expect, it } from 'vitest';
import { DataFrame } from '../src/data-frame.js';
import { jsArrayBytes } from '../src/js-array-cost.js';

describe('info()', () => {
  const df = DataFrame.fromColumns(
    {
      city: ['Oslo', null, 'Lima', 'Oslo', null],
      age: [31, 45, null, 27, 60],
      temp: [1.5, 2.5, 3.5, Number.NaN, -1],
    },
    { chunkSize: 2 },
  );
  const info = df.info();

  it('reports rows, chunks, dtypes and non-null counts', () => {
    expect(info.numRows).toBe(5);
    expect(info.numChunks).toBe(3);
    expect(info.columns.map((c) => [c.name, c.dtype, c.nonNull, c.nullCount])).toEqual([
      ['city', 'categorical', 3, 2],
      ['age', 'int8', 4, 1],
      ['temp', 'float64', 5, 0],
    ]);
  });

  it('reports the same memory as memoryUsage, shallow and deep', () => {
    const shallow = df.memoryUsage();
    const deep = df.memoryUsage({ deep: true });
    expect(info.columns.map((c) => c.bytes)).toEqual(shallow.columns.map((c) => c.total));
    expect(info.columns.map((c) => c.deepBytes)).toEqual(deep.columns.map((c) => c.total));
    expect(info.memory.shallow).toBe(shallow.total);
    expect(info.memory.deep).toBe(deep.total);
  });

  it('reports the plain-JS-array cost and how it was computed', () => {
    expect(info.columns.map((c) => c.plainJsBytes)).toEqual(df.columns.map((n) => jsArrayBytes(df.column(n).chunks)));
    expect(info.memory.plainJs).toBe(info.columns.reduce((n, c) => n + c.plainJsBytes, 0));
    expect(info.plainJsMethod).toMatch(/V8/);
  });

  it('prints like pandas info', () => {
    const text = info.toString();
    expect(text).toContain('DataFrame: 5 rows, 3 columns, 3 chunks');
    expect(text).toMatch(/city\s+3 non-null\s+categorical/);
    expect(text).toMatch(/age\s+4 non-null\s+int8/);
    expect(text).toContain('dtypes: categorical(1), int8(1), float64(1)');
    expect(text).toContain(`memory usage: ${info.memory.shallow} B (shallow), ${info.memory.deep} B (deep)`);
    expect(text).toContain(`as plain JS arrays: ${info.memory.plainJs} B`);
  });
});
