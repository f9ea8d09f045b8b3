/**
 * A verifier for the flatbuffers of Arrow IPC (Message.fbs, Schema.fbs, File.fbs), in the manner of the
 * FlatBuffers Verifier that Arrow C++ runs before it trusts a message: every table, vtable, string and vector must
 * lie inside the buffer, and every vector's length must fit in the bytes after it. apache-arrow trusts these
 * lengths as they are: a few flipped bits in a vector length make it loop over hundreds of millions of entries
 * (a hang) or allocate for them, before anything fails.
 */

type TableName =
  | 'Footer'
  | 'Message'
  | 'Schema'
  | 'Field'
  | 'KeyValue'
  | 'DictionaryEncoding'
  | 'RecordBatch'
  | 'BodyCompression'
  | 'DictionaryBatch'
  | 'Int'
  | 'FloatingPoint'
  | 'Decimal'
  | 'Date'
  | 'Time'
  | 'Timestamp'
  | 'Interval'
  | 'Union'
  | 'FixedSizeBinary'
  | 'FixedSizeList'
  | 'Map'
  | 'Duration'
  | 'Empty';

type Field =
  | { readonly kind: 'scalar'; readonly size: 1 | 2 | 4 | 8 }
  | { readonly kind: 'string' }
  | { readonly kind: 'table'; readonly table: TableName }
  | { readonly kind: 'tables'; readonly table: TableName }
  | { readonly kind: 'structs'; readonly size: number }
  /** A union's value; its type is the ubyte field `typeField` of the same table. */
  | { readonly kind: 'union'; readonly typeField: number; readonly tables: readonly (TableName | undefined)[] };

const u8: Field = { kind: 'scalar', size: 1 };
const i16: Field = { kind: 'scalar', size: 2 };
const i32: Field = { kind: 'scalar', size: 4 };
const i64: Field = { kind: 'scalar', size: 8 };
const str: Field = { kind: 'string' };
const table = (name: TableName): Field => ({ kind: 'table', table: name });
const tables = (name: TableName): Field => ({ kind: 'tables', table: name });
const structs = (size: number): Field => ({ kind: 'structs', size });

/** Type union members by type id (Schema.fbs `union Type`): the tables with fields; the rest are empty tables. */
const TYPE_TABLES: (TableName | undefined)[] = [];
const typeIds: [number, TableName][] = [
  [2, 'Int'],
  [3, 'FloatingPoint'],
  [7, 'Decimal'],
  [8, 'Date'],
  [9, 'Time'],
  [10, 'Timestamp'],
  [11, 'Interval'],
  [14, 'Union'],
  [15, 'FixedSizeBinary'],
  [16, 'FixedSizeList'],
  [17, 'Map'],
  [18, 'Duration'],
];
for (let id = 1; id <= 26; id++) TYPE_TABLES[id] = 'Empty';
for (const [id, name] of typeIds) TYPE_TABLES[id] = name;

/** Message header types (Message.fbs `union MessageHeader`). */
export const SCHEMA_MESSAGE = 1;
export const DICTIONARY_MESSAGE = 2;
export const RECORD_BATCH_MESSAGE = 3;

/** The tables of Arrow IPC, their fields in slot order (a slot past the list is checked for bounds only). */
const TABLES: Record<TableName, readonly Field[]> = {
  Footer: [i16, table('Schema'), structs(24), structs(24), tables('KeyValue')],
  Message: [i16, u8, { kind: 'union', typeField: 1, tables: [undefined, 'Schema', 'DictionaryBatch', 'RecordBatch', 'Empty', 'Empty'] }, i64, tables('KeyValue')],
  Schema: [i16, tables('Field'), tables('KeyValue'), structs(8)],
  Field: [str, u8, u8, { kind: 'union', typeField: 2, tables: TYPE_TABLES }, table('DictionaryEncoding'), tables('Field'), tables('KeyValue')],
  KeyValue: [str, str],
  DictionaryEncoding: [i64, table('Int'), u8, i16],
  RecordBatch: [i64, structs(16), structs(16), table('BodyCompression'), structs(8)],
  BodyCompression: [u8, u8],
  DictionaryBatch: [i64, table('RecordBatch'), u8],
  Int: [i32, u8],
  FloatingPoint: [i16],
  Decimal: [i32, i32, i32],
  Date: [i16],
  Time: [i16, i32],
  Timestamp: [i16, str],
  Interval: [i16],
  Union: [i16, structs(4)],
  FixedSizeBinary: [i32],
  FixedSizeList: [i32],
  Map: [u8],
  Duration: [i16],
  Empty: [],
};

/** Field children nest per level of a nested type; deeper than this is hostile (and would exhaust the stack). */
const MAX_DEPTH = 64;

/**
 * The first problem found in the flatbuffer `bytes` whose root is a `root` table, or undefined when all of it lies
 * inside the buffer. Tables reachable by several paths are counted each time, up to a budget: a flatbuffer whose
 * offsets share subtrees to multiply the work is refused, as apache-arrow would decode every path.
 */
export function verifyIpcFlatbuffer(bytes: Uint8Array, root: 'Footer' | 'Message'): string | undefined {
  const fb = new FlatbufferView(bytes);
  if (bytes.length < 8) return `${bytes.length} bytes is too short for a flatbuffer`;
  try {
    fb.table(fb.offsetAt(0, 'the root offset'), root, 0);
    return undefined;
  } catch (error) {
    if (error instanceof VerifyError) return error.message;
    throw error;
  }
}

class VerifyError extends Error {}

class FlatbufferView {
  private readonly view: DataView;
  private budget: number;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.budget = 1024 + 4 * bytes.length;
  }

  /** The position a uoffset at `at` points to, checked to be inside the buffer. */
  offsetAt(at: number, what: string): number {
    this.within(at, 4, what);
    const target = at + this.view.getUint32(at, true);
    if (target > this.bytes.length - 4) throw new VerifyError(`${what} points past the end (${target} of ${this.bytes.length} bytes)`);
    return target;
  }

  table(at: number, name: TableName, depth: number): void {
    if (depth > MAX_DEPTH) throw new VerifyError(`${name} tables nested more than ${MAX_DEPTH} deep`);
    if (--this.budget < 0) throw new VerifyError('too many tables for its size (shared offsets)');
    this.within(at, 4, `a ${name} table`);
    const vtable = at - this.view.getInt32(at, true);
    this.within(vtable, 4, `the vtable of a ${name} table`);
    const vtableSize = this.view.getUint16(vtable, true);
    const tableSize = this.view.getUint16(vtable + 2, true);
    if (vtableSize < 4 || vtableSize % 2 !== 0) throw new VerifyError(`the vtable of a ${name} table has size ${vtableSize}`);
    this.within(vtable, vtableSize, `the vtable of a ${name} table`);
    if (tableSize < 4) throw new VerifyError(`a ${name} table has size ${tableSize}`);
    this.within(at, tableSize, `a ${name} table`);
    const fields = TABLES[name];
    for (let slot = 0; 4 + 2 * slot < vtableSize; slot++) {
      const offset = this.view.getUint16(vtable + 4 + 2 * slot, true);
      if (offset === 0) continue;
      const field = fields[slot];
      const size = field === undefined ? 1 : field.kind === 'scalar' ? field.size : 4;
      if (offset + size > tableSize) throw new VerifyError(`field ${slot} of a ${name} table lies outside it`);
      if (field !== undefined) this.field(at, at + offset, field, name, slot, depth);
    }
  }

  private field(tableAt: number, at: number, field: Field, name: TableName, slot: number, depth: number): void {
    const what = `field ${slot} of a ${name} table`;
    switch (field.kind) {
      case 'scalar':
        return;
      case 'string': {
        const start = this.offsetAt(at, what);
        this.within(start + 4, this.view.getUint32(start, true), `the string in ${what}`);
        return;
      }
      case 'table':
        return this.table(this.offsetAt(at, what), field.table, depth + 1);
      case 'structs': {
        const start = this.offsetAt(at, what);
        const length = this.view.getUint32(start, true);
        this.within(start + 4, length * field.size, `the ${length}-element vector in ${what}`);
        return;
      }
      case 'tables': {
        const start = this.offsetAt(at, what);
        const length = this.view.getUint32(start, true);
        this.within(start + 4, length * 4, `the ${length}-element vector in ${what}`);
        for (let i = 0; i < length; i++) this.table(this.offsetAt(start + 4 + 4 * i, `element ${i} of ${what}`), field.table, depth + 1);
        return;
      }
      case 'union': {
        // A type id this list does not know (a newer Arrow's) is checked for its bounds; apache-arrow refuses it.
        const member = field.tables[this.unionType(tableAt, field.typeField)] ?? 'Empty';
        return this.table(this.offsetAt(at, what), member, depth + 1);
      }
    }
  }

  /** The ubyte type of a union, from the table's own field `slot` (0, NONE, when absent). */
  private unionType(tableAt: number, slot: number): number {
    const vtable = tableAt - this.view.getInt32(tableAt, true);
    if (4 + 2 * slot >= this.view.getUint16(vtable, true)) return 0;
    const offset = this.view.getUint16(vtable + 4 + 2 * slot, true);
    return offset === 0 ? 0 : this.view.getUint8(tableAt + offset);
  }

  private within(at: number, length: number, what: string): void {
    if (at < 0 || length < 0 || at + length > this.bytes.length) throw new VerifyError(`${what} lies outside the ${this.bytes.length}-byte flatbuffer`);
  }
}

/** A record batch's lengths (its own or a dictionary batch's), as numbers (an int64 past 2^53 is past any file). */
export interface BatchLengths {
  readonly length: number;
  readonly nodes: readonly { readonly length: number; readonly nullCount: number }[];
  readonly buffers: readonly { readonly offset: number; readonly length: number }[];
  readonly variadicCounts: readonly number[];
}

/** The header of a verified Message flatbuffer: its type, body length and, for a (dictionary) batch, its lengths. */
export function readIpcMessage(bytes: Uint8Array): { headerType: number; bodyLength: number; batch: BatchLengths | undefined } {
  const t = new TableReader(bytes);
  const message = t.root();
  const headerType = t.u8(message, 1);
  const bodyLength = t.i64(message, 3);
  const header = t.child(message, 2);
  let batch: BatchLengths | undefined;
  if (header !== undefined && headerType === RECORD_BATCH_MESSAGE) batch = batchLengths(t, header);
  if (header !== undefined && headerType === DICTIONARY_MESSAGE) {
    const data = t.child(header, 1);
    if (data !== undefined) batch = batchLengths(t, data);
  }
  return { headerType, bodyLength, batch };
}

/** A file's blocks, from its verified Footer flatbuffer: where each dictionary and record batch message starts. */
export function readIpcFooterBlocks(bytes: Uint8Array): { dictionaries: number[]; recordBatches: number[] } {
  const t = new TableReader(bytes);
  const footer = t.root();
  // Block { offset: long, metaDataLength: int, (pad), bodyLength: long }: apache-arrow reads the offset only.
  const offsets = (slot: number): number[] => t.structs(footer, slot, 24).map((at) => Number(t.view.getBigInt64(at, true)));
  return { dictionaries: offsets(2), recordBatches: offsets(3) };
}

function batchLengths(t: TableReader, batch: number): BatchLengths {
  const pairs = (slot: number): [number, number][] =>
    t.structs(batch, slot, 16).map((at) => [Number(t.view.getBigInt64(at, true)), Number(t.view.getBigInt64(at + 8, true))]);
  return {
    length: t.i64(batch, 0),
    nodes: pairs(1).map(([length, nullCount]) => ({ length, nullCount })),
    buffers: pairs(2).map(([offset, length]) => ({ offset, length })),
    variadicCounts: t.structs(batch, 4, 8).map((at) => Number(t.view.getBigInt64(at, true))),
  };
}

/** Field reads on a flatbuffer that `verifyIpcFlatbuffer` has passed (so every position read is inside it). */
export class TableReader {
  readonly view: DataView;

  constructor(bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  root(): number {
    return this.view.getUint32(0, true);
  }

  /** Position of field `slot` of the table at `table`, or undefined when absent. */
  field(table: number, slot: number): number | undefined {
    const vtable = table - this.view.getInt32(table, true);
    if (4 + 2 * slot >= this.view.getUint16(vtable, true)) return undefined;
    const offset = this.view.getUint16(vtable + 4 + 2 * slot, true);
    return offset === 0 ? undefined : table + offset;
  }

  u8(table: number, slot: number): number {
    const at = this.field(table, slot);
    return at === undefined ? 0 : this.view.getUint8(at);
  }

  /** A short field; `absent` is the schema's default for it (flatbuffers leave a default value out). */
  i16(table: number, slot: number, absent = 0): number {
    const at = this.field(table, slot);
    return at === undefined ? absent : this.view.getInt16(at, true);
  }

  i32(table: number, slot: number): number {
    const at = this.field(table, slot);
    return at === undefined ? 0 : this.view.getInt32(at, true);
  }

  /** A string field as text (undefined when absent). */
  string(table: number, slot: number): string | undefined {
    const start = this.child(table, slot);
    if (start === undefined) return undefined;
    const length = this.view.getUint32(start, true);
    return Buffer.from(this.view.buffer, this.view.byteOffset + start + 4, length).toString('utf8');
  }

  /** Positions of the tables of a vector of tables. */
  tables(table: number, slot: number): number[] {
    const vector = this.child(table, slot);
    if (vector === undefined) return [];
    return Array.from({ length: this.view.getUint32(vector, true) }, (_, i) => {
      const at = vector + 4 + 4 * i;
      return at + this.view.getUint32(at, true);
    });
  }

  i64(table: number, slot: number): number {
    const at = this.field(table, slot);
    return at === undefined ? 0 : Number(this.view.getBigInt64(at, true));
  }

  child(table: number, slot: number): number | undefined {
    const at = this.field(table, slot);
    return at === undefined ? undefined : at + this.view.getUint32(at, true);
  }

  /** Positions of the elements of a vector of `size`-byte structs. */
  structs(table: number, slot: number, size: number): number[] {
    const vector = this.child(table, slot);
    if (vector === undefined) return [];
    return Array.from({ length: this.view.getUint32(vector, true) }, (_, i) => vector + 4 + size * i);
  }
}
