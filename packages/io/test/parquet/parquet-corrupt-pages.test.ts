import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFrame } from '@df-stream/core';
import { makeTestDir } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../src/format-error.js';
import { type ParquetReadOptions, readParquet, writeParquet } from '../../src/parquet/index.js';
import { readParquetFooter } from '../../src/parquet/read/parquet-footer.js';
import { readThriftStruct } from '../../src/parquet/read/thrift-compact.js';

// Regression cases of `pnpm fuzz` (issue 22): Parquet files that parquet-wasm panics on. They used to give "the
// Parquet decoder failed (parquet decoder crashed: unreachable)" and no column; now the error says what is wrong
// and where. Each file is an uncompressed one written here, with one page header or data byte overwritten; the pages
// are found through the footer and the page headers, not at fixed offsets.

const { dir } = makeTestDir('df-stream-parquet-corrupt');
const frame = DataFrame.fromColumns({ id: [1, 2, 3, 4], city: ['a', 'b', 'a', 'c'], v: [1.5, 2.5, null, 4] });

/** Where each page of column `column` (0-based) of row group 0 starts and where its header ends. */
async function pages(path: string, column: number): Promise<{ start: number; headerEnd: number; type: number }[]> {
  const footer = await readParquetFooter(path);
  const chunk = footer!.rowGroups[0].chunks[column];
  const bytes = new Uint8Array(readFileSync(path));
  const out: { start: number; headerEnd: number; type: number }[] = [];
  for (let at = chunk.start; at < chunk.end; ) {
    const { value, end } = readThriftStruct(bytes, at);
    out.push({ start: at, headerEnd: end, type: value.get(1) as number });
    at = end + (value.get(3) as number);
  }
  return out;
}

async function corrupted(name: string, change: (bytes: Uint8Array, path: string) => Promise<void>): Promise<string> {
  const path = join(dir, name);
  await writeParquet(frame, path, { compression: 'none' });
  const bytes = new Uint8Array(readFileSync(path));
  await change(bytes, path);
  writeFileSync(path, bytes);
  return path;
}

async function refusal(path: string, options: ParquetReadOptions = {}): Promise<FormatError> {
  const error = await readParquet(path, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FormatError);
  const e = error as FormatError;
  expect(e.code).toBe('malformed');
  expect(e.message).toContain(path);
  expect(e.message).not.toMatch(/unreachable|crashed|\n/);
  return e;
}

/** The end of the compact-protocol varint at `at`. */
function varintEnd(bytes: Uint8Array, at: number): number {
  let p = at;
  while (bytes[p] & 0x80) p++;
  return p + 1;
}

describe('Parquet pages parquet-wasm panics on', () => {
  it('names the column and the page whose compressed size is -2^31', async () => {
    const path = await corrupted('size.parquet', async (bytes, p) => {
      // PageHeader: field 1 (type), 2 (uncompressed size), 3 (compressed size), each a one-byte field header and a varint.
      const [first] = await pages(p, 0);
      const third = varintEnd(bytes, varintEnd(bytes, first.start + 1) + 1);
      bytes.set([0xff, 0xff, 0xff, 0xff, 0x0f], third + 1);
    });
    const e = await refusal(path);
    expect(e.message).toContain("row group 0, column 'id': the page header at byte 4 gives a compressed size of -2147483648");
    expect([e.rowGroup, e.column]).toEqual([0, 'id']);
  });

  it('names a page header that is not Thrift (a field of type 15)', async () => {
    const path = await corrupted('thrift.parquet', async (bytes, p) => {
      const [first] = await pages(p, 1);
      bytes[first.start] = 0x1f;
    });
    expect((await refusal(path)).message).toMatch(/row group 0, column 'city': corrupt page header at byte \d+: unknown field type 15/);
  });

  it('names a zeroed page header', async () => {
    const path = await corrupted('zeros.parquet', async (bytes, p) => {
      const [first] = await pages(p, 2);
      bytes.fill(0, first.start, first.headerEnd);
    });
    expect((await refusal(path)).message).toMatch(/row group 0, column 'v': the page header at byte \d+ has no page type/);
  });

  it('finds the column whose data parquet-wasm cannot decode when the page headers are sound', async () => {
    const path = await corrupted('bits.parquet', async (bytes, p) => {
      // The dictionary indices of 'city' start with their bit width: 63 is more than any index needs (at most 32).
      const data = (await pages(p, 1)).find((page) => page.type === 0);
      bytes[data!.headerEnd] = 63;
    });
    // parquet-wasm (still the reader of nested files) panics; the error names the column it could not decode.
    const e = await refusal(path, { engine: 'parquet-wasm' });
    expect(e.message).toContain("row group 0, column 'city': this column's data cannot be decoded");
    expect([e.rowGroup, e.column]).toEqual([0, 'city']);
    // Our own reader finds the problem as it decodes the page, and names the same place.
    const own = await refusal(path);
    expect(own.message).toMatch(/row group 0, column 'city': /);
    expect([own.rowGroup, own.column]).toEqual([0, 'city']);
  });

  it('checks the footer first: a footer length past the start of the file', async () => {
    const path = await corrupted('footer.parquet', async (bytes) => {
      new DataView(bytes.buffer).setUint32(bytes.length - 8, bytes.length, true);
    });
    expect((await refusal(path)).message).toMatch(/the footer length \(\d+ bytes\) does not fit in the file \(\d+ bytes\)/);
  });
});
