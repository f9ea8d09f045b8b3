import { DfError } from '@df-stream/core';
import { arrowModule } from '@df-stream/core/internal';
import type { Schema as ArrowSchema, RecordBatch } from 'apache-arrow';
import type { ChunkInput } from '../../columnar/chunk-input.js';
import { writeSegmented } from '../../columnar/write-segmented.js';
import { FormatError, isSystemError, messageOf } from '../../format-error.js';
import { parseOptions } from '../../option-schemas.js';
import { createOutputFile } from '../../output-file.js';
import { DEFAULT_ROW_GROUP_SIZE, type ParquetCompression, type ParquetWriteOptions, parquetSchemas } from '../parquet-options.js';
import { ParquetSource } from '../read/parquet-source.js';

type ParquetWasm = typeof import('parquet-wasm');
let wasm: Promise<ParquetWasm> | undefined;

/**
 * Writes chunks to a Parquet file as they arrive: each chunk goes to parquet-wasm's streaming writer
 * (`transformParquetStream`), which closes a row group every `rowGroupSize` rows and hands back its
 * bytes, so at most one row group is held (encoded, in wasm memory) at a time. Categorical columns
 * are written as Arrow dictionaries (and read back as categorical). Written to a temp name, renamed
 * at the end. `options` are checked against the Parquet write schema (`parquetSchemas().write`).
 */
export async function writeParquet(source: ChunkInput, path: string, options: ParquetWriteOptions = {}): Promise<void> {
  const checked = parseOptions(parquetSchemas().write, options, 'Parquet write');
  const rowGroupSize = checked.rowGroupSize ?? DEFAULT_ROW_GROUP_SIZE;
  const compression = checked.compression ?? 'snappy';
  try {
    await writeSegmented(source, path, {
      // Each batch crosses into wasm as its own IPC stream, so it carries only the entries it uses.
      compactDictionaries: true,
      write: (batches, schema, segment) => writeSegment(batches, schema, segment, compression, rowGroupSize),
      read: (segment) => new ParquetSource(segment).scan(),
    });
  } catch (error) {
    // Ours (a bad value, a bad input file, a failed write) as they are; a TypeError or RangeError is a bug, not a
    // write failure; an OS error of the input (its path, not ours) is the input's.
    if (error instanceof DfError || error instanceof RangeError || error instanceof TypeError) throw error;
    if (isSystemError(error)) throw DfError.from(error);
    throw new FormatError(`cannot write Parquet: ${messageOf(error)}`, { file: path, code: 'io', format: 'parquet', cause: error });
  }
}

/**
 * Bytes a column chunk's dictionary page may reach before the writer falls back to plain pages
 * (the upstream default is 1 MiB). A categorical column of ~100k distinct strings needs about 1.5 MiB
 * per row group; past the limit, readers get each batch's strings re-encoded into a fresh dictionary
 * (arrow-rs hashes them again), which made such columns several times slower to read.
 */
const DICTIONARY_PAGE_SIZE_LIMIT = 16 * 2 ** 20;

async function writeSegment(
  batches: AsyncIterable<RecordBatch>,
  schema: ArrowSchema,
  path: string,
  compression: ParquetCompression,
  rowGroupSize: number,
): Promise<void> {
  const pw = await loadWasm();
  const { Table, tableToIPC } = arrowModule();
  const properties = new pw.WriterPropertiesBuilder()
    .setCompression(codecOf(pw, compression))
    .setMaxRowGroupSize(rowGroupSize)
    .setDictionaryPageSizeLimit(DICTIONARY_PAGE_SIZE_LIMIT)
    .build();
  // parquet-wasm ends its output quietly when its input stream fails, so the failure is kept here and
  // rethrown after the output is drained: a source error must never leave a short file that looks whole.
  let failure: { error: unknown } | undefined;
  const wasmBatches = async function* (): AsyncGenerator<unknown> {
    try {
      for await (const batch of batches) {
        const table = pw.Table.fromIPCStream(tableToIPC(new Table(schema, batch), 'stream'));
        yield* table.recordBatches();
        table.free();
      }
    } catch (error) {
      failure = { error };
      throw error;
    }
  };
  // ReadableStream.from pulls one batch at a time, so the writer never runs ahead of the source.
  const output = await pw.transformParquetStream(ReadableStream.from(wasmBatches()), properties);
  const file = await createOutputFile(path);
  try {
    for await (const bytes of output as AsyncIterable<Uint8Array>) await file.write(bytes);
    if (failure !== undefined) throw failure.error;
  } catch (error) {
    await file.close().catch(() => undefined);
    throw error;
  }
  await file.close();
}

function codecOf(pw: ParquetWasm, compression: ParquetCompression): number {
  switch (compression) {
    case 'snappy':
      return pw.Compression.SNAPPY;
    case 'zstd':
      return pw.Compression.ZSTD;
    case 'gzip':
      return pw.Compression.GZIP;
    case 'brotli':
      return pw.Compression.BROTLI;
    case 'lz4':
      return pw.Compression.LZ4_RAW;
    case 'none':
      return pw.Compression.UNCOMPRESSED;
    default:
      // The write schema admits only the codecs above.
      throw new DfError('internal', `unknown Parquet compression '${String(compression)}'`);
  }
}

/** parquet-wasm in this thread, for writing only (reading runs it in a worker; see parquet-worker.ts). */
function loadWasm(): Promise<ParquetWasm> {
  wasm ??= import('parquet-wasm');
  return wasm;
}
