import { type Chunk, DEFAULT_CATEGORICAL_CAP } from '@df-stream/core';
import { CategoricalColumn } from '@df-stream/core/internal';
import { makeTestDir } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { SCAN_CATEGORICAL_CAP } from '../../src/csv/csv-options.js';
import { readCsv, scanCsv } from '../../src/csv/index.js';

const tmp = makeTestDir('csv-infer');

async function chunksOf(path: string, options: Parameters<typeof scanCsv>[1]): Promise<Chunk[]> {
  const out: Chunk[] = [];
  for await (const c of scanCsv(path, options)) out.push(c);
  return out;
}

describe('schema inference and widening', () => {
  it('infers the narrowest integer, float64, bool and categorical from the sample', async () => {
    const path = tmp.write('kinds.csv', 'i8,i16,i32,i64,f,b,s\n1,300,70000,5000000000,1.5,true,x\n-128,-300,-70000,-1,2,FALSE,y\n');
    const df = await readCsv(path);
    expect(df.schema.fields.map((f) => f.dtype)).toEqual(['int8', 'int16', 'int32', 'int64', 'float64', 'bool', 'categorical']);
    expect(df.toRecords()[1]).toEqual({ i8: -128, i16: -300, i32: -70000, i64: -1, f: 2, b: false, s: 'y' });
  });

  it('samples the first inferSchemaRows rows however many bytes they take (up to 8 MiB), and no row after them', async () => {
    // 300-byte rows: 10,000 of them take 3 MB, past the 1 MiB first read for the head.
    const pad = 'p'.repeat(290);
    const rows = Array.from({ length: 10_050 }, (_, i) => `${i === 9_000 ? '1.5' : String(i % 100)},${pad}`);
    // Row 10,020 (past the sample): a date the sample must not see.
    rows[10_020] = `2024-01-01,${pad}`;
    const path = tmp.write('long-rows.csv', `v,pad\n${rows.join('\n')}\n`);
    expect((await scanCsv(path).schema()).fields[0].dtype).toBe('float64');
    expect((await scanCsv(path, { inferSchemaRows: 5_000 }).schema()).fields[0].dtype).toBe('int8');
  });

  it('widens int8 -> int16 -> int32 -> int64 -> float64 -> utf8 across chunks, never narrowing again', async () => {
    const values = ['1', '200', '40000', '3000000000', '2', '0.5', '7', 'text', '3'];
    const path = tmp.write('widen.csv', `v\n${values.join('\n')}\n`);
    const chunks = await chunksOf(path, { chunkSize: 1, inferSchemaRows: 1 });
    expect(chunks.map((c) => c.columns[0].dtype)).toEqual(['int8', 'int16', 'int32', 'int64', 'int64', 'float64', 'float64', 'utf8', 'utf8']);
    const df = await readCsv(path, { chunkSize: 1, inferSchemaRows: 1 });
    expect(df.schema.fields[0].dtype).toBe('utf8');
    // Earlier numbers read back as String(number), the same as when the whole column is one chunk.
    const whole = await readCsv(path, { inferSchemaRows: 1 });
    expect(whole.column('v').toArray()).toEqual(df.column('v').toArray());
    expect(df.column('v').toArray()).toEqual(values.map((v) => String(Number.isNaN(Number(v)) ? v : Number(v))));
  });

  it('reads NaN, inf, -Infinity (any case) as floats; integers beyond int64 stay text unless a dtype asks', async () => {
    const path = tmp.write('special.csv', 'f,big,i64\n1,1,9223372036854775807\nnan,99999999999999999999,-9223372036854775808\n-INF,2,1\nInfinity,3,2\n');
    const df = await readCsv(path);
    expect(df.schema.fields.map((f) => f.dtype)).toEqual(['float64', 'categorical', 'int64']);
    const f = df.column('f').toArray();
    expect(Number.isNaN(f[1])).toBe(true);
    expect([f[0], f[2], f[3]]).toEqual([1, -Infinity, Infinity]);
    // As a float the value would read back as 100000000000000000000: text keeps what the file says.
    expect(df.column('big').toArray()).toEqual(['1', '99999999999999999999', '2', '3']);
    expect(df.column('i64').toArray().slice(0, 2)).toEqual([2n ** 63n - 1n, -(2n ** 63n)]);
    const asked = await readCsv(path, { dtypes: { big: 'float64' } });
    expect(asked.column('big').toArray()[1]).toBe(Number('99999999999999999999'));
  });

  it('parses floats exactly as Number() does', async () => {
    const texts = ['0.1', '-2.5e-3', '1e22', '1.7976931348623157e308', '5e-324', '123456789012345678', '.5', '5.', '+3.25', '0.30000000000000004', '9007199254740993'];
    const path = tmp.write('floats.csv', `x\n${texts.join('\n')}\n`);
    const df = await readCsv(path, { dtypes: { x: 'float64' } });
    expect(df.column('x').toArray()).toEqual(texts.map(Number));
  });

  it('nulls: empty, NA, N/A, null, NULL (and NaN outside floats) in typed columns, only empty in text; a validity bitmap only in chunks with nulls', async () => {
    const path = tmp.write('nulls.csv', 'a,s,f\n1,x,1.5\n2,y,NA\n,NA,NaN\nNULL,null,N/A\nNaN,"",2\n6,z,null\n');
    const chunks = await chunksOf(path, { chunkSize: 2 });
    expect(chunks.map((c) => c.columns[0].validity === null)).toEqual([true, false, false]);
    expect(chunks.map((c) => c.columns[0].nullCount)).toEqual([0, 2, 1]);
    const df = await readCsv(path);
    expect(df.schema.fields.map((f) => f.dtype)).toEqual(['int8', 'categorical', 'float64']);
    expect(df.column('a').toArray()).toEqual([1, 2, null, null, null, 6]);
    // The text NA (a country, a state) survives in a text column; a quoted empty field is the empty string.
    expect(df.column('s').toArray()).toEqual(['x', 'y', 'NA', 'null', '', 'z']);
    // NaN is a float value in a float column, not a null.
    const f = df.column('f').toArray();
    expect(f.map((v) => (typeof v === 'number' && Number.isNaN(v) ? 'NaN' : v))).toEqual([1.5, null, 'NaN', null, 2, null]);
    // A user's nullValues apply to every column, text ones too.
    const custom = await readCsv(path, { nullValues: ['-', 'NA', ''] });
    expect(custom.column('s').toArray()).toEqual(['x', 'y', null, 'null', '', 'z']);
  });

  it('one dictionary per categorical column, shared by every chunk', async () => {
    const path = tmp.write('cat.csv', `city\n${Array.from({ length: 50 }, (_, i) => ['Oslo', 'Lima', 'Pune'][i % 3]).join('\n')}\n`);
    const chunks = await chunksOf(path, { chunkSize: 7 });
    const dicts = new Set(chunks.map((c) => (c.columns[0] as CategoricalColumn).dictionary));
    expect(dicts.size).toBe(1);
    expect([...dicts][0].values()).toEqual(['Oslo', 'Lima', 'Pune']);
    expect(chunks[0].columns[0]).toBeInstanceOf(CategoricalColumn);
  });

  it('falls back to utf8 once the dictionary passes categoricalCap', async () => {
    expect(DEFAULT_CATEGORICAL_CAP).toBeGreaterThan(10);
    const path = tmp.write('cap.csv', `id\n${Array.from({ length: 40 }, (_, i) => `k${i}`).join('\n')}\n`);
    const chunks = await chunksOf(path, { chunkSize: 8, categoricalCap: 20, inferSchemaRows: 5 });
    expect(chunks.map((c) => c.columns[0].dtype)).toEqual(['categorical', 'categorical', 'utf8', 'utf8', 'utf8']);
    const df = await readCsv(path, { chunkSize: 8, categoricalCap: 20, inferSchemaRows: 5 });
    expect(df.column('id').toArray()).toEqual(Array.from({ length: 40 }, (_, i) => `k${i}`));
  });

  it('a scan keeps SCAN_CATEGORICAL_CAP values dictionary-encoded; group-by keys keep DEFAULT_CATEGORICAL_CAP', async () => {
    expect(SCAN_CATEGORICAL_CAP).toBeLessThan(DEFAULT_CATEGORICAL_CAP);
    const n = SCAN_CATEGORICAL_CAP + 5_000;
    const values = Array.from({ length: n }, (_, i) => `v${(i * 7919) % n}`);
    const path = tmp.write('many.csv', `k,j\n${values.map((v) => `${v},${v}`).join('\n')}\n`);
    const read = async (options: { categoricalCap?: number }, keyColumns?: string[]): Promise<{ dtypes: string[]; k: unknown[]; j: unknown[] }> => {
      const k: unknown[] = [];
      const j: unknown[] = [];
      let dtypes: string[] = [];
      for await (const chunk of scanCsv(path, options).scan({ keyColumns })) {
        for (let i = 0; i < chunk.numRows; i++) k.push(chunk.column('k').get(i));
        for (let i = 0; i < chunk.numRows; i++) j.push(chunk.column('j').get(i));
        dtypes = chunk.columns.map((c) => c.dtype);
      }
      return { dtypes, k, j };
    };
    const plain = await read({});
    expect(plain.dtypes).toEqual(['utf8', 'utf8']);
    const keyed = await read({}, ['k']);
    expect(keyed.dtypes).toEqual(['categorical', 'utf8']);
    // A cap the user gives holds for key columns too.
    const capped = await read({ categoricalCap: 1_000 }, ['k']);
    expect(capped.dtypes).toEqual(['utf8', 'utf8']);
    for (const r of [plain, keyed, capped]) {
      expect(r.k).toEqual(values);
      expect(r.j).toEqual(values);
    }
  });

  it('gives duplicate and empty header names deterministic names; no header gives column_1..n', async () => {
    const path = tmp.write('dups.csv', 'a,a,,b,a\n1,2,3,4,5\n');
    expect((await readCsv(path, { header: true })).columns).toEqual(['a', 'a_1', 'column_3', 'b', 'a_2']);
    expect((await readCsv(path, { header: false })).columns).toEqual(['column_1', 'column_2', 'column_3', 'column_4', 'column_5']);
    expect((await readCsv(path, { columns: ['p', 'q', 'r', 's', 't'] })).columns).toEqual(['p', 'q', 'r', 's', 't']);
  });

  it('user dtypes are kept: int32, uint8, float32, utf8, categorical, date', async () => {
    const path = tmp.write('fixed.csv', 'a,b,c,d,e,day\n1,2,1.5,7,x,2024-03-01\n3,4,2.5,8,y,1970-01-02\n');
    const df = await readCsv(path, { dtypes: { a: 'int32', b: 'uint8', c: 'float32', d: 'utf8', e: 'categorical', day: 'date' } });
    expect(df.schema.fields.map((f) => f.dtype)).toEqual(['int32', 'uint8', 'float32', 'utf8', 'categorical', 'date']);
    expect(df.toRecords()[1]).toEqual({ a: 3, b: 4, c: 2.5, d: '8', e: 'y', day: 1 });
  });

  it('user integer dtypes hold their bounds exactly (uint32 past 2^31 too)', async () => {
    const bounds = { i8: [-128, 127], i16: [-32768, 32767], i32: [-2147483648, 2147483647], u8: [0, 255], u16: [0, 65535], u32: [0, 4294967295] };
    const names = Object.keys(bounds) as (keyof typeof bounds)[];
    const path = tmp.write('bounds.csv', `${names.join(',')}\n${[0, 1].map((k) => names.map((n) => bounds[n][k]).join(',')).join('\n')}\n`);
    const dtypes = { i8: 'int8', i16: 'int16', i32: 'int32', u8: 'uint8', u16: 'uint16', u32: 'uint32' } as const;
    for (const chunkSize of [1, 2]) {
      const df = await readCsv(path, { dtypes, chunkSize });
      expect(df.schema.fields.map((f) => f.dtype)).toEqual(Object.values(dtypes));
      for (const n of names) expect(df.column(n).toArray(), n).toEqual(bounds[n]);
    }
  });
});
