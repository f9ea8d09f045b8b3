import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Chunk, DataFrame, DfError } from '@df-stream/core';
import { readCsv, readFeather, readParquet, writeCsv, writeFeather, writeParquet } from '@df-stream/io';
import { nodeFileOps, setFileOps } from '@df-stream/io/internal';
import { type FileFault, faultyFileOps, makeTestDir } from '@df-stream/test-utils';
import { afterEach, describe, expect, it } from 'vitest';

const { dir } = makeTestDir('df-stream-sink-faults');

/** About 80 KB in any format, in several chunks (row groups, batches): a fault at 20 KB lands mid-file. */
const frame = DataFrame.fromColumns(
  {
    id: Array.from({ length: 6000 }, (_, i) => i),
    city: Array.from({ length: 6000 }, (_, i) => `city-${i % 500}`),
    temp: Array.from({ length: 6000 }, (_, i) => Math.sin(i) * 40),
  },
  { chunkSize: 1000 },
);

type Writer = (source: DataFrame | AsyncIterable<Chunk>, path: string) => Promise<void>;
const WRITERS: Record<string, { ext: string; write: Writer; read: (path: string) => Promise<DataFrame> }> = {
  CSV: { ext: 'csv', write: (s, p) => writeCsv(s, p), read: (p) => readCsv(p) },
  Parquet: { ext: 'parquet', write: (s, p) => writeParquet(s, p, { rowGroupSize: 1500 }), read: (p) => readParquet(p) },
  Feather: { ext: 'feather', write: (s, p) => writeFeather(s, p), read: (p) => readFeather(p) },
  'Arrow stream': { ext: 'arrows', write: (s, p) => writeFeather(s, p), read: (p) => readFeather(p) },
};

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

/** A fresh directory per case: what is in it afterwards is what the failed write left. */
function caseDir(name: string): string {
  const d = join(dir, name.replace(/\W+/g, '-'));
  mkdirSync(d, { recursive: true });
  return d;
}

/** Runs `write` with `faults` in the file layer and returns its error; the faults must have been hit. */
async function failingWrite(faults: readonly FileFault[], write: () => Promise<void>): Promise<DfError> {
  const ops = faultyFileOps(nodeFileOps, faults);
  restore = setFileOps(ops);
  const error = await write().then(
    () => undefined,
    (e: unknown) => e,
  );
  restore();
  restore = undefined;
  expect(ops.hits.length).toBeGreaterThan(0);
  expect(error).toBeInstanceOf(DfError);
  return error as DfError;
}

/** A stream whose `id` column widens from int16 to int64 after its first chunk: the writer goes through segments. */
async function* widening(): AsyncGenerator<Chunk> {
  yield* DataFrame.fromColumns({ id: Array.from({ length: 3000 }, (_, i) => i), v: Array.from({ length: 3000 }, (_, i) => i / 3) }).chunks;
  yield* DataFrame.fromColumns({ id: Array.from({ length: 3000 }, (_, i) => 2 ** 40 + i), v: Array.from({ length: 3000 }, (_, i) => i / 7) }).chunks;
}

describe.each(Object.entries(WRITERS))('a %s sink on a failing disk', (name, { ext, write, read }) => {
  it.each(['ENOSPC', 'EIO'])('%s mid-file: one io error naming the output and the code; no output, no temp file', async (code) => {
    const d = caseDir(`${name}-${code}`);
    const out = join(d, `out.${ext}`);
    const error = await failingWrite([{ op: 'write', code, afterBytes: 20_000 }], () => write(frame, out));
    expect(error.kind).toBe('io');
    expect(error.code).toBe(code);
    expect(error.message).toContain(out);
    expect(error.message).toContain(`(${code})`);
    expect(error.message).not.toContain('\n');
    expect(readdirSync(d)).toEqual([]);
  });

  it('a failed rename: the same, and the temp file is gone', async () => {
    const d = caseDir(`${name}-rename`);
    const out = join(d, `out.${ext}`);
    const error = await failingWrite([{ op: 'rename', code: 'EIO' }], () => write(frame, out));
    expect(error.kind).toBe('io');
    expect(error.message).toBe(`cannot write ${out}: i/o error (EIO)`);
    expect(readdirSync(d)).toEqual([]);
  });

  it('a failed create (no room for one more file) or close (a late ENOSPC): the same', async () => {
    for (const op of ['create', 'close'] as const) {
      const d = caseDir(`${name}-${op}`);
      const out = join(d, `out.${ext}`);
      const error = await failingWrite([{ op, code: 'ENOSPC' }], () => write(frame, out));
      expect(error.message).toBe(`cannot write ${out}: no space left on device (ENOSPC)`);
      expect(readdirSync(d)).toEqual([]);
    }
  });

  it('short writes (a disk that takes a few bytes per call) still give the whole file', async () => {
    const d = caseDir(`${name}-short`);
    const out = join(d, `out.${ext}`);
    const ops = faultyFileOps(nodeFileOps, [{ op: 'write', maxBytes: 1021 }]);
    restore = setFileOps(ops);
    await write(frame, out);
    restore();
    restore = undefined;
    expect(ops.hits).toEqual([]);
    expect((await read(out)).toRecords()).toEqual(frame.toRecords());
  });
});

describe.each(['Parquet', 'Feather'])('a %s sink whose input widens (segments, then a merge)', (name) => {
  const { ext, write } = WRITERS[name];
  it.each([
    ['the second segment', /\.part-/],
    ['the merged output', /\.tmp-/],
  ])('failing in %s leaves no part, no temp file and no output', async (_what, path) => {
    const d = caseDir(`${name}-widen-${String(path)}`);
    const out = join(d, `out.${ext}`);
    // The output's temp name receives the first segment, then (after it moved aside as a part) the merge.
    const afterBytes = path.source.includes('tmp') ? 40_000 : 100;
    const error = await failingWrite([{ op: 'write', path, code: 'ENOSPC', afterBytes }], () => write(widening(), out));
    expect(error.message).toBe(`cannot write ${out}: no space left on device (ENOSPC)`);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(d)).toEqual([]);
  });
});
