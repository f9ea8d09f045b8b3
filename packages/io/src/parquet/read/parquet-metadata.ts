import type { ParquetFooter } from './parquet-footer.js';
import type { ThriftStruct, ThriftValue } from './thrift-compact.js';

/** parquet.thrift's physical types. */
export const PHYSICAL = { BOOLEAN: 0, INT32: 1, INT64: 2, INT96: 3, FLOAT: 4, DOUBLE: 5, BYTE_ARRAY: 6, FIXED_LEN_BYTE_ARRAY: 7 } as const;
/** parquet.thrift's encodings. */
export const ENCODING = {
  PLAIN: 0,
  PLAIN_DICTIONARY: 2,
  RLE: 3,
  BIT_PACKED: 4,
  DELTA_BINARY_PACKED: 5,
  DELTA_LENGTH_BYTE_ARRAY: 6,
  DELTA_BYTE_ARRAY: 7,
  RLE_DICTIONARY: 8,
  BYTE_STREAM_SPLIT: 9,
} as const;

/** What a schema leaf's annotations say its values are (LogicalType, or the older ConvertedType when that is all). */
export type ParquetLogical =
  | { kind: 'none' }
  | { kind: 'string' }
  | { kind: 'int'; bitWidth: number; signed: boolean }
  | { kind: 'date' }
  | { kind: 'timestamp'; unit: 'ms' | 'us' | 'ns' }
  | { kind: 'other'; name: string };

/** One leaf column of the schema. */
export interface ParquetLeaf {
  /** Its dotted path (its name in a flat schema). */
  readonly name: string;
  readonly physical: number;
  /** 0 required, 1 optional, 2 repeated (of the leaf itself). */
  readonly repetition: number;
  /** Whether the leaf sits inside a group (a struct, list or map): the own reader reads only top-level leaves. */
  readonly nested: boolean;
  readonly logical: ParquetLogical;
}

/** A column chunk's metadata (ColumnMetaData) as the reader uses it. */
export interface ParquetColumnChunk {
  readonly codec: number;
  readonly encodings: readonly number[];
  readonly numValues: number;
  /** Its pages lie in [start, end) (the dictionary page first when there is one). */
  readonly start: number;
  readonly end: number;
  readonly hasDictionaryPage: boolean;
  /** Bytes of the dictionary page as stored (its header included), from the footer's page offsets; 0 when unknown. */
  readonly dictionaryBytes: number;
  /** Data pages by encoding, when the writer gave encoding_stats: whether any data page is not dictionary-encoded. */
  readonly plainDataPages: boolean | undefined;
  /** PLAIN-encoded min and max of the chunk's non-null values, when the writer gave both; its null count if given. */
  readonly min: Uint8Array | undefined;
  readonly max: Uint8Array | undefined;
  /** Whether min and max are min_value/max_value (ordered as the column's type orders) rather than the deprecated signed-byte pair. */
  readonly typedMinMax: boolean;
  readonly nullCount: number | undefined;
}

export interface ParquetRowGroup {
  readonly numRows: number;
  /** One per leaf, in schema order; undefined for a chunk kept elsewhere (another file, encrypted metadata). */
  readonly chunks: readonly (ParquetColumnChunk | undefined)[];
}

export interface ParquetMetadata {
  readonly numRows: number;
  readonly leaves: readonly ParquetLeaf[];
  readonly rowGroups: readonly ParquetRowGroup[];
  /** The footer's key/value metadata (ARROW:schema, pandas, ...). */
  readonly keyValues: ReadonlyMap<string, string>;
}

const CONVERTED_NAMES = [
  'UTF8',
  'MAP',
  'MAP_KEY_VALUE',
  'LIST',
  'ENUM',
  'DECIMAL',
  'DATE',
  'TIME_MILLIS',
  'TIME_MICROS',
  'TIMESTAMP_MILLIS',
  'TIMESTAMP_MICROS',
  'UINT_8',
  'UINT_16',
  'UINT_32',
  'UINT_64',
  'INT_8',
  'INT_16',
  'INT_32',
  'INT_64',
  'JSON',
  'BSON',
  'INTERVAL',
];
const LOGICAL_NAMES = ['', 'STRING', 'MAP', 'LIST', 'ENUM', 'DECIMAL', 'DATE', 'TIME', 'TIMESTAMP', '', 'INTEGER', 'UNKNOWN', 'JSON', 'BSON', 'UUID', 'FLOAT16'];

/**
 * The parts of a checked footer (`readParquetFooter`, which has already checked the framing, the schema tree and
 * every chunk's byte range) that our reader needs: leaves with their types, and per row group each chunk's codec,
 * encodings, page range and statistics. Fields that are missing or of the wrong Thrift type read as absent; the reader
 * then falls back to parquet-wasm for that column, which says what it makes of them.
 */
export function parquetMetadata(footer: ParquetFooter): ParquetMetadata {
  const meta = footer.meta;
  const elements = list(meta.get(2)).map((e) => struct(e) ?? new Map());
  const leaves = schemaLeaves(elements);
  const rowGroups = list(meta.get(4)).map((g, i): ParquetRowGroup => {
    const group = struct(g) ?? new Map();
    const chunks = list(group.get(1)).map((c, j) => columnChunk(struct(c), footer.rowGroups[i]?.chunks[j]));
    return { numRows: num(group.get(3)) ?? 0, chunks };
  });
  const keyValues = new Map<string, string>();
  for (const kv of list(meta.get(5))) {
    const entry = struct(kv);
    const key = entry?.get(1);
    const value = entry?.get(2);
    if (key instanceof Uint8Array) keyValues.set(text(key), value instanceof Uint8Array ? text(value) : '');
  }
  return { numRows: num(meta.get(3)) ?? 0, leaves, rowGroups, keyValues };
}

function schemaLeaves(elements: ThriftStruct[]): ParquetLeaf[] {
  const leaves: ParquetLeaf[] = [];
  const open: { prefix: string; left: number }[] = [{ prefix: '', left: num(elements[0]?.get(5)) ?? 0 }];
  let next = 1;
  while (open.length > 0 && next < elements.length) {
    const group = open[open.length - 1];
    if (group.left === 0) {
      open.pop();
      continue;
    }
    group.left--;
    const element = elements[next++];
    const nameBytes = element.get(4);
    const name = nameBytes instanceof Uint8Array ? text(nameBytes) : '';
    const path = group.prefix === '' ? name : `${group.prefix}.${name}`;
    const children = num(element.get(5)) ?? 0;
    if (children > 0) {
      open.push({ prefix: path, left: children });
      continue;
    }
    leaves.push({ name: path, physical: num(element.get(1)) ?? -1, repetition: num(element.get(3)) ?? 0, nested: open.length > 1, logical: logicalOf(element) });
  }
  return leaves;
}

function logicalOf(element: ThriftStruct): ParquetLogical {
  const logical = struct(element.get(10));
  if (logical !== undefined && logical.size > 0) {
    const [id, value] = [...logical.entries()][0];
    const inner = struct(value) ?? new Map();
    if (id === 1 || id === 4 || id === 12) return { kind: 'string' };
    if (id === 6) return { kind: 'date' };
    if (id === 10) return { kind: 'int', bitWidth: num(inner.get(1)) ?? 0, signed: inner.get(2) === true };
    if (id === 8) {
      const unit = struct(inner.get(2));
      const unitId = unit === undefined ? 0 : ([...unit.keys()][0] ?? 0);
      if (unitId >= 1 && unitId <= 3) return { kind: 'timestamp', unit: (['ms', 'us', 'ns'] as const)[unitId - 1] };
    }
    return { kind: 'other', name: LOGICAL_NAMES[id] || `logical type ${id}` };
  }
  const converted = num(element.get(6));
  if (converted === undefined) return { kind: 'none' };
  const name = CONVERTED_NAMES[converted] ?? `converted type ${converted}`;
  if (name === 'UTF8' || name === 'ENUM' || name === 'JSON') return { kind: 'string' };
  if (name === 'DATE') return { kind: 'date' };
  if (name === 'TIMESTAMP_MILLIS') return { kind: 'timestamp', unit: 'ms' };
  if (name === 'TIMESTAMP_MICROS') return { kind: 'timestamp', unit: 'us' };
  const int = /^(U?)INT_(8|16|32|64)$/.exec(name);
  if (int !== null) return { kind: 'int', bitWidth: Number(int[2]), signed: int[1] === '' };
  return { kind: 'other', name };
}

function columnChunk(chunk: ThriftStruct | undefined, range: { start: number; end: number } | undefined): ParquetColumnChunk | undefined {
  const meta = struct(chunk?.get(3));
  if (chunk === undefined || meta === undefined || chunk.has(1) || range === undefined || range.end === 0) return undefined;
  const stats = struct(meta.get(12));
  // min_value/max_value (5, 6) compare as the column's type orders; the deprecated min/max (1, 2) compare signed
  // bytes, which is right for the signed integers they are used for here (the caller checks the type).
  const min = bytes(stats?.get(6)) ?? bytes(stats?.get(2));
  const max = bytes(stats?.get(5)) ?? bytes(stats?.get(1));
  const pageStats = list(meta.get(13)).map((s) => struct(s) ?? new Map());
  const dataStats = pageStats.filter((s) => num(s.get(1)) === 0 || num(s.get(1)) === 3);
  const isDictionary = (e: number | undefined) => e === ENCODING.PLAIN_DICTIONARY || e === ENCODING.RLE_DICTIONARY;
  return {
    codec: num(meta.get(4)) ?? -1,
    encodings: list(meta.get(2)).map((e) => num(e) ?? -1),
    numValues: num(meta.get(5)) ?? 0,
    start: range.start,
    end: range.end,
    hasDictionaryPage: (num(meta.get(11)) ?? 0) > 0 || dataStats.some((s) => isDictionary(num(s.get(2)))),
    dictionaryBytes: dictionaryBytes(num(meta.get(11)), num(meta.get(9))),
    plainDataPages: dataStats.length === 0 ? undefined : dataStats.some((s) => !isDictionary(num(s.get(2))) && (num(s.get(3)) ?? 1) > 0),
    typedMinMax: bytes(stats?.get(6)) !== undefined && bytes(stats?.get(5)) !== undefined,
    min: stats === undefined ? undefined : min,
    max: stats === undefined ? undefined : max,
    nullCount: num(stats?.get(3)),
  };
}

/** The dictionary page's stored bytes: it runs from its offset to the first data page's (0 when either is missing). */
function dictionaryBytes(dictionaryOffset: number | undefined, dataOffset: number | undefined): number {
  if (dictionaryOffset === undefined || dataOffset === undefined || dictionaryOffset <= 0 || dataOffset <= dictionaryOffset) return 0;
  return dataOffset - dictionaryOffset;
}

function list(value: ThriftValue | undefined): ThriftValue[] {
  return Array.isArray(value) ? value : [];
}

function struct(value: ThriftValue | undefined): ThriftStruct | undefined {
  return value instanceof Map ? value : undefined;
}

function num(value: ThriftValue | undefined): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function bytes(value: ThriftValue | undefined): Uint8Array | undefined {
  return value instanceof Uint8Array ? value : undefined;
}

function text(value: Uint8Array): string {
  return new TextDecoder().decode(value);
}
