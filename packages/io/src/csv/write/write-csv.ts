import { once } from 'node:events';
import type { Chunk, Schema } from '@df-stream/core';
import { writeAtomically } from '../../atomic-write.js';
import { createOutputFile } from '../../output-file.js';
import type { CsvWriteOptions } from '../csv-options.js';
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
  const pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const flush = async (): Promise<void> => {
    if (pendingBytes === 0) return;
    const all = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
    pending.length = 0;
    pendingBytes = 0;
    await write(all);
  };
  const add = async (bytes: Uint8Array): Promise<void> => {
    pending.push(bytes);
    pendingBytes += bytes.length;
    if (pendingBytes >= WRITE_BYTES) await flush();
  };
  let headerDone = !encoder.writesHeader;
  const known = await schemaOf(source);
  if (!headerDone && known !== undefined) {
    await add(encoder.header(known));
    headerDone = true;
  }
  // Rows per encode call: about WRITE_BYTES at the last block's bytes per row.
  let rowsPerBlock = 4096;
  for await (const chunk of source) {
    if (!headerDone) {
      await add(encoder.header(chunk.schema));
      headerDone = true;
    }
    for (let start = 0; start < chunk.numRows; ) {
      const end = Math.min(chunk.numRows, start + rowsPerBlock);
      const bytes = encoder.encode(chunk, start, end);
      rowsPerBlock = Math.max(1, Math.round((WRITE_BYTES * (end - start)) / Math.max(bytes.length, 1)));
      await add(bytes);
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

async function writeToStream(stream: NodeJS.WritableStream, bytes: Uint8Array): Promise<void> {
  if (!stream.write(bytes)) await once(stream as unknown as NodeJS.EventEmitter, 'drain');
}
