import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { Chunk, DataFrame } from '@df-stream/core';
import { makeTestDir } from '@df-stream/test-utils';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CsvEncoder, readCsv, scanCsv, writeCsv } from '../../src/csv/index.js';
import { writeBlocks } from '../../src/csv/write/write-blocks.js';
import { sinkToPath as csvSinkWriter } from '../../src/sink.js';
import { rowsOf } from './csv-test-helpers.js';
import { randomCsv } from './random-csv.js';
import { randomTypedCsv } from './random-typed-csv.js';

const tmp = makeTestDir('csv-write');

describe('writeCsv', () => {
  it('encodes the next block while one is written, never into the bytes under way, one write at a time', async () => {
    const n = 200_000;
    const df = DataFrame.fromColumns({ a: Float64Array.from({ length: n }, (_, i) => i / 7), b: Int32Array.from({ length: n }, (_, i) => i * 13) });
    const path = tmp.path('blocks.csv');
    await writeCsv(df, path);
    const blocks: Buffer[] = [];
    let writing = 0;
    let encodedMeanwhile = 0;
    let encoded = 0;
    const source = {
      async *[Symbol.asyncIterator]() {
        for (const chunk of df.chunks) {
          for (let s = 0; s < chunk.numRows; s += 10_000) {
            encoded++;
            yield chunk.slice(s, Math.min(chunk.numRows, s + 10_000));
          }
        }
      },
      schema: df.schema,
    };
    await writeBlocks(source, new CsvEncoder(), async (bytes) => {
      expect(writing).toBe(0);
      writing++;
      const copy = Buffer.from(bytes);
      const before = encoded;
      // A slow disk: the writer goes on encoding meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 15));
      encodedMeanwhile += encoded - before;
      expect(Buffer.compare(Buffer.from(bytes), copy)).toBe(0);
      writing--;
      blocks.push(copy);
    });
    expect(blocks.length).toBeGreaterThan(2);
    expect(encodedMeanwhile).toBeGreaterThan(0);
    expect(Buffer.compare(Buffer.concat(blocks), readFileSync(path))).toBe(0);
  });

  it('waits for the write under way when its source fails, and stops reading its source once a write failed', async () => {
    const n = 2000;
    const df = DataFrame.fromColumns({ a: Float64Array.from({ length: n }, (_, i) => i / 7), b: Int32Array.from({ length: n }, (_, i) => i * 13) });
    const chunk = df.chunks[0];
    const perBlock = Math.ceil(2 ** 20 / new CsvEncoder({ header: false }).encode(chunk).length);
    let pulled = 0;
    // A source that reads (a timer's turn of the event loop per chunk), then fails or ends.
    const source = (chunks: number, thenFail: boolean) => ({
      async *[Symbol.asyncIterator]() {
        for (let c = 0; c < chunks; c++) {
          await new Promise((resolve) => setTimeout(resolve, 0));
          pulled++;
          yield chunk;
        }
        if (thenFail) throw new Error('the source broke');
      },
    });
    let inFlight = false;
    const slow = async (): Promise<void> => {
      inFlight = true;
      await new Promise((resolve) => setTimeout(resolve, 50));
      inFlight = false;
    };
    await expect(writeBlocks(source(perBlock + 2, true), new CsvEncoder(), slow)).rejects.toThrow('the source broke');
    expect(inFlight).toBe(false);
    pulled = 0;
    const full = async (): Promise<void> => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      throw new Error('the disk is full');
    };
    await expect(writeBlocks(source(4 * perBlock, false), new CsvEncoder(), full)).rejects.toThrow('the disk is full');
    // The first block's write fails while the second block is encoded: reading stops within a few chunks of it, not
    // at the next block's end.
    expect(pulled).toBeLessThan(perBlock + perBlock / 2);
  });

  it('round-trips typed data: nulls, empty strings, NaN, ±Infinity, quotes, newlines, unicode', async () => {
    for (const seed of [1, 2]) {
      const source = tmp.write(`in-${seed}.csv`, randomTypedCsv(seed));
      const df = await readCsv(source);
      const out = tmp.path(`out-${seed}.csv`);
      await writeCsv(df, out);
      const back = await readCsv(out);
      expect(back.columns).toEqual(df.columns);
      expect(rowsOf(back)).toEqual(rowsOf(df));
    }
  });

  it('writes RFC 4180 text that csv-parse reads back to the same strings', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const csv = randomCsv(seed, { columns: 3 });
      const names = ['a', 'b', 'c'];
      const df = DataFrame.fromRecords(
        csv.rows.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i]]))),
        { dtypes: { a: 'utf8', b: 'categorical', c: 'utf8' } },
      );
      const out = tmp.path(`rfc-${seed}.csv`);
      await writeCsv(df, out, { delimiter: csv.delimiter });
      const parsed: string[][] = parse(readFileSync(out, 'utf8'), { delimiter: csv.delimiter });
      expect(parsed, `seed ${seed}`).toEqual([names, ...csv.rows]);
    }
  });

  it('quotes only what needs it; delimiter, null text and line end are configurable', async () => {
    const df = DataFrame.fromColumns({ s: ['plain', 'a;b', 'say "x"', '', null, 'NA', 'two\nlines'], n: [1, 2, null, 4, 5, 6, 7] });
    const out = tmp.path('quoting.csv');
    await writeCsv(df, out, { delimiter: ';', nullValue: '\\N', lineTerminator: '\r\n' });
    expect(readFileSync(out, 'utf8')).toBe('s;n\r\nplain;1\r\n"a;b";2\r\n"say ""x""";\\N\r\n"";4\r\n\\N;5\r\n"NA";6\r\n"two\nlines";7\r\n');
    const back = await readCsv(out, { nullValues: ['\\N'] });
    expect(rowsOf(back)).toEqual(rowsOf(df));
  });

  it('streams a LazyFrame chunk by chunk, and writes to a Writable', async () => {
    const source = tmp.write('lazy-in.csv', randomTypedCsv(3, 300));
    const out = tmp.path('lazy-out.csv');
    await writeCsv(scanCsv(source, { chunkSize: 17 }), out);
    expect(rowsOf(await readCsv(out))).toEqual(rowsOf(await readCsv(source)));
    const sink = new PassThrough();
    const pieces: Buffer[] = [];
    sink.on('data', (b: Buffer) => pieces.push(b));
    await writeCsv(await readCsv(source), sink);
    expect(Buffer.concat(pieces).toString('utf8')).toBe(readFileSync(out, 'utf8'));
    await csvSinkWriter(scanCsv(source), tmp.path('sink.csv'), {});
    expect(readFileSync(tmp.path('sink.csv'), 'utf8')).toBe(readFileSync(out, 'utf8'));
  });

  it('leaves no file and no temp file behind when the source fails', async () => {
    const dir = tmp.path('');
    const before = readdirSync(dir).length;
    const good = Chunk.of({ x: DataFrame.fromColumns({ x: [1, 2, 3] }).chunks[0].columns[0] });
    async function* failing(): AsyncGenerator<Chunk> {
      yield good;
      throw new Error('source broke');
    }
    const out = tmp.path('never.csv');
    await expect(writeCsv(failing(), out)).rejects.toThrow('source broke');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).length).toBe(before);
  });
});
