/** A decoded Thrift value: integers as numbers (an int64 past 2^53 loses precision, and is past any file size anyway). */
export type ThriftValue = number | boolean | Uint8Array | ThriftValue[] | ThriftStruct;
/** A struct's fields by id. */
export type ThriftStruct = Map<number, ThriftValue>;

/** Bytes that do not parse as Thrift's compact protocol, and where (relative to the buffer given). */
export class ThriftError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at byte ${offset}`);
    this.name = 'ThriftError';
  }
}

const STOP = 0;
const TRUE = 1;
const FALSE = 2;
const BYTE = 3;
const I16 = 4;
const I32 = 5;
const I64 = 6;
const DOUBLE = 7;
const BINARY = 8;
const LIST = 9;
const SET = 10;
const MAP = 11;
const STRUCT = 12;
/** Parquet's structs nest a handful deep; a deeper one is a corrupt file, not a reason to exhaust the stack. */
const MAX_DEPTH = 64;

/**
 * Reads one Thrift struct in the compact protocol (what Parquet's footer and page headers are) from `bytes` at
 * `offset`, every field kept by id, unknown ones too. Nothing is trusted: a length or count is checked against the
 * bytes left before anything is allocated, so a corrupt footer gives a ThriftError, never a huge allocation or a
 * hang. Returns the struct and the offset just past it.
 */
export function readThriftStruct(bytes: Uint8Array, offset = 0): { value: ThriftStruct; end: number } {
  const reader = new CompactReader(bytes, offset);
  const value = reader.struct(0);
  return { value, end: reader.pos };
}

class CompactReader {
  constructor(
    private readonly bytes: Uint8Array,
    public pos: number,
  ) {}

  struct(depth: number): ThriftStruct {
    if (depth > MAX_DEPTH) throw new ThriftError(`structs nested more than ${MAX_DEPTH} deep`, this.pos);
    const fields: ThriftStruct = new Map();
    let id = 0;
    for (;;) {
      const header = this.byte();
      const type = header & 0x0f;
      if (type === STOP) return fields;
      const delta = header >> 4;
      id = delta === 0 ? this.zigzag32() : id + delta;
      if (type === TRUE || type === FALSE) fields.set(id, type === TRUE);
      else fields.set(id, this.value(type, depth));
    }
  }

  private value(type: number, depth: number): ThriftValue {
    switch (type) {
      // Inside a list or map a boolean is a byte of its own (a field's is folded into the field header).
      case TRUE:
      case FALSE:
        return this.byte() === TRUE;
      case BYTE:
        return (this.byte() << 24) >> 24;
      case I16:
      case I32:
        return this.zigzag32();
      case I64:
        return this.zigzag64();
      case DOUBLE: {
        this.need(8);
        const v = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.pos, 8).getFloat64(0, true);
        this.pos += 8;
        return v;
      }
      case BINARY: {
        const length = this.varint();
        this.need(length);
        const v = this.bytes.subarray(this.pos, this.pos + length);
        this.pos += length;
        return v;
      }
      case LIST:
      case SET:
        return this.list(depth);
      case MAP:
        return this.map(depth);
      case STRUCT:
        return this.struct(depth + 1);
      default:
        throw new ThriftError(`unknown field type ${type}`, this.pos - 1);
    }
  }

  private list(depth: number): ThriftValue[] {
    const header = this.byte();
    const elementType = header & 0x0f;
    const size = header >> 4 === 15 ? this.varint() : header >> 4;
    // Every element takes at least one byte: a count past the bytes left is corrupt (and must not be allocated).
    if (size > this.bytes.length - this.pos) throw new ThriftError(`a list of ${size} elements in ${this.bytes.length - this.pos} bytes`, this.pos);
    const out: ThriftValue[] = [];
    for (let i = 0; i < size; i++) out.push(this.value(elementType, depth + 1));
    return out;
  }

  private map(depth: number): ThriftValue[] {
    const size = this.varint();
    if (size === 0) return [];
    if (size * 2 > this.bytes.length - this.pos) throw new ThriftError(`a map of ${size} entries in ${this.bytes.length - this.pos} bytes`, this.pos);
    const types = this.byte();
    const out: ThriftValue[] = [];
    for (let i = 0; i < size; i++) out.push([this.value(types >> 4, depth + 1), this.value(types & 0x0f, depth + 1)]);
    return out;
  }

  private byte(): number {
    this.need(1);
    return this.bytes[this.pos++];
  }

  private need(n: number): void {
    if (n > this.bytes.length - this.pos) throw new ThriftError(`${n} bytes needed, ${this.bytes.length - this.pos} left`, this.pos);
  }

  /** An unsigned varint of up to 32 bits (lengths and sizes). */
  private varint(): number {
    const start = this.pos;
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) {
        if (result > 0xffffffff) break;
        return result;
      }
    }
    throw new ThriftError('a varint longer than 32 bits', start);
  }

  private zigzag32(): number {
    const n = this.varint();
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  }

  private zigzag64(): number {
    const start = this.pos;
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return Number((result >> 1n) ^ -(result & 1n));
    }
    throw new ThriftError('a varint longer than 64 bits', start);
  }
}
