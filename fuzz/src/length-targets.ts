/** A length, count or offset field of a file's framing: where it is, how wide, and what it says (for the report). */
export interface LengthTarget {
  readonly at: number;
  readonly width: 4 | 8;
  readonly what: string;
}

const CONTINUATION = 0xffffffff;
/** Message header types (Arrow's Message.fbs). */
const SCHEMA = 1;
const DICTIONARY_BATCH = 2;
const RECORD_BATCH = 3;
/** Enough messages and vector entries to reach every length of a seed file; a corrupt count stops the walk. */
const MAX_MESSAGES = 64;
const MAX_ENTRIES = 64;

/**
 * The length and offset fields of an Arrow IPC file or stream that a reader trusts: each message's metadata length
 * and flatbuffer root offset, its body length, a record batch's row count, node lengths and null counts and buffer
 * offsets and lengths, dictionary ids, schema field counts and name lengths, and in a file the footer length and
 * its blocks. Found by walking the flatbuffers, so that an extreme value lands on a real length instead of on data.
 * Stops at the first field that does not parse (the seed may be a fuzzer find already).
 */
export function ipcTargets(bytes: Uint8Array, isFile: boolean): LengthTarget[] {
  const fb = new FlatBuffer(bytes);
  const out: LengthTarget[] = [];
  tryWalk(() => walkMessages(fb, isFile ? 8 : 0, out));
  if (isFile) tryWalk(() => walkFooter(fb, out));
  return out;
}

/** The Parquet footer's length (before the closing `PAR1`) and the magic bytes at both ends. */
export function parquetTargets(bytes: Uint8Array): LengthTarget[] {
  if (bytes.length < 12) return [];
  return [
    { at: bytes.length - 8, width: 4, what: 'footer length' },
    { at: 0, width: 4, what: 'leading PAR1' },
    { at: bytes.length - 4, width: 4, what: 'trailing PAR1' },
  ];
}

/** The footer's byte range of a Parquet file, if its length field is sane: where thrift lengths and counts live. */
export function parquetFooterRange(bytes: Uint8Array): { start: number; end: number } | undefined {
  if (bytes.length < 12) return undefined;
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(bytes.length - 8, true);
  const start = bytes.length - 8 - length;
  return length > 0 && start >= 4 ? { start, end: bytes.length - 8 } : undefined;
}

function tryWalk(walk: () => void): void {
  try {
    walk();
  } catch (error) {
    // A read past the end: the bytes stop making sense here, and the targets found so far stand.
    if (!(error instanceof RangeError)) throw error;
  }
}

function walkMessages(fb: FlatBuffer, start: number, out: LengthTarget[]): void {
  let pos = start;
  for (let n = 0; n < MAX_MESSAGES && pos + 8 <= fb.size; n++) {
    const continued = fb.u32(pos) === CONTINUATION;
    const lengthAt = continued ? pos + 4 : pos;
    const length = fb.i32(lengthAt);
    out.push({ at: lengthAt, width: 4, what: `message ${n} metadata length` });
    if (length <= 0) return;
    const meta = lengthAt + 4;
    out.push({ at: meta, width: 4, what: `message ${n} flatbuffer root offset` });
    const message = meta + fb.u32(meta);
    const bodyAt = fb.field(message, 3);
    const body = bodyAt === undefined ? 0 : Number(fb.i64(bodyAt));
    if (bodyAt !== undefined) out.push({ at: bodyAt, width: 8, what: `message ${n} body length` });
    const typeAt = fb.field(message, 1);
    const headerAt = fb.field(message, 2);
    if (typeAt !== undefined && headerAt !== undefined) {
      const type = fb.u8(typeAt);
      const header = headerAt + fb.u32(headerAt);
      if (type === RECORD_BATCH) recordBatch(fb, header, `message ${n}`, out);
      else if (type === DICTIONARY_BATCH) {
        const idAt = fb.field(header, 0);
        if (idAt !== undefined) out.push({ at: idAt, width: 8, what: `message ${n} dictionary id` });
        const dataAt = fb.field(header, 1);
        if (dataAt !== undefined) recordBatch(fb, dataAt + fb.u32(dataAt), `message ${n} dictionary`, out);
      } else if (type === SCHEMA) schema(fb, header, `message ${n}`, out);
    }
    if (body < 0 || !Number.isSafeInteger(body)) return;
    pos = meta + length + body;
  }
}

function recordBatch(fb: FlatBuffer, table: number, label: string, out: LengthTarget[]): void {
  const rowsAt = fb.field(table, 0);
  if (rowsAt !== undefined) out.push({ at: rowsAt, width: 8, what: `${label} row count` });
  // FieldNode { length, null_count } and Buffer { offset, length }: two int64s each.
  for (const [index, names] of [
    [1, ['node length', 'node null count']],
    [2, ['buffer offset', 'buffer length']],
  ] as const) {
    const vectorAt = fb.field(table, index);
    if (vectorAt === undefined) continue;
    const vector = vectorAt + fb.u32(vectorAt);
    const count = fb.u32(vector);
    out.push({ at: vector, width: 4, what: `${label} ${names[0]}s count` });
    for (let i = 0; i < Math.min(count, MAX_ENTRIES); i++) {
      out.push({ at: vector + 4 + 16 * i, width: 8, what: `${label} ${names[0]} ${i}` });
      out.push({ at: vector + 12 + 16 * i, width: 8, what: `${label} ${names[1]} ${i}` });
    }
  }
}

function schema(fb: FlatBuffer, table: number, label: string, out: LengthTarget[]): void {
  const fieldsAt = fb.field(table, 1);
  if (fieldsAt === undefined) return;
  const vector = fieldsAt + fb.u32(fieldsAt);
  out.push({ at: vector, width: 4, what: `${label} schema field count` });
  for (let i = 0; i < Math.min(fb.u32(vector), MAX_ENTRIES); i++) {
    const entry = vector + 4 + 4 * i;
    const field = entry + fb.u32(entry);
    const nameAt = fb.field(field, 0);
    if (nameAt !== undefined) out.push({ at: nameAt + fb.u32(nameAt), width: 4, what: `${label} field ${i} name length` });
  }
}

function walkFooter(fb: FlatBuffer, out: LengthTarget[]): void {
  if (fb.size < 18) return;
  out.push({ at: fb.size - 10, width: 4, what: 'footer length' });
  const start = fb.size - 10 - fb.i32(fb.size - 10);
  if (start < 8) return;
  out.push({ at: start, width: 4, what: 'footer root offset' });
  const footer = start + fb.u32(start);
  const schemaAt = fb.field(footer, 1);
  if (schemaAt !== undefined) schema(fb, schemaAt + fb.u32(schemaAt), 'footer', out);
  // Block { offset: int64, metaDataLength: int32, (pad), bodyLength: int64 }: 24 bytes.
  for (const [index, label] of [
    [2, 'dictionary block'],
    [3, 'record batch block'],
  ] as const) {
    const vectorAt = fb.field(footer, index);
    if (vectorAt === undefined) continue;
    const vector = vectorAt + fb.u32(vectorAt);
    out.push({ at: vector, width: 4, what: `footer ${label} count` });
    for (let i = 0; i < Math.min(fb.u32(vector), MAX_ENTRIES); i++) {
      const block = vector + 4 + 24 * i;
      out.push({ at: block, width: 8, what: `footer ${label} ${i} offset` });
      out.push({ at: block + 8, width: 4, what: `footer ${label} ${i} metadata length` });
      out.push({ at: block + 16, width: 8, what: `footer ${label} ${i} body length` });
    }
  }
}

/** Just enough of the flatbuffer format to find table fields; every read is bounds-checked by DataView. */
class FlatBuffer {
  private readonly view: DataView;
  readonly size: number;

  constructor(bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.size = bytes.byteLength;
  }

  u8(at: number): number {
    return this.view.getUint8(at);
  }

  u32(at: number): number {
    return this.view.getUint32(at, true);
  }

  i32(at: number): number {
    return this.view.getInt32(at, true);
  }

  i64(at: number): bigint {
    return this.view.getBigInt64(at, true);
  }

  /** Position of field `index` of the table at `table`, or undefined when absent. */
  field(table: number, index: number): number | undefined {
    const vtable = table - this.i32(table);
    const slot = 4 + 2 * index;
    if (slot >= this.view.getUint16(vtable, true)) return undefined;
    const offset = this.view.getUint16(vtable + slot, true);
    return offset === 0 ? undefined : table + offset;
  }
}
