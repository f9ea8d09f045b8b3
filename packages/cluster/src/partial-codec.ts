import { deserialize, serialize } from 'node:v8';
import type { PartialAggregate } from '@df-stream/core';
import { z } from 'zod';

/** "DFPA": what a partial-state blob starts with, so a stray file is refused before it is decoded. */
const MAGIC = 0x41504644;
/** Bumped whenever the bytes after the header change meaning; a worker refuses versions it does not know. */
export const PARTIAL_FORMAT_VERSION = 1;
const HEADER_BYTES = 8;

/** The shape a decoded partial must have before the merge touches it (the bytes came through Redis or a shared disk). */
const PartialShape = z.object({
  version: z.literal(1),
  numGroups: z.number().int().nonnegative(),
  keys: z.array(z.array(z.unknown())),
  firstSeen: z.instanceof(Float64Array),
  states: z.array(z.record(z.string(), z.unknown())),
});

/**
 * A partial aggregate as compact, versioned bytes: an 8-byte header (magic, format version) and then
 * V8's structured serialization, which keeps typed arrays as raw bytes and is what spills already use.
 */
export function encodePartial(partial: PartialAggregate): Uint8Array {
  const body = serialize(partial);
  const out = new Uint8Array(HEADER_BYTES + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, PARTIAL_FORMAT_VERSION, true);
  out.set(body, HEADER_BYTES);
  return out;
}

export function decodePartial(bytes: Uint8Array): PartialAggregate {
  if (bytes.length < HEADER_BYTES) throw new Error('partial state blob is truncated');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw new Error('not a df-stream partial state blob');
  const version = view.getUint32(4, true);
  if (version !== PARTIAL_FORMAT_VERSION) {
    throw new Error(`partial state format v${version} is not supported by this worker (it reads v${PARTIAL_FORMAT_VERSION}): run one df-stream version on every machine`);
  }
  const value: unknown = deserialize(bytes.subarray(HEADER_BYTES));
  const partial = PartialShape.parse(value);
  for (const k of partial.keys) if (k.length !== partial.numGroups) throw new Error('partial state blob is inconsistent');
  if (partial.firstSeen.length !== partial.numGroups) throw new Error('partial state blob is inconsistent');
  return value as PartialAggregate;
}
