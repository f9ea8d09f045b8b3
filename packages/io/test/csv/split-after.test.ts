import { Readable } from 'node:stream';
import { col, count, DataFrame, LazyFrame, type SourceSplit } from '@df-stream/core';
import { SplitGuessError } from '@df-stream/core/internal';
import { installNodeRuntime } from '@df-stream/engine';
import { makeTestDir, SeededRandom } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import type { ByteRange } from '../../src/csv/csv-options.js';
import { CsvSource, readCsv, scanCsv } from '../../src/csv/index.js';
import { rowsOf } from './csv-test-helpers.js';

// Group-bys here run on worker threads: the Node runtime provides them.
installNodeRuntime();

const tmp = makeTestDir('csv-split-after');

/** Seeded rows: a low-cardinality key, a key unique per row, a quoted text with newlines now and then. */
function table(rows: number, seed: number): string {
  const random = new SeededRandom(seed);
  const next = (): number => random.next();
  const lines = ['k,id,v,note'];
  for (let i = 0; i < rows; i++) {
    const note = next() < 0.05 ? `"line\nbreak ""${i}"""` : `n${i % 13}`;
    lines.push(`k${Math.floor(next() * 20)},row${i},${Math.floor(next() * 1000) - 500},${note}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Scans `source` until at least `rows` rows, then stops (as a group-by's probe does); returns the rows read. */
async function scanUntil(source: CsvSource, rows: number): Promise<number> {
  let read = 0;
  for await (const chunk of source.scan()) {
    read += chunk.numRows;
    if (read >= rows) break;
  }
  return read;
}

/** The byte ranges of CSV splits (`splitsAfter`'s answer; none when it gave none). */
function rangesOf(splits: readonly SourceSplit[] | undefined): ByteRange[] {
  return (splits ?? []).map((split) => (split.args[1] as { byteRange: ByteRange }).byteRange);
}

describe('splitting the rest of a CSV after a first scan (splitsAfter)', () => {
  it('the rows after any chunk boundary, split into ranges, are exactly the rows the scan had not read', async () => {
    const path = tmp.write('rest.csv', table(3000, 7));
    const whole = rowsOf(await readCsv(path));
    for (const chunkSize of [1, 7, 500]) {
      const source = new CsvSource(path, { chunkSize });
      const read = await scanUntil(source, 1200);
      const rest = await source.splitsAfter(3, source.progress().bytesRead);
      expect(rest?.length, `chunk size ${chunkSize}`).toBe(3);
      const parts: (string | null)[][] = [];
      for (const byteRange of rangesOf(rest)) parts.push(...rowsOf(await readCsv(path, { byteRange })));
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

  it('weights size the ranges, which the readers cut at row starts of their own, and which cover exactly the rest', async () => {
    const path = tmp.write('weights.csv', table(4000, 5));
    const whole = rowsOf(await readCsv(path));
    for (const chunkSize of [1, 64, 1000]) {
      const source = new CsvSource(path, { chunkSize });
      const read = await scanUntil(source, 700);
      const from = source.progress().bytesRead;
      const rest = await source.splitsAfter(3, from, [2, 1, 1]);
      const ranges = rangesOf(rest);
      expect(ranges).toHaveLength(3);
      // Cut by bytes, not at row starts: only the first range starts where the scan stopped.
      expect(ranges[0].start).toBe(from);
      expect(ranges.slice(1).map((r) => r.scanFrom)).toEqual([from, from]);
      const sizes = ranges.map((r) => r.end - r.start);
      expect(sizes[0] / (sizes[1] + sizes[2])).toBeCloseTo(1, 2);
      expect(sizes[1] / sizes[2]).toBeCloseTo(1, 2);
      const parts = await Promise.all(ranges.map(async (byteRange) => rowsOf(await readCsv(path, { byteRange, chunkSize }))));
      // Every part gets rows, and together, in order, they are the rows the scan had not read.
      for (const part of parts) expect(part.length).toBeGreaterThan(100);
      expect(parts.flat()).toEqual(whole.slice(read));
    }
    const source = new CsvSource(path);
    await expect(source.splitsAfter(2, (await source.layout()).dataStart, [1])).rejects.toThrow(/weights must be 2 positive numbers/);
    await expect(async () => readCsv(path, { byteRange: { start: 10, end: 20, scanFrom: 11 } })).rejects.toThrow(/scanFrom must satisfy/);
    // A stream has no offsets to follow quotes from.
    const stream = Readable.from([Buffer.from('a,b\n1,2\n3,4\n')]);
    await expect(async () => readCsv(stream, { byteRange: { start: 6, end: 20, scanFrom: 4 } })).rejects.toThrow(/byteRange needs a file path/);
  });

  it('keepFirst: the scan reads the first range on and stops where it ends, and the ranges returned are the rest', async () => {
    // With quoted line breaks (ranges follow quotes) and without (ranges guess their first rows), every line end.
    const plain = table(4000, 23).replaceAll('"line\nbreak ', '"no break ');
    for (const [name, text] of [
      ['quoted', table(4000, 23)],
      ['lf', plain],
      ['crlf', plain.replaceAll('\n', '\r\n')],
    ]) {
      const path = tmp.write(`keep-first-${name}.csv`, text);
      const whole = rowsOf(await readCsv(path));
      for (const chunkSize of [1, 7, 64, 1000]) {
        const source = new CsvSource(path, { chunkSize });
        const chunks = source.scan()[Symbol.asyncIterator]();
        const own: (string | null)[][] = [];
        let read = 0;
        while (read < 700) {
          const next = await chunks.next();
          if (next.done === true) throw new Error('the file ended before the probe');
          read += next.value.numRows;
        }
        const rest = await source.splitsAfterKeepingFirst(3, source.progress().bytesRead, [1.5, 1, 1]);
        const ranges = rangesOf(rest);
        expect(ranges, `${name}, chunk size ${chunkSize}`).toHaveLength(2);
        for (;;) {
          const next = await chunks.next();
          if (next.done === true) break;
          own.push(...rowsOf(DataFrame.fromChunks([next.value])));
        }
        // The scan stopped at the first row at or after the cut where the ranges returned take over (rows here
        // take under 100 bytes), not at the end.
        expect(own.length).toBeGreaterThan(100);
        expect(source.progress().bytesRead).toBeGreaterThanOrEqual(ranges[0].start);
        expect(source.progress().bytesRead).toBeLessThan(ranges[0].start + 100);
        const parts = await Promise.all(ranges.map(async (byteRange) => rowsOf(await readCsv(path, { byteRange, chunkSize }))));
        for (const part of parts) expect(part.length).toBeGreaterThan(100);
        expect([...own, ...parts.flat()], `${name}, chunk size ${chunkSize}`).toEqual(whole.slice(read));
      }
    }
  });

  it('splitsAfterKeepingFirst refuses a position its scan is not at, a source no scan has read, and two scans under way', async () => {
    const path = tmp.write('keep-first-refused.csv', table(3000, 29));
    const source = new CsvSource(path, { chunkSize: 100 });
    // No scan has read anything yet (a file without a header: its data starts at byte 0, where progress is).
    const bare = new CsvSource(tmp.write('keep-first-bare.csv', table(3000, 29).split('\n').slice(1).join('\n')), { header: false });
    expect(bare.progress().bytesRead).toBe((await bare.layout()).dataStart);
    expect(await bare.splitsAfterKeepingFirst(2, 0)).toBeUndefined();
    const first = source.scan()[Symbol.asyncIterator]();
    await first.next();
    const at = source.progress().bytesRead;
    expect(await source.splitsAfterKeepingFirst(2, at - 1)).toBeUndefined();
    // A second scan of the same source reads a chunk: both are at the same position, and which one asks cannot be
    // told; nothing is kept, and the first scan reads on to the end.
    const second = source.scan()[Symbol.asyncIterator]();
    await second.next();
    expect(source.progress().bytesRead).toBe(at);
    expect(await source.splitsAfterKeepingFirst(2, at)).toBeUndefined();
    let rows = 100;
    while (true) {
      const next = await first.next();
      if (next.done === true) break;
      rows += next.value.numRows;
    }
    expect(rows).toBe(3000);
    await second.return?.();
  });

  it('a range cut inside a quoted field with line breaks starts at the next real row', async () => {
    // Every row has a quoted field with line breaks: a cut lands inside one more often than not.
    const lines = ['k,note,v'];
    for (let i = 0; i < 500; i++) lines.push(`k${i % 7},"a\nb ""${i}""\r\nc,d",${i}`);
    for (const [name, eol] of [
      ['lf', '\n'],
      ['crlf', '\r\n'],
      ['cr', '\r'],
    ]) {
      const path = tmp.write(`quoted-cuts-${name}.csv`, `${lines.join(eol)}${eol}`);
      const whole = rowsOf(await readCsv(path));
      const dataStart = (await new CsvSource(path).layout()).dataStart;
      for (let cut = dataStart + 1; cut < dataStart + 100; cut += 3) {
        const first = rowsOf(await readCsv(path, { byteRange: { start: 0, end: cut } }));
        const second = rowsOf(await readCsv(path, { byteRange: { start: cut, end: Number.MAX_SAFE_INTEGER, scanFrom: dataStart } }));
        expect([...first, ...second], `${name}, cut at ${cut}`).toEqual(whole);
      }
    }
  });

  it('with no quoted line break seen, the ranges guess their first rows and still cover exactly the rest', async () => {
    // table's notes without their line break: quoted fields, none holding a line break.
    const rows = table(4000, 17).replaceAll('"line\nbreak ', '"no break ').split('\n');
    for (const [name, eol] of [
      ['lf', '\n'],
      ['crlf', '\r\n'],
      ['cr', '\r'],
    ]) {
      const path = tmp.write(`guess-${name}.csv`, rows.join(eol));
      const whole = rowsOf(await readCsv(path));
      for (const chunkSize of [1, 64, 1000]) {
        const source = new CsvSource(path, { chunkSize });
        const read = await scanUntil(source, 700);
        const rest = await source.splitsAfter(4, source.progress().bytesRead, [1.5, 1, 1, 1]);
        const ranges = rangesOf(rest);
        expect(ranges.map((r) => r.guess)).toEqual([true, true, true, true]);
        const parts = await Promise.all(ranges.map(async (byteRange) => rowsOf(await readCsv(path, { byteRange, chunkSize }))));
        expect(parts.flat(), `${name}, chunk size ${chunkSize}`).toEqual(whole.slice(read));
      }
    }
    // A quoted line break met before the split: the ranges follow quotes instead of guessing.
    const quoted = tmp.write('no-guess.csv', table(3000, 7));
    const source = new CsvSource(quoted, { chunkSize: 100 });
    await scanUntil(source, 1000);
    const rest = await source.splitsAfter(3, source.progress().bytesRead);
    expect(rangesOf(rest).map((r) => r.guess)).toEqual([undefined, undefined, undefined]);
  });

  it('a quoted line break across a cut makes the guess wrong: the scans say so, and the group-by reads again on exact splits', async () => {
    // Plain rows for the probe, then rows whose quoted note (most of each row's bytes) holds a line break per 4 bytes.
    const lines = ['k,v,note'];
    for (let i = 0; i < 600; i++) lines.push(`k${i % 5},${i},plain`);
    for (let i = 600; i < 3000; i++) lines.push(`k${i % 5},${i},"${'ab\n'.repeat(30)}${i}"`);
    const path = tmp.write('wrong-guess.csv', `${lines.join('\n')}\n`);
    const source = new CsvSource(path, { chunkSize: 100 });
    await scanUntil(source, 300);
    const rest = await source.splitsAfter(3, source.progress().bytesRead);
    const ranges = rangesOf(rest);
    expect(ranges.map((r) => r.guess)).toEqual([true, true, true]);
    // The reader of the first range finds the second range's first row elsewhere than its guess; the reader
    // of the second range, started inside a quoted field, meets a bad row and finds its own guess wrong.
    await expect(readCsv(path, { byteRange: ranges[0] })).rejects.toThrow(SplitGuessError);
    await expect(readCsv(path, { byteRange: ranges[1] })).rejects.toThrow(/not at the guessed/);
    // A scan that reads the first range on (keepFirst) checks the guess where it stops, as that range's reader does.
    const kept = new CsvSource(path, { chunkSize: 100 });
    const chunks = kept.scan()[Symbol.asyncIterator]();
    for (let read = 0; read < 300; ) read += ((await chunks.next()).value as { numRows: number }).numRows;
    const others = rangesOf(await kept.splitsAfterKeepingFirst(3, kept.progress().bytesRead));
    expect(others).toEqual(ranges.slice(1));
    await expect(
      (async () => {
        while ((await chunks.next()).done !== true);
      })(),
    ).rejects.toThrow(SplitGuessError);
    const run = (threads: number) =>
      scanCsv(path, { chunkSize: 100 })
        .groupBy('k')
        .withOptions({ threads, probeRows: 300 })
        .agg(count(), { v: ['sum', 'first', 'last'] })
        .collect();
    const one = (await run(1)).toRecords();
    expect(one).toHaveLength(5);
    expect(one.reduce((n, r) => n + Number(r.count), 0)).toBe(3000);
    expect((await run(3)).toRecords()).toEqual(one);
  });

  it('a bad row stops the group-by whether this thread or a worker reads it, with its line', async () => {
    const lines = table(6000, 13).split('\n');
    // Data row i is file line i + 2. After a 1000-row probe this thread reads the first part of the rest and the
    // worker the last (on a file this small, only its last rows: see splitWeights).
    for (const row of [2000, 5998]) {
      const bad = [...lines];
      bad[row + 1] = 'k1,only-two';
      const path = tmp.write(`bad-${row}.csv`, bad.join('\n'));
      const run = scanCsv(path, { chunkSize: 250 }).groupBy('k').withOptions({ threads: 2, probeRows: 1000 }).agg(count()).collect();
      await expect(run, `row ${row}`).rejects.toThrow(new RegExp(`bad-${row}\\.csv:${row + 2}: expected 4 fields`));
    }
  });
});
