import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DfError } from '@df-stream/core';
import type { BlobRef } from './task-payload.js';

/**
 * Small blobs travel inside the job's return value in Redis; larger ones are written to the job's
 * directory on shared storage and only their name goes to Redis (Redis is memory, and a value of
 * hundreds of MB would stall it for everyone).
 */
export async function storeBlob(bytes: Uint8Array, dir: string, stem: string, inlineBytes: number): Promise<BlobRef> {
  if (bytes.length <= inlineBytes)
    return { kind: 'inline', base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'), bytes: bytes.length };
  // A random tag: a retried task never overwrites (or is confused with) what a killed attempt left.
  const name = `${stem}-${randomBytes(4).toString('hex')}.bin`;
  const tmp = join(dir, `${name}.tmp`);
  await writeFile(tmp, bytes);
  await rename(tmp, join(dir, name));
  return { kind: 'file', name, bytes: bytes.length };
}

export async function loadBlob(ref: BlobRef, dir: string): Promise<Uint8Array> {
  if (ref.kind === 'inline') return Buffer.from(ref.base64, 'base64');
  const bytes = await readFile(join(dir, ref.name));
  if (bytes.length !== ref.bytes)
    throw new DfError('io', `shared file ${ref.name} has ${bytes.length} bytes, expected ${ref.bytes}`, {
      hint: 'the shared directory (--shared-dir) must be the same on every machine',
    });
  return bytes;
}

/** The job's own directory under the shared root: named by job id, so concurrent jobs never share files. */
export function jobDir(sharedDir: string, jobId: string): string {
  return join(sharedDir, `.df-stream-${jobId}`);
}
