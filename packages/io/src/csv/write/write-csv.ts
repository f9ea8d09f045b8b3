import { once } from 'node:events';
import { writeAtomically } from '../../atomic-write.js';
import { fileOps } from '../../file-ops.js';
import { createOutputFile, writeFully } from '../../output-file.js';
import type { CsvWriteOptions } from '../csv-options.js';
import { CsvEncoder } from './csv-encoder.js';
import { type ChunkSource, writeBlocks } from './write-blocks.js';

export type { ChunkSource } from './write-blocks.js';

/**
 * Streams chunks to a CSV file (see `CsvEncoder` for the text; it checks `options`). A path is written under a temp
 * name in the same directory and renamed at the end, so a failure leaves no partial file; `'-'` or a Writable gets
 * the bytes directly (and is not ended).
 */
export async function writeCsv(source: ChunkSource, path: string | NodeJS.WritableStream, options: CsvWriteOptions = {}): Promise<void> {
  const encoder = new CsvEncoder(options);
  // Standard output redirected to a file is written from a libuv thread: process.stdout writes a file synchronously, on
  // this thread (1.8 s of a 485 MB result that encoding could overlap).
  const stdoutFile = path === '-' ? fileOps().stdout() : undefined;
  if (stdoutFile !== undefined) {
    await writeBlocks(source, encoder, (bytes) => writeFully(stdoutFile, bytes, 'stdout'));
    return;
  }
  const target = path === '-' ? process.stdout : path;
  if (typeof target !== 'string') {
    await writeBlocks(source, encoder, (bytes) => writeToStream(target, bytes));
    return;
  }
  await writeAtomically(target, async (temp) => {
    const file = await createOutputFile(temp);
    try {
      await writeBlocks(source, encoder, (bytes) => file.write(bytes));
    } catch (error) {
      await file.close().catch(() => undefined);
      throw error;
    }
    await file.close();
  });
}

/**
 * Writes a copy of `bytes` (the writer reuses them, and a stream may hold on to what it is given past its write
 * callback: a PassThrough hands it on to its reader), then waits for room.
 */
async function writeToStream(stream: NodeJS.WritableStream, bytes: Uint8Array): Promise<void> {
  if (!stream.write(Buffer.from(bytes))) await once(stream as unknown as NodeJS.EventEmitter, 'drain');
}
