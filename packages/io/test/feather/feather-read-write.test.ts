import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFrame } from '@df-stream/core';
import type { CategoricalColumn } from '@df-stream/core/internal';
import { makeTestDir } from '@df-stream/test-utils';
import { RecordBatchReader, tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/detect-format.js';
import { columnarSinkWriter, FeatherSource, FormatError, readFeather, scanFeather, writeFeather } from '../../src/feather/index.js';
import { writeParquet } from '../../src/parquet/index.js';
import { scan } from '../../src/scan.js';

const { dir } = makeTestDir('df-stream-feather');

function frame(n: number, chunkSize = 1000): DataFrame {
  return DataFrame.fromColumns(
    {
      n: Array.from({ length: n }, (_, i) => i * 3),
      word: Array.from({ length: n }, (_, i) => (i % 9 === 0 ? null : `w${i % 300}`)),
      x: Array.from({ length: n }, (_, i) => Math.sin(i)),
      at: Array.from({ length: n }, (_, i) => new Date(1_600_000_000_000 + i * 1000)),
    },
    { chunkSize },
  );
}

describe('writeFeather / scanFeather', () => {
  it('round-trips a frame batch by batch, categoricals as one dictionary', async () => {
    const df = frame(4000);
    const path = join(dir, 'rt.feather');
    await writeFeather(df, path);
    expect(await detectFormat(path)).toBe('feather');
    const back = await readFeather(path, { chunkSize: 1000 });
    expect(back.toRecords()).toEqual(df.toRecords());
    expect(back.chunks.length).toBe(4);
    expect(new Set(back.chunks.map((c) => (c.column('word') as CategoricalColumn).dictionary)).size).toBe(1);
  });

  it('writes a dictionary that grows across batches once, whole, before the footer (no deltas)', async () => {
    const df = frame(900, 100);
    const path = join(dir, 'deltas.arrow');
    await writeFeather(df, path);
    const table = tableFromIPC(readFileSync(path));
    expect(table.numRows).toBe(900);
    expect(String(table.schema.fields[1].type)).toMatch(/^Dictionary<Uint\d+, Utf8>$/);
    expect(table.getChild('word')?.get(899)).toBe('w299');
  });

  it('reports progress: batch bytes read against the file size, the whole file at the end', async () => {
    const path = join(dir, 'progress.feather');
    await writeFeather(frame(8000), path);
    const size = statSync(path).size;
    const source = new FeatherSource(path, { chunkSize: 1000 });
    const seen: number[] = [];
    for await (const _ of source.scan({ columns: ['n'] })) seen.push(source.progress().bytesRead);
    expect(seen.length).toBe(8);
    expect(seen[0]).toBeGreaterThan(0);
    expect(seen[0]).toBeLessThan(size / 4);
    expect(seen.every((b, i) => i === 0 || b > seen[i - 1])).toBe(true);
    expect(seen[7]).toBeGreaterThan(size * 0.7);
    expect(source.progress()).toEqual({ bytesRead: size, totalBytes: size });
    const lazy = scanFeather(path);
    await lazy.collect();
    expect(lazy.progress()).toEqual({ bytesRead: size, totalBytes: size });
  });

  it('writes and reads the IPC stream format', async () => {
    const df = frame(500);
    const path = join(dir, 'rt.arrows');
    await writeFeather(df, path);
    expect(await detectFormat(path)).toBe('arrow-stream');
    const reader = await RecordBatchReader.from(readFileSync(path));
    expect(reader.isStream()).toBe(true);
    expect((await readFeather(path)).toRecords()).toEqual(df.toRecords());
  });

  it('reads only selected columns and announces the schema first', async () => {
    const path = join(dir, 'rt.feather');
    const lazy = scanFeather(path).select('x', 'n');
    expect((await lazy.schema()).toString()).toBe('x: float64\nn: int16');
    expect((await lazy.collect()).columns).toEqual(['x', 'n']);
  });

  it('refuses LZ4/ZSTD writes clearly when apache-arrow has no codec', async () => {
    await expect(writeFeather(frame(10), join(dir, 'z.feather'), { compression: 'zstd' })).rejects.toThrow(/ZSTD compression needs a codec/);
  });
});

describe('Feather errors and format detection', () => {
  it('refuses Feather v1 with a clear error', async () => {
    const path = join(dir, 'old.feather');
    writeFileSync(path, Buffer.concat([Buffer.from('FEA1'), Buffer.alloc(64), Buffer.from('FEA1')]));
    await expect(readFeather(path)).rejects.toThrow(/old\.feather: Feather v1 is not supported; re-save as v2/);
    await expect(scan(path)).rejects.toThrow(/Feather v1 is not supported/);
  });

  it('says a .feather file that is really Parquet is Parquet', async () => {
    const path = join(dir, 'really-parquet.feather');
    await writeParquet(frame(10), path);
    const error = await readFeather(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FormatError);
    expect((error as FormatError).message).toMatch(/not a Feather v2 \/ Arrow IPC file .*looks like Parquet/);
  });

  it('picks the reader by content, whatever the name', async () => {
    const path = join(dir, 'really-parquet.feather');
    const df = await (await scan(path)).collect();
    expect(df.numRows).toBe(10);
    const feather = join(dir, 'data.bin');
    await writeFeather(frame(20), feather);
    expect((await (await scan(feather)).collect()).numRows).toBe(20);
  });

  it('truncated files give a FormatError naming the file', async () => {
    const path = join(dir, 'rt.feather');
    const cut = join(dir, 'cut.feather');
    writeFileSync(cut, readFileSync(path).subarray(0, 5000));
    await expect(readFeather(cut)).rejects.toThrow(FormatError);
    await expect(readFeather(cut)).rejects.toThrow(/cut\.feather/);
  });
});

describe('columnarSinkWriter', () => {
  it('writes .parquet, .feather and .arrows by extension and refuses others', async () => {
    const df = frame(50);
    for (const name of ['s.parquet', 's.feather', 's.arrows']) {
      const path = join(dir, name);
      await columnarSinkWriter(df, path, {});
      expect((await (await scan(path)).collect()).toRecords()).toEqual(df.toRecords());
    }
    await expect(columnarSinkWriter(df, join(dir, 's.xlsx'), {})).rejects.toThrow(/no columnar writer for '.xlsx'/);
  });
});
