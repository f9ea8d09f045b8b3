import { type Chunk, type DType, Schema, supertype } from '@df-stream/core';
import { ArrowExporter, type ArrowExporterOptions } from '@df-stream/core/internal';
import type { Schema as ArrowSchema, RecordBatch } from 'apache-arrow';
import { removeQuietly, tempPathFor, writeAtomically } from '../atomic-write.js';
import { fileOps } from '../file-ops.js';
import { writeError } from '../write-error.js';
import { announcedSchema, type ChunkInput, chunksOf, inMemoryChunks } from './chunk-input.js';

/** Writes one file of record batches that all follow `schema`. */
export type SegmentWriter = (batches: AsyncIterable<RecordBatch>, schema: ArrowSchema, path: string) => Promise<void>;
/** Reads back a segment written earlier as chunks (for the merge pass). */
export type SegmentReader = (path: string) => AsyncIterable<Chunk>;

export interface WriteSegmentedOptions extends ArrowExporterOptions {
  write: SegmentWriter;
  read: SegmentReader;
}

/**
 * Streams chunks into a columnar file whose one schema must be fixed before the first batch, via a
 * temp name and a rename. A DataFrame's schema is known up front. A stream's is taken from what it
 * announced and its first chunk; if a later chunk widens past it (an int column that grows to int64,
 * a dictionary that outgrows its keys), the file so far is closed as a segment, the rest goes to a new
 * segment, and at the end the segments are merged into one file with the widest schema. That merge
 * re-reads the data once, and only happens when a stream really widened.
 */
export async function writeSegmented(input: ChunkInput, path: string, options: WriteSegmentedOptions): Promise<void> {
  const frameChunks = inMemoryChunks(input);
  let widest = await announcedSchema(input);
  const iterator = chunksOf(input)[Symbol.asyncIterator]();
  // Held in an object: the batch generator below hands the chunk that did not fit back to this loop.
  const state: { pending: Chunk | undefined } = { pending: undefined };
  await writeAtomically(path, async (output) => {
    // The first segment is written as the output itself; later ones (and the first, once a merge needs the output's
    // name) are parts beside it, always removed.
    const parts: string[] = [];
    let segments = 0;
    const nextSegment = (): string => {
      if (segments++ === 0) return output;
      const part = tempPathFor(path, 'part');
      parts.push(part);
      return part;
    };
    try {
      const head = await iterator.next();
      state.pending = head.done === true ? undefined : head.value;
      if (state.pending === undefined) {
        const exporter = ArrowExporter.forChunks([], { ...options, schema: widest ?? new Schema([]) });
        await options.write(once(exporter.emptyBatch()), exporter.arrowSchema, nextSegment());
      }
      while (state.pending !== undefined) {
        const first: Chunk = state.pending;
        state.pending = undefined;
        widest = widen(widest, first);
        const exporter = ArrowExporter.forChunks(frameChunks ?? [first], { ...options, schema: widest });
        const batches = async function* (): AsyncGenerator<RecordBatch> {
          yield exporter.toRecordBatch(first);
          for (;;) {
            const next = await iterator.next();
            if (next.done === true) return;
            widest = widen(widest, next.value);
            if (!exporter.fits(next.value)) {
              state.pending = next.value;
              return;
            }
            yield exporter.toRecordBatch(next.value);
          }
        };
        await options.write(batches(), exporter.arrowSchema, nextSegment());
      }
      if (parts.length > 0) {
        // The stream widened: the segments so far are merged into the output, the first moved aside for it.
        const firstPart = tempPathFor(path, 'part');
        await fileOps()
          .rename(output, firstPart)
          .catch((error: unknown) => {
            throw writeError(error, path);
          });
        parts.unshift(firstPart);
        await mergeSegments(parts, output, widest as Schema, options);
      }
    } finally {
      await iterator.return?.(undefined);
      await Promise.all(parts.map(removeQuietly));
    }
  });
}

async function mergeSegments(parts: readonly string[], path: string, schema: Schema, options: WriteSegmentedOptions): Promise<void> {
  // Dictionaries of different segments are recoded into one; keys get the widest width to be safe.
  const exporter = ArrowExporter.forChunks([], { ...options, schema, minKeyBytes: 4 });
  const batches = async function* (): AsyncGenerator<RecordBatch> {
    for (const part of parts) for await (const chunk of options.read(part)) yield exporter.toRecordBatch(chunk);
  };
  await options.write(batches(), exporter.arrowSchema, path);
}

async function* once(batch: RecordBatch): AsyncGenerator<RecordBatch> {
  yield batch;
}

function widen(schema: Schema | undefined, chunk: Chunk): Schema {
  if (schema === undefined || !sameNames(schema, chunk.schema)) return chunk.schema;
  return new Schema(
    schema.fields.map((f, j) => {
      const c = chunk.columns[j];
      const dtype: DType = c.length > 0 && c.nullCount === c.length ? f.dtype : supertype(f.dtype, c.dtype);
      return { name: f.name, dtype };
    }),
  );
}

function sameNames(a: Schema, b: Schema): boolean {
  return a.length === b.length && a.fields.every((f, j) => f.name === b.fields[j].name);
}
