import { extname } from 'node:path';
import { DfError } from '@df-stream/core';
import { arrowModule } from '@df-stream/core/internal';
import type { Schema as ArrowSchema, CompressionType, RecordBatch, RecordBatchWriter } from 'apache-arrow';
import type { ChunkInput } from '../../columnar/chunk-input.js';
import { writeSegmented } from '../../columnar/write-segmented.js';
import { FormatError, isSystemError, messageOf } from '../../format-error.js';
import { parseOptions } from '../../option-schemas.js';
import { createOutputFile } from '../../output-file.js';
import { ARROW_STREAM_EXTENSIONS, type FeatherCompression, type FeatherWriteOptions, featherSchemas } from '../feather-options.js';
import { FeatherSource } from '../read/feather-source.js';
import { newFinalDictionaryFileWriter } from './final-dictionary-file-writer.js';

/**
 * Writes chunks to a Feather v2 (Arrow IPC file) as record batches as they arrive; each batch's bytes
 * are written before the next chunk is pulled. Categorical columns stay Arrow dictionaries: in a file,
 * each dictionary is written once, whole, before the footer (readers such as Polars refuse delta
 * dictionaries in files); in the stream format (`.arrows`), new entries go out as deltas. Temp name +
 * rename. `options` are checked against the Feather write schema (`featherSchemas().write`).
 */
export async function writeFeather(source: ChunkInput, path: string, options: FeatherWriteOptions = {}): Promise<void> {
  const checked = parseOptions(featherSchemas().write, options, 'Feather write');
  const compressionType = compressionTypeOf(checked.compression ?? 'none', path);
  const stream = checked.stream ?? ARROW_STREAM_EXTENSIONS.includes(extname(path).toLowerCase());
  try {
    await writeSegmented(source, path, {
      // Keys wide enough for a dictionary 64x the first chunk's, so a growing one rarely forces a new segment.
      dictionaryHeadroom: 64,
      write: (batches, schema, segment) => writeSegment(batches, schema, segment, stream, compressionType),
      read: (segment) => new FeatherSource(segment).scan(),
    });
  } catch (error) {
    // Ours (a bad value, a bad input file, a failed write) as they are; a TypeError or RangeError is a bug, not a
    // write failure; an OS error of the input (its path, not ours) is the input's.
    if (error instanceof DfError || error instanceof RangeError || error instanceof TypeError) throw error;
    if (isSystemError(error)) throw DfError.from(error);
    throw new FormatError(`cannot write Feather: ${messageOf(error)}`, { file: path, code: 'io', format: 'feather', cause: error });
  }
}

function compressionTypeOf(compression: FeatherCompression, path: string): CompressionType | null {
  if (compression === 'none') return null;
  const { CompressionType, compressionRegistry } = arrowModule();
  const type = compression === 'lz4' ? CompressionType.LZ4_FRAME : CompressionType.ZSTD;
  if (compressionRegistry.get(type)?.encode === undefined) {
    throw new FormatError(`${compression.toUpperCase()} compression needs a codec registered with apache-arrow's compressionRegistry`, {
      file: path,
      code: 'unsupported',
      format: 'feather',
      hint: "write with { compression: 'none' }, or register a codec: compressionRegistry.set(CompressionType.ZSTD, { encode, decode })",
    });
  }
  return type;
}

async function writeSegment(
  batches: AsyncIterable<RecordBatch>,
  schema: ArrowSchema,
  path: string,
  stream: boolean,
  compressionType: CompressionType | null,
): Promise<void> {
  const writer: RecordBatchWriter = stream ? new (arrowModule().RecordBatchStreamWriter)({ compressionType }) : newFinalDictionaryFileWriter({ compressionType });
  const file = await createOutputFile(path);
  const bytes = writer[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<Uint8Array>> | null = null;
  // Writes out whatever the writer has queued so far, without waiting for more.
  const flush = async (untilDone: boolean): Promise<void> => {
    const idle = Symbol('idle');
    for (;;) {
      pending ??= bytes.next();
      const next = untilDone ? await pending : await Promise.race([pending, Promise.resolve(idle)]);
      if (next === idle) return;
      pending = null;
      if ((next as IteratorResult<Uint8Array>).done === true) return;
      await file.write((next as IteratorResult<Uint8Array>).value);
    }
  };
  try {
    writer.reset(undefined, schema);
    for await (const batch of batches) {
      writer.write(batch);
      await flush(false);
    }
    writer.finish();
    await flush(true);
  } catch (error) {
    writer.abort();
    await file.close().catch(() => undefined);
    throw error;
  }
  await file.close();
}
