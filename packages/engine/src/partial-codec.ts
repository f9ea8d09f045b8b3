import { deserialize } from 'node:v8';
import { DfError } from '@df-stream/core';
import type { CompactPartial } from '@df-stream/core/internal';
import { HEADER_BYTES, serializeWithHeader } from './blob-header.js';

/** "DFPA": what a partial-state blob starts with, so a stray file is refused before it is decoded. */
const MAGIC = 0x41504644;
/**
 * Bumped whenever the bytes after the header change meaning; a reader refuses versions it does not know.
 * Version 1 carried the cluster's JS-value partials; version 2 the compact form local threads already used.
 */
export const PARTIAL_FORMAT_VERSION = 2;

/**
 * A partial aggregate as versioned bytes: an 8-byte header (magic, format version), then V8's structured
 * serialization, which keeps typed arrays as raw bytes. The one encoding of partial states: spill files frame
 * these blobs, cluster tasks store them.
 */
export function encodePartial(partial: CompactPartial): Uint8Array {
  return serializeWithHeader(MAGIC, PARTIAL_FORMAT_VERSION, partial);
}

/** The partial a blob holds, checked for shape first (cluster blobs come through Redis or a shared disk). */
export function decodePartial(bytes: Uint8Array): CompactPartial {
  if (bytes.length < HEADER_BYTES) throw corrupt('is truncated');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw corrupt('is not a df-stream partial state');
  const version = view.getUint32(4, true);
  if (version !== PARTIAL_FORMAT_VERSION) {
    throw new DfError('data', `partial state format v${version} is not supported here (this reads v${PARTIAL_FORMAT_VERSION})`, {
      hint: 'run one df-stream version on every machine',
    });
  }
  let value: unknown;
  try {
    value = deserialize(bytes.subarray(HEADER_BYTES));
  } catch (e) {
    throw corrupt(`cannot be decoded (${e instanceof Error ? e.message : String(e)})`);
  }
  checkShape(value);
  return value;
}

function checkShape(value: unknown): asserts value is CompactPartial {
  const p = value as Partial<Record<keyof CompactPartial, unknown>> | null;
  if (typeof p !== 'object' || p === null || p.version !== 'compact-1') throw corrupt('has an unknown layout');
  const n = p.numGroups;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw corrupt('has a bad group count');
  if (!(p.firstSeen instanceof Float64Array) || p.firstSeen.length !== n) throw corrupt('is inconsistent (first positions)');
  if (!Array.isArray(p.keys) || !Array.isArray(p.keyDTypes) || p.keys.length !== p.keyDTypes.length) throw corrupt('is inconsistent (keys)');
  for (const k of p.keys as unknown[]) {
    const codes = (k as { codes?: unknown } | null)?.codes;
    if (!ArrayBuffer.isView(codes) || (codes as Uint8Array).length !== n) throw corrupt('is inconsistent (key codes)');
  }
  if (!Array.isArray(p.states) || !p.states.every((s) => typeof s === 'object' && s !== null)) throw corrupt('is inconsistent (states)');
}

function corrupt(what: string): DfError {
  return new DfError('data', `partial state blob ${what}`);
}
