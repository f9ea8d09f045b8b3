import { once } from 'node:events';
import type { Chunk, Schema } from '@df-stream/core';
import { writeAtomically } from '../../atomic-write.js';
import { createOutputFile } from '../../output-file.js';
import type { CsvWriteOptions } from '../csv-options.js';
import { ByteBuffer } from './byte-buffer.js';
import { CsvEncoder } from './csv-encoder.js';

/** Anything that yields chunks: a DataFrame, a LazyFrame, a CsvSource scan, a generator. */
export type ChunkSource = AsyncIterable<Chunk> & { schema?: Schema | (() => Promise<Schema>) };

/** Bytes per write call: big chunks are encoded this much at a time, small ones gathered up to it. */
const WRITE_BYTES = 1 << 20;

/**
 * Streams chunks to a CSV file (see `CsvEncoder` for the text; it checks `options`). A path is written under a temp
 * name in the same directory and renamed at the end, so a failure leaves no partial file; `'-'` or a Writable gets
 * the bytes directly (and is not ended).
 */
export async function writeCsv(source: ChunkSource, path: string | NodeJS.WritableStream, options: CsvWriteOptions = {}): Promise<void> {
  const encoder = new CsvEncoder(options);
  const target = path === '-' ? process.stdout : path;
  if (typeof target !== 'string') {
    await writeAll(source, encoder, (bytes) => writeToStream(target, bytes));
    return;
  }
  await writeAtomically(target, async (temp) => {
    const file = await createOutputFile(temp);
    try {
      await writeAll(source, encoder, (bytes) => file.write(bytes));
    } catch (error) {
      await file.close().catch(() => undefined);
      throw error;
    }
    await file.close();
  });
}

async function writeAll(source: ChunkSource, encoder: CsvEncoder, write: (bytes: Uint8Array) => Promise<void>): Promise<void> {
  // One buffer for every block: `write` is done with the bytes when it resolves (a file is written from them, a
  // stream is given a copy).
  const out = new ByteBuffer();
  const flush = async (): Promise<void> => {
    if (out.length === 0) return;
    await write(out.view());
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
  for await (const chunk of source) {
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
}

async function schemaOf(source: ChunkSource): Promise<Schema | undefined> {
  const s = source.schema;
  if (s === undefined) return undefined;
  return typeof s === 'function' ? await s.call(source) : s;
}

/**
 * Writes a copy of `bytes` (the writer reuses them, and a stream may hold on to what it is given past its write
 * callback: a PassThrough hands it on to its reader), then waits for room.
 */
async function writeToStream(stream: NodeJS.WritableStream, bytes: Uint8Array): Promise<void> {
  if (!stream.write(Buffer.from(bytes))) await once(stream as unknown as NodeJS.EventEmitter, 'drain');
}
