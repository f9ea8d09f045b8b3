import { describe, expect, it } from 'vitest';
import { col, count, LazyFrame } from '@df-stream/core';
import { CsvSource, readCsv, scanCsv } from '../../src/csv/index.js';
import { rowsOf, tempDir } from './csv-test-helpers.js';

const tmp = tempDir('csv-split-after');

/** Seeded rows: a low-cardinality key, a key unique per row, a quoted text with newlines now and then. */
function table(rows: number, seed: number): string {
  let a = seed >>> 0;
  const next = (): number => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return a / 2 ** 32;
  };
  const lines = ['k,id,v,note'];
  for (let i = 0; i < rows; i++) {
    const note = next() < 0.05 ? `"line\nbreak ""${i}"""` : `n${i % 13}`;
    lines.push(`k${Math.floor(next() * 20)},row${i},${Math.floor(next() * 1000) - 500},${note}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('splitting the rest of a CSV after a first scan (splitsAfter)', () => {
  it('the rows after any chunk boundary, split into ranges, are exactly the rows the scan had not read', async () => {
    const path = tmp.write('rest.csv', table(3000, 7));
    const whole = rowsOf(await readCsv(path));
    for (const chunkSize of [1, 7, 500]) {
      const source = new CsvSource(path, { chunkSize });
      let read = 0;
      for await (const chunk of source.scan()) {
        read += chunk.numRows;
        if (read >= 1200) break;
      }
      const rest = await source.splitsAfter(3, source.progress().bytesRead);
      expect(rest?.length, `chunk size ${chunkSize}`).toBe(3);
      const parts: (string | null)[][] = [];
      for (const split of rest ?? []) {
        const [file, options] = split.args as [string, { byteRange: { start: number; end: number } }];
        parts.push(...rowsOf(await readCsv(file, { byteRange: options.byteRange })));
      }
      expect(parts, `chunk size ${chunkSize}`).toEqual(whole.slice(read));
    }
    // A position inside the header is not a row start a scan could report: nothing to split.
    expect(await new CsvSource(path).splitsAfter(2, 3)).toBeUndefined();
  });

  it('a group-by that reads a probe first and hands the rest to workers equals one thread', async () => {
    const path = tmp.write('probe.csv', table(6000, 11));
    const run = (keys: string[], threads: number) =>
      scanCsv(path, { chunkSize: 250 })
        .filter(col('v').gt(-400))
        .groupBy(...keys)
        .withOptions({ threads, probeRows: 1000 })
        .agg(count(), { v: ['sum', 'first', 'last', 'min'], note: ['n_unique'] })
        .collect();
    // A low-cardinality key goes to the workers after the probe; a key unique per row stays on this thread.
    for (const keys of [['k'], ['k', 'note'], ['id']]) {
      const one = (await run(keys, 1)).toRecords();
      const three = (await run(keys, 3)).toRecords();
      expect(three, `${keys}`).toEqual(one);
      expect(one.length).toBeGreaterThan(0);
    }
  });

  it('a LazyFrame passes splitsAfter through with its row operations, and refuses after a limit', async () => {
    const path = tmp.write('lazy.csv', table(2000, 3));
    const source = new CsvSource(path, { chunkSize: 100 });
    const lazy = LazyFrame.fromSource(source).filter(col('v').gt(0));
    const iterator = source.scan()[Symbol.asyncIterator]();
    await iterator.next();
    const rest = await lazy.splitsAfter?.(2, source.progress().bytesRead);
    expect(rest?.length).toBe(2);
    expect(rest?.[0].ops).toHaveLength(1);
    expect(await lazy.limit(5).splitsAfter?.(2, source.progress().bytesRead)).toBeUndefined();
    // Over a source that cannot split the rest, a LazyFrame has no splitsAfter either (so a group-by splits up front).
    expect(LazyFrame.fromSource({ description: 'x', schema: source.schema.bind(source), scan: source.scan.bind(source) }).splitsAfter).toBeUndefined();
    await iterator.return?.();
  });
});
