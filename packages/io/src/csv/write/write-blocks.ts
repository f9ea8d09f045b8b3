import type { Chunk, Schema } from '@df-stream/core';
import { ByteBuffer } from './byte-buffer.js';
import type { CsvEncoder } from './csv-encoder.js';

/** Anything that yields chunks: a DataFrame, a LazyFrame, a CsvSource scan, a generator. */
export type ChunkSource = AsyncIterable<Chunk> & { schema?: Schema | (() => Promise<Schema>) };

/** Bytes per write call: big chunks are encoded this much at a time, small ones gathered up to it. */
const WRITE_BYTES = 1 << 20;

/**
 * Encodes into one buffer while the other one's bytes are written (a file's writes run on a libuv thread): two buffers
 * for every block. `write` is done with the bytes when it resolves (a file is written from them, a stream is given a
 * copy); one write at a time, so they land in order. It is awaited before this returns, also when the source fails
 * (a caller may write to the same place next), and a failed write stops the encoding at the next chunk.
 */
export async function writeBlocks(source: ChunkSource, encoder: CsvEncoder, write: (bytes: Uint8Array) => Promise<void>): Promise<void> {
  let out = new ByteBuffer();
  let spare = new ByteBuffer();
  let writing: Promise<void> = Promise.resolve();
  let failed = false;
  const flush = async (): Promise<void> => {
    if (out.length === 0) return;
    await writing;
    const full = out;
    writing = write(full.view());
    // A failed write is thrown at the next flush or at the end; the chunk loop stops at the next chunk.
    writing.catch(() => {
      failed = true;
    });
    out = spare;
    spare = full;
    out.clear();
  };
  let headerDone = !encoder.writesHeader;
  const known = await schemaOf(source);
  if (!headerDone && known !== undefined) {
    out.append(encoder.header(known));
    headerDone = true;
  }
  // Rows per encode call: about WRITE_BYTES at the last block's bytes per row.
  let rowsPerBlock = 4096;
  try {
    for await (const chunk of source) {
      if (failed) await writing;
      if (!headerDone) {
        out.append(encoder.header(chunk.schema));
        headerDone = true;
      }
      for (let start = 0; start < chunk.numRows; ) {
        const end = Math.min(chunk.numRows, start + rowsPerBlock);
        const before = out.length;
        encoder.encodeInto(out, chunk, start, end);
        rowsPerBlock = Math.max(1, Math.round((WRITE_BYTES * (end - start)) / Math.max(out.length - before, 1)));
        if (out.length >= WRITE_BYTES) await flush();
        start = end;
      }
    }
    await flush();
    await writing;
  } finally {
    await writing.catch(() => undefined);
  }
}

async function schemaOf(source: ChunkSource): Promise<Schema | undefined> {
  const s = source.schema;
  if (s === undefined) return undefined;
  return typeof s === 'function' ? await s.call(source) : s;
}
