import { Buffer } from 'node:buffer';
import { DataFrame } from '@df-stream/core';
import { makeTestDir } from '@df-stream/test-utils';
import { Dictionary, Int32, Table, tableFromArrays, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { scanParquet, writeParquet } from '../../src/index.js';
import { arrowDictionaryFields } from '../../src/parquet/read/arrow-dictionary-fields.js';
import { CODEC } from '../../src/parquet/read/decode/decompress-page.js';
import { planParquetColumn } from '../../src/parquet/read/parquet-column-plan.js';
import { readParquetFooter } from '../../src/parquet/read/parquet-footer.js';
import { ENCODING, type ParquetColumnChunk, type ParquetLeaf, PHYSICAL, parquetMetadata } from '../../src/parquet/read/parquet-metadata.js';

const dir = makeTestDir('parquet-column-plan');
const STRING_LEAF: ParquetLeaf = { name: 's', physical: PHYSICAL.BYTE_ARRAY, repetition: 1, nested: false, logical: { kind: 'string' } };

/** A dictionary-encoded string chunk of `bytes` stored bytes whose dictionary page takes `dictionaryBytes`. */
function chunk(bytes: number, dictionaryBytes: number): ParquetColumnChunk {
  return {
    codec: CODEC.SNAPPY,
    encodings: [ENCODING.PLAIN, ENCODING.RLE, ENCODING.RLE_DICTIONARY],
    numValues: 100_000,
    start: 4,
    end: 4 + bytes,
    hasDictionaryPage: true,
    dictionaryBytes,
    plainDataPages: false,
    min: undefined,
    max: undefined,
    typedMinMax: false,
    nullCount: 0,
  };
}

function dtypeOf(c: ParquetColumnChunk, arrowDictionary = false): unknown {
  const plan = planParquetColumn(STRING_LEAF, 0, [c], arrowDictionary);
  return typeof plan === 'string' ? plan : plan.dtype;
}

describe('planParquetColumn: categorical or utf8 strings', () => {
  it('a dictionary smaller than its indices is categorical; one that takes most of its chunk is utf8', () => {
    expect(dtypeOf(chunk(400_000, 100_000))).toBe('categorical');
    expect(dtypeOf(chunk(400_000, 199_999))).toBe('categorical');
    expect(dtypeOf(chunk(400_000, 200_001))).toBe('utf8');
    expect(dtypeOf(chunk(400_000, 300_000))).toBe('utf8');
  });

  it('a small dictionary stays categorical whatever its share (a small file), and so does one the Arrow schema names', () => {
    expect(dtypeOf(chunk(1000, 900))).toBe('categorical');
    expect(dtypeOf(chunk(80_000, 65_536))).toBe('categorical');
    expect(dtypeOf(chunk(400_000, 300_000), true)).toBe('categorical');
  });

  it('a dictionary page of unknown size (0) leaves the encoding to decide', () => {
    expect(dtypeOf(chunk(400_000, 0))).toBe('categorical');
  });
});

describe('arrowDictionaryFields', () => {
  it("names the categorical columns of our writer's files, which then read back categorical however wide", async () => {
    const n = 40_000;
    const path = dir.path('mixed.parquet');
    await writeParquet(
      DataFrame.fromColumns({ wide: Array.from({ length: n }, (_, i) => `id${String(i).padStart(10, '0')}`) }, { dtypes: { wide: 'categorical' } }),
      path,
    );
    // Every value distinct: the dictionary page is most of the chunk, and only the Arrow schema keeps it categorical.
    const footer = await readParquetFooter(path);
    if (footer === undefined) throw new Error('no footer');
    const meta = parquetMetadata(footer);
    expect(arrowDictionaryFields(meta.keyValues).has('wide')).toBe(true);
    const without = planParquetColumn(
      meta.leaves[0],
      0,
      meta.rowGroups.map((g) => g.chunks[0]),
      false,
    );
    expect(typeof without === 'string' ? without : without.dtype).toBe('utf8');
    expect((await scanParquet(path).schema()).field('wide').dtype).toBe('categorical');
    expect((await scanParquet(path).collect()).column('wide').get(12_345)).toBe('id0000012345');
  });

  it('reads only a Schema message: a record batch message is no schema', () => {
    const stream = tableToIPC(tableFromArrays({ a: Int32Array.of(1, 2, 3) }), 'stream');
    const view = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
    const second = 8 + view.getInt32(4, true);
    const batch = stream.subarray(second, second + 8 + view.getInt32(second + 4, true));
    expect(arrowDictionaryFields(new Map([['ARROW:schema', Buffer.from(batch).toString('base64')]])).size).toBe(0);
    // The schema message before it is read (a table without dictionaries: no names).
    expect(arrowDictionaryFields(new Map([['ARROW:schema', Buffer.from(stream.subarray(0, second)).toString('base64')]])).size).toBe(0);
  });

  it('reads no schema out of a message that claims another type (its header is not verified as a schema)', () => {
    const table = new Table({ k: vectorFromArray(['a', 'b', 'a'], new Dictionary(new Utf8(), new Int32())) });
    const stream = tableToIPC(table, 'stream');
    const view = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
    const schema = stream.slice(0, 8 + view.getInt32(4, true));
    const hint = (bytes: Uint8Array) => arrowDictionaryFields(new Map([['ARROW:schema', Buffer.from(bytes).toString('base64')]]));
    expect([...hint(schema)]).toEqual(['k']);
    // The Message table's header_type (its field 1, a byte) set to 4, a type the verifier checks as an empty table.
    const m = new DataView(schema.buffer, 8);
    const root = m.getUint32(0, true);
    const vtable = root - m.getInt32(root, true);
    m.setUint8(root + m.getUint16(vtable + 6, true), 4);
    expect(hint(schema).size).toBe(0);
  });

  it('is empty for no entry, or an entry that is not an Arrow schema', () => {
    expect(arrowDictionaryFields(new Map()).size).toBe(0);
    expect(arrowDictionaryFields(new Map([['ARROW:schema', 'not base64 of anything']])).size).toBe(0);
    expect(arrowDictionaryFields(new Map([['ARROW:schema', Buffer.from(new Uint8Array([255, 255, 255, 255, 200, 0, 0, 0, 1, 2, 3])).toString('base64')]])).size).toBe(0);
  });
});
