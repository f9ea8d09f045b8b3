import type { TableReader } from './ipc-flatbuffers.js';

/** Schema.fbs `union Type` ids this reader names (the rest only need their buffer counts). */
export const IPC_TYPE = {
  Null: 1,
  Int: 2,
  FloatingPoint: 3,
  Binary: 4,
  Utf8: 5,
  Bool: 6,
  Decimal: 7,
  Date: 8,
  Time: 9,
  Timestamp: 10,
  Interval: 11,
  List: 12,
  Struct: 13,
  Union: 14,
  FixedSizeBinary: 15,
  FixedSizeList: 16,
  Map: 17,
  Duration: 18,
  LargeBinary: 19,
  LargeUtf8: 20,
  LargeList: 21,
  RunEndEncoded: 22,
  BinaryView: 23,
  Utf8View: 24,
  ListView: 25,
  LargeListView: 26,
} as const;

/** One field of an IPC schema: what the own reader needs of its type, and its children (nested types). */
export interface IpcField {
  readonly name: string;
  readonly typeId: number;
  /** Int: bit width and sign; FloatingPoint: precision (0 half, 1 single, 2 double) in `bitWidth`. */
  readonly bitWidth: number;
  readonly signed: boolean;
  /** Date: 0 day, 1 millisecond; Timestamp: 0 s, 1 ms, 2 us, 3 ns. */
  readonly unit: number;
  /** Union: 0 sparse, 1 dense. */
  readonly mode: number;
  readonly dictionary: { readonly id: number; readonly bitWidth: number; readonly signed: boolean } | undefined;
  readonly children: readonly IpcField[];
}

/** The fields of the Schema table at `schema` of a verified flatbuffer (Schema.fbs: Field, Int, DictionaryEncoding). */
export function readIpcSchema(t: TableReader, schema: number): IpcField[] {
  return t.tables(schema, 1).map((field) => readField(t, field));
}

function readField(t: TableReader, field: number): IpcField {
  const typeId = t.u8(field, 2);
  const type = t.child(field, 3);
  let bitWidth = 0;
  let signed = false;
  let unit = 0;
  let mode = 0;
  if (type !== undefined) {
    if (typeId === IPC_TYPE.Int) {
      bitWidth = t.i32(type, 0);
      signed = t.u8(type, 1) !== 0;
    } else if (typeId === IPC_TYPE.FloatingPoint) bitWidth = t.i16(type, 0);
    // Schema.fbs: a Date's unit defaults to MILLISECOND (1), a Timestamp's to SECOND (0).
    else if (typeId === IPC_TYPE.Date) unit = t.i16(type, 0, 1);
    else if (typeId === IPC_TYPE.Timestamp) unit = t.i16(type, 0);
    else if (typeId === IPC_TYPE.Union) mode = t.i16(type, 0);
  }
  const encoding = t.child(field, 4);
  let dictionary: IpcField['dictionary'];
  if (encoding !== undefined) {
    const index = t.child(encoding, 1);
    // No indexType means int32 (Schema.fbs: "if omitted, assumed to be int32").
    dictionary = {
      id: t.i64(encoding, 0),
      bitWidth: index === undefined ? 32 : t.i32(index, 0),
      signed: index === undefined ? true : t.u8(index, 1) !== 0,
    };
  }
  return {
    name: t.string(field, 0) ?? '',
    typeId,
    bitWidth,
    signed,
    unit,
    mode,
    dictionary,
    children: t.tables(field, 5).map((child) => readField(t, child)),
  };
}

/**
 * The buffers a field and its children take in a record batch, in order (Arrow's columnar format, "Buffer layout"),
 * and how many variadic buffer counts it consumes; undefined for a type whose layout this reader does not know.
 * A dictionary-encoded field's buffers are its indices' (validity, values).
 */
export function bufferCount(field: IpcField): { buffers: number; nodes: number; variadic: number } | undefined {
  if (field.dictionary !== undefined) return { buffers: 2, nodes: 1, variadic: 0 };
  let own: number;
  let variadic = 0;
  switch (field.typeId) {
    case IPC_TYPE.Null:
      own = 0;
      break;
    case IPC_TYPE.Int:
    case IPC_TYPE.FloatingPoint:
    case IPC_TYPE.Bool:
    case IPC_TYPE.Decimal:
    case IPC_TYPE.Date:
    case IPC_TYPE.Time:
    case IPC_TYPE.Timestamp:
    case IPC_TYPE.Interval:
    case IPC_TYPE.FixedSizeBinary:
    case IPC_TYPE.Duration:
    case IPC_TYPE.List:
    case IPC_TYPE.LargeList:
    case IPC_TYPE.Map:
      own = 2;
      break;
    case IPC_TYPE.Binary:
    case IPC_TYPE.Utf8:
    case IPC_TYPE.LargeBinary:
    case IPC_TYPE.LargeUtf8:
    case IPC_TYPE.ListView:
    case IPC_TYPE.LargeListView:
      own = 3;
      break;
    case IPC_TYPE.Struct:
    case IPC_TYPE.FixedSizeList:
      own = 1;
      break;
    case IPC_TYPE.BinaryView:
    case IPC_TYPE.Utf8View:
      own = 2;
      variadic = 1;
      break;
    case IPC_TYPE.Union:
      own = field.mode === 1 ? 2 : 1;
      break;
    default:
      return undefined;
  }
  let buffers = own;
  let nodes = 1;
  for (const child of field.children) {
    const counts = bufferCount(child);
    if (counts === undefined) return undefined;
    buffers += counts.buffers;
    nodes += counts.nodes;
    variadic += counts.variadic;
  }
  return { buffers, nodes, variadic };
}
