import { type BatchLengths, DICTIONARY_MESSAGE, readIpcMessage, TableReader } from './ipc-flatbuffers.js';

/** BodyCompression codecs (Message.fbs `CompressionType`). */
export const LZ4_FRAME = 0;
export const ZSTD = 1;

/** What the own reader needs of a (dictionary) batch message beyond its lengths. */
export interface IpcBatchHeader {
  readonly headerType: number;
  readonly bodyLength: number;
  readonly batch: BatchLengths | undefined;
  /** The body compression codec, undefined when the body is not compressed. */
  readonly codec: number | undefined;
  /** A dictionary batch's id and whether it extends (rather than replaces) the dictionary. */
  readonly dictionaryId: number;
  readonly isDelta: boolean;
}

/** The header of a Message flatbuffer that `verifyIpcFlatbuffer` has passed. */
export function readIpcBatchHeader(bytes: Uint8Array): IpcBatchHeader {
  const { headerType, bodyLength, batch } = readIpcMessage(bytes);
  const t = new TableReader(bytes);
  const header = t.child(t.root(), 2);
  let recordBatch = header;
  let dictionaryId = 0;
  let isDelta = false;
  if (header !== undefined && headerType === DICTIONARY_MESSAGE) {
    dictionaryId = t.i64(header, 0);
    isDelta = t.u8(header, 2) !== 0;
    recordBatch = t.child(header, 1);
  }
  const compression = recordBatch === undefined ? undefined : t.child(recordBatch, 3);
  return { headerType, bodyLength, batch, codec: compression === undefined ? undefined : t.u8(compression, 0), dictionaryId, isDelta };
}
