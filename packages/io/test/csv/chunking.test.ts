import { Readable } from 'node:stream';
import { makeTestDir } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { readCsv, scanCsv } from '../../src/csv/index.js';
import { snapshot } from './csv-test-helpers.js';
import { randomTypedCsv } from './random-typed-csv.js';

const tmp = makeTestDir('csv-chunking');

describe('results do not depend on chunk or read-buffer size', () => {
  for (const seed of [1, 2, 3]) {
    for (const inferSchemaRows of [3, undefined]) {
      it(`seed ${seed}, inferSchemaRows ${inferSchemaRows ?? 'default'}: identical frames for chunk sizes 1..default and buffers down to 8 bytes`, async () => {
        const text = randomTypedCsv(seed);
        const path = tmp.write(`typed-${seed}.csv`, text);
        const reference = snapshot(await readCsv(path, { inferSchemaRows }));
        expect(reference.rows.length).toBe(200);
        for (const chunkSize of [1, 2, 7, 64, undefined]) {
          for (const readBufferSize of [8, 13, 100, undefined]) {
            if (chunkSize === 1 && readBufferSize === undefined) continue;
            const df = await readCsv(path, { inferSchemaRows, chunkSize, readBufferSize });
            expect(snapshot(df), `chunkSize ${chunkSize}, readBufferSize ${readBufferSize}`).toEqual(reference);
          }
        }
        // A stream in small pieces reads the same.
        const bytes = Buffer.from(text);
        const pieces = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
        expect(snapshot(await readCsv(Readable.from(pieces), { inferSchemaRows, chunkSize: 7 }))).toEqual(reference);
      });
    }
  }

  it('chunks hold chunkSize rows, the last one the rest, and the schema is known before the first chunk', async () => {
    const path = tmp.write('typed-rows.csv', randomTypedCsv(9, 100));
    const frame = scanCsv(path, { chunkSize: 30 });
    const schema = await frame.schema();
    expect(schema.names).toEqual(['small', 'growing', 'float', 'mixed', 'flag', 'city', 'sparse', 'quoted']);
    const sizes: number[] = [];
    for await (const chunk of frame) sizes.push(chunk.numRows);
    expect(sizes).toEqual([30, 30, 30, 10]);
  });
});
