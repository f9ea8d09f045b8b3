import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DataFrame } from '@df-stream/core';
import { dbBenchmarkRows, makeTestDir } from '@df-stream/test-utils';
import { describe, expect, it } from 'vitest';
import { writeCsv, writeFeather, writeParquet } from '../src/index.js';

// V8 checks every typed array access for a detached buffer from the first time any ArrayBuffer of the thread is
// detached (a WebAssembly memory that grows, a transfer): its "ArrayBufferDetaching" protector, which never comes
// back. A grow in the CSV scanner made every CSV job 5-12% slower, and one in the snappy decoder Parquet's q1 20%.
// So reading a CSV file and a snappy Parquet file on the calling thread must never detach a buffer there, nor reading
// key columns of Parquet and Feather, whose strings are looked up in WebAssembly (KeyProbe makes a new memory when its
// table doubles, never grows one).

const { dir } = makeTestDir('df-stream-detaching');

describe('reading on the calling thread', () => {
  it('detaches no ArrayBuffer (V8 would check every typed array access from then on)', async () => {
    const frame = DataFrame.fromRecords(dbBenchmarkRows(20_000, 20, 3), { chunkSize: 4096 });
    const csv = join(dir, 'rows.csv');
    const parquet = join(dir, 'rows.parquet');
    await writeCsv(frame, csv);
    await writeParquet(frame, parquet, { compression: 'snappy', rowGroupSize: 5000 });
    const feather = join(dir, 'rows.feather');
    await writeFeather(frame, feather);
    const io = pathToFileURL(join(import.meta.dirname, '../dist/bundle/index.js')).href;
    const script = `
      const { scanCsv, scanFeather, scanParquet } = await import(${JSON.stringify(io)});
      let rows = 0;
      for await (const c of scanCsv(${JSON.stringify(csv)}).source.scan({})) rows += c.numRows;
      for await (const c of scanParquet(${JSON.stringify(parquet)}).source.scan({})) rows += c.numRows;
      const keyed = { columns: ['id3', 'v1'], keyColumns: ['id3'] };
      for await (const c of scanParquet(${JSON.stringify(parquet)}).source.scan(keyed)) rows += c.numRows;
      for await (const c of scanFeather(${JSON.stringify(feather)}).source.scan(keyed)) rows += c.numRows;
      console.log(rows);
    `;
    const run = spawnSync(process.execPath, ['--trace-protector-invalidation', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('80000');
    expect(run.stdout).not.toMatch(/ArrayBufferDetaching/);
  });
});
