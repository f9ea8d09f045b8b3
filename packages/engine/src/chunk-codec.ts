import { deserialize } from 'node:v8';
import { type Chunk, DfError } from '@df-stream/core';
import { type ChunkData, chunkFromData, chunkToData, type DictionaryTable } from '@df-stream/core/internal';
import { HEADER_BYTES, serializeWithHeader } from './blob-header.js';

/** "DFCH": what a spilled chunk blob starts with. */
const MAGIC = 0x48434644;
/** Bumped whenever the bytes after the header change meaning. */
const CHUNK_FORMAT_VERSION = 1;

/**
 * A chunk as versioned bytes for a spill file: an 8-byte header (magic, version), then V8's structured
 * serialization of its `ChunkData`, which keeps typed arrays as raw bytes. Categorical columns carry only codes and
 * the number of their dictionary in `dictionaries`, which the spill area keeps in memory.
 */
export function encodeChunk(chunk: Chunk, dictionaries: DictionaryTable): Uint8Array {
  return serializeWithHeader(MAGIC, CHUNK_FORMAT_VERSION, chunkToData(chunk, dictionaries));
}

export function decodeChunk(bytes: Uint8Array, dictionaries: DictionaryTable): Chunk {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < HEADER_BYTES || view.getUint32(0, true) !== MAGIC || view.getUint32(4, true) !== CHUNK_FORMAT_VERSION) {
    throw new DfError('data', 'spilled chunk blob is damaged (bad header)');
  }
  let data: ChunkData;
  try {
    data = deserialize(bytes.subarray(HEADER_BYTES)) as ChunkData;
  } catch (e) {
    throw new DfError('data', `spilled chunk blob cannot be decoded (${e instanceof Error ? e.message : String(e)})`);
  }
  if (typeof data !== 'object' || data === null || !Array.isArray(data.fields) || !Array.isArray(data.columns)) {
    throw new DfError('data', 'spilled chunk blob has an unknown layout');
  }
  return chunkFromData(data, dictionaries);
}
