import { type ArrowModule, arrowModule } from '@df-stream/core/internal';
import type { Data, RecordBatch, RecordBatchFileWriter, Schema, Utf8, Vector } from 'apache-arrow';

type WriterOptions = ConstructorParameters<typeof RecordBatchFileWriter>[0];

let writerClass: ReturnType<typeof defineWriter> | undefined;

/**
 * An Arrow IPC file writer that writes each dictionary once, whole, just before the footer, instead of
 * a first dictionary plus deltas as batches grow it. The file format allows this ("keys must be
 * defined somewhere in the file"; readers take dictionaries from the footer), and many readers
 * (Polars, older pyarrow) refuse delta dictionaries in files. Record batches still stream out one by
 * one; only the dictionaries wait, and they are held in memory anyway by the categorical columns.
 */
export function newFinalDictionaryFileWriter(options?: WriterOptions): RecordBatchFileWriter {
  writerClass ??= defineWriter(arrowModule());
  return new writerClass(options);
}

/** The class is made on first use: it extends an apache-arrow class, which is loaded only then. */
function defineWriter(arrow: ArrowModule) {
  return class FinalDictionaryFileWriter extends arrow.RecordBatchFileWriter {
    private readonly finalDictionaries = new Map<number, Vector>();

    protected override _writeDictionaries(batch: RecordBatch): this {
      // Each batch's dictionary extends the previous one, so the last seen is the whole dictionary.
      for (const [id, dictionary] of batch.dictionaries) this.finalDictionaries.set(id, dictionary);
      return this;
    }

    protected override _writeFooter(schema: Schema): this {
      for (const [id, dictionary] of this.finalDictionaries) this._writeDictionaryBatch(joinUtf8(dictionary), id, false);
      this.finalDictionaries.clear();
      return super._writeFooter(schema);
    }
  };
}

/** The chunks of a utf8 dictionary as one array (the writer takes one array per dictionary batch). */
function joinUtf8(dictionary: Vector): Data {
  const chunks = dictionary.data as Data<Utf8>[];
  if (chunks.length === 1) return chunks[0];
  const length = chunks.reduce((n, c) => n + c.length, 0);
  const bytes = chunks.reduce((n, c) => n + (c.valueOffsets[c.length] - c.valueOffsets[0]), 0);
  const offsets = new Int32Array(length + 1);
  const data = new Uint8Array(bytes);
  let row = 0;
  let end = 0;
  for (const c of chunks) {
    const base = c.valueOffsets[0];
    data.set(c.values.subarray(base, c.valueOffsets[c.length]), end);
    for (let i = 1; i <= c.length; i++) offsets[row + i] = end + c.valueOffsets[i] - base;
    row += c.length;
    end = offsets[row];
  }
  const { makeData, Utf8 } = arrowModule();
  return makeData({ type: new Utf8(), length, nullCount: 0, valueOffsets: offsets, data });
}
