import type { FileHandle } from 'node:fs/promises';
import { DfError } from '@df-stream/core';

const CONTINUATION = 0xffffffff;
const SCHEMA_HEADER = 1;
/** Larger than this is not a schema or footer but a hostile length prefix; do not read it. */
const MAX_METADATA_BYTES = 16 * 1024 * 1024;

/**
 * The endianness an Arrow IPC file or stream declares in its schema. apache-arrow ignores this field
 * and would read big-endian data as garbage, so readers check it first. Reads one flatbuffer by hand:
 * the file footer (Footer.schema, field 1) or the stream's first message (Message.header, field 2),
 * then Schema.endianness (field 0). Undefined when the bytes are unreadable (the Arrow reader reports that).
 */
export async function ipcEndianness(handle: FileHandle, isFile: boolean): Promise<'little' | 'big' | undefined> {
  try {
    const schema = isFile ? await footerSchema(handle) : await streamSchema(handle);
    if (schema === undefined) return undefined;
    const endianness = tableField(schema.fb, schema.table, 0);
    return endianness !== undefined && schema.fb.getInt16(endianness, true) === 1 ? 'big' : 'little';
  } catch {
    return undefined;
  }
}

interface SchemaTable {
  fb: DataView;
  table: number;
}

async function footerSchema(handle: FileHandle): Promise<SchemaTable | undefined> {
  const { size } = await handle.stat();
  if (size < 18) return undefined;
  const tail = new DataView((await readAt(handle, size - 10, 4)).buffer);
  const length = tail.getInt32(0, true);
  if (length < 8 || length > MAX_METADATA_BYTES || length > size - 18) return undefined;
  const fb = new DataView((await readAt(handle, size - 10 - length, length)).buffer);
  const footer = fb.getUint32(0, true);
  const schema = tableField(fb, footer, 1);
  return schema === undefined ? undefined : { fb, table: schema + fb.getUint32(schema, true) };
}

async function streamSchema(handle: FileHandle): Promise<SchemaTable | undefined> {
  const prefix = new DataView((await readAt(handle, 0, 8)).buffer);
  let length = prefix.getUint32(0, true);
  let at = 4;
  if (length === CONTINUATION) {
    length = prefix.getUint32(4, true);
    at = 8;
  }
  if (length < 8 || length > MAX_METADATA_BYTES) return undefined;
  const fb = new DataView((await readAt(handle, at, length)).buffer);
  const message = fb.getUint32(0, true);
  const headerType = tableField(fb, message, 1);
  if (headerType === undefined || fb.getUint8(headerType) !== SCHEMA_HEADER) return undefined;
  const header = tableField(fb, message, 2);
  return header === undefined ? undefined : { fb, table: header + fb.getUint32(header, true) };
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(length);
  const { bytesRead } = await handle.read(bytes, 0, length, position);
  if (bytesRead < length) throw new DfError('data', 'short read');
  return bytes;
}

/** Position of field `index` of the flatbuffer table at `table`, or undefined if absent. */
function tableField(fb: DataView, table: number, index: number): number | undefined {
  const vtable = table - fb.getInt32(table, true);
  const vtableSize = fb.getUint16(vtable, true);
  const slot = 4 + 2 * index;
  if (slot >= vtableSize) return undefined;
  const offset = fb.getUint16(vtable + slot, true);
  return offset === 0 ? undefined : table + offset;
}
