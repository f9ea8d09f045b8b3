import { type FileHandle, open } from 'node:fs/promises';
import { FormatError } from '../../format-error.js';
import { readThriftStruct, ThriftError, type ThriftStruct, type ThriftValue } from './thrift-compact.js';

/** Where one column's data of one row group lies in the file. */
export interface ColumnChunkRange {
  /** The leaf column's dotted path (its name for a flat schema). */
  readonly column: string;
  readonly start: number;
  readonly end: number;
}

/** What the checks found in a Parquet footer: enough to name the row group and column of a later failure. */
export interface ParquetFooter {
  readonly fileSize: number;
  /** Leaf columns, in file order. */
  readonly columns: readonly string[];
  readonly rowGroups: readonly { readonly numRows: number; readonly chunks: readonly ColumnChunkRange[] }[];
  /** The whole FileMetaData struct, for the reader (`parquetMetadata`) to take the rest from. */
  readonly meta: ThriftStruct;
}

const MAGIC = 'PAR1';
/** `PAR1` + footer + its 4-byte length + `PAR1`. */
const MIN_SIZE = 12;
/** Parquet's physical types (BOOLEAN .. FIXED_LEN_BYTE_ARRAY) and codecs (UNCOMPRESSED .. LZ4_RAW). */
const PHYSICAL_TYPES = 8;
const CODECS = 8;

// Field ids of parquet.thrift.
const FILE_SCHEMA = 2;
const FILE_NUM_ROWS = 3;
const FILE_ROW_GROUPS = 4;
const SCHEMA_NAME = 4;
const SCHEMA_NUM_CHILDREN = 5;
const ROW_GROUP_COLUMNS = 1;
const ROW_GROUP_NUM_ROWS = 3;
const CHUNK_FILE_PATH = 1;
const CHUNK_META = 3;
const META_TYPE = 1;
const META_CODEC = 4;
const META_NUM_VALUES = 5;
const META_COMPRESSED_SIZE = 7;
const META_DATA_PAGE_OFFSET = 9;
const META_DICTIONARY_PAGE_OFFSET = 11;

/**
 * Checks a Parquet file's framing and footer before parquet-wasm sees it: the trailing magic, a footer length
 * within the file, a footer that parses, a schema tree that adds up, and per row group as many column chunks as
 * leaf columns, each with known types and codecs and its bytes inside the data part of the file. parquet-wasm
 * panics on many of these (a wasm "unreachable" that says nothing); here each is a FormatError that says what is
 * wrong and, where it can, in which row group and column. Undefined for a file with an encrypted footer (`PARE`),
 * which parquet-wasm refuses clearly by itself.
 */
export async function readParquetFooter(path: string): Promise<ParquetFooter | undefined> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const fail: Fail = (detail, where = {}) => {
      throw new FormatError(detail, { file: path, code: 'malformed', format: 'parquet', ...where, hint: 'the file is truncated or corrupt' });
    };
    if (size < MIN_SIZE) fail(`${size} bytes is too short for a Parquet file (at least ${MIN_SIZE})`);
    const tail = await readAt(handle, size - 8, 8, fail);
    const magic = Buffer.from(tail.subarray(4)).toString('latin1');
    if (magic === 'PARE') return undefined;
    if (magic !== MAGIC) fail(`the file does not end with the ${MAGIC} magic (its last bytes are ${hex(tail.subarray(4))})`);
    const length = new DataView(tail.buffer, tail.byteOffset).getUint32(0, true);
    const dataEnd = size - 8 - length;
    if (length === 0 || dataEnd < 4) fail(`the footer length (${length} bytes) does not fit in the file (${size} bytes)`);
    let meta: ThriftStruct;
    try {
      meta = readThriftStruct(await readAt(handle, dataEnd, length, fail)).value;
    } catch (error) {
      if (error instanceof ThriftError) fail(`corrupt footer: ${error.message}`);
      throw error;
    }
    return checkMeta(meta, size, dataEnd, fail);
  } finally {
    await handle.close();
  }
}

type Fail = (detail: string, where?: { rowGroup?: number; column?: string }) => never;

function checkMeta(meta: ThriftStruct, fileSize: number, dataEnd: number, fail: Fail): ParquetFooter {
  const columns = leafColumns(list(meta.get(FILE_SCHEMA)), fail);
  const numRows = meta.get(FILE_NUM_ROWS);
  if (typeof numRows !== 'number' || numRows < 0) fail(`the footer gives ${String(numRows ?? 'no')} rows`);
  const rowGroups = list(meta.get(FILE_ROW_GROUPS)).map((value, rowGroup) => {
    const group = struct(value);
    if (group === undefined) return fail('a row group entry is not a struct', { rowGroup });
    const rows = group.get(ROW_GROUP_NUM_ROWS);
    if (typeof rows !== 'number' || rows < 0) fail(`the row group has ${String(rows ?? 'no')} rows`, { rowGroup });
    const chunks = list(group.get(ROW_GROUP_COLUMNS));
    if (chunks.length !== columns.length) fail(`the row group has ${chunks.length} column chunks for ${columns.length} columns`, { rowGroup });
    return { numRows: rows as number, chunks: chunks.map((chunk, i) => checkChunk(chunk, columns[i], dataEnd, (d) => fail(d, { rowGroup, column: columns[i] }))) };
  });
  return { fileSize, columns, rowGroups, meta };
}

function checkChunk(value: ThriftValue, column: string, dataEnd: number, fail: (detail: string) => never): ColumnChunkRange {
  const chunk = struct(value) ?? fail('the column chunk entry is not a struct');
  // Column data in another file (ColumnChunk.file_path): parquet-wasm refuses it by itself.
  if (chunk.has(CHUNK_FILE_PATH)) return { column, start: 0, end: 0 };
  // Encrypted columns carry no plain metadata: parquet-wasm says they are encrypted.
  const meta = struct(chunk.get(CHUNK_META));
  if (meta === undefined) return { column, start: 0, end: 0 };
  const type = meta.get(META_TYPE);
  if (!isIndex(type, PHYSICAL_TYPES)) fail(`unknown physical type ${String(type)}`);
  const codec = meta.get(META_CODEC);
  if (!isIndex(codec, CODECS)) fail(`unknown compression codec ${String(codec)}`);
  const values = meta.get(META_NUM_VALUES);
  if (typeof values !== 'number' || values < 0) fail(`the column chunk has ${String(values ?? 'no')} values`);
  const size = meta.get(META_COMPRESSED_SIZE);
  if (typeof size !== 'number' || size < 0) fail(`the column chunk's size is ${String(size ?? 'missing')}`);
  const data = meta.get(META_DATA_PAGE_OFFSET);
  if (typeof data !== 'number') return fail('the column chunk has no data page offset');
  const dictionary = meta.get(META_DICTIONARY_PAGE_OFFSET);
  // The chunk starts at its dictionary page if it has one, as parquet-wasm reads it (some writers put 0 there for
  // none, and one corpus file has a data page offset of 0 beside a real dictionary offset).
  const start = typeof dictionary === 'number' && dictionary > 0 ? dictionary : data;
  const end = start + (size as number);
  if (start < 4 || end > dataEnd) fail(`the column chunk's bytes ${start}..${end} lie outside the file's data (bytes 4..${dataEnd})`);
  return { column, start, end };
}

/** Deeper nesting than any real schema: a hostile chain of groups would otherwise cost time quadratic in its depth. */
const MAX_SCHEMA_DEPTH = 256;

/**
 * The dotted paths of the schema's leaves (an element without children; parquet-wasm's rule too), checking that
 * the flattened tree adds up: each group's children follow it, and the root's subtree is the whole list.
 */
function leafColumns(elements: ThriftValue[], fail: Fail): string[] {
  if (elements.length === 0) fail('the footer has no schema');
  const childrenOf = (element: ThriftStruct, index: number): number => {
    const children = element.get(SCHEMA_NUM_CHILDREN) ?? 0;
    if (typeof children !== 'number' || children < 0 || children > elements.length - index - 1) {
      fail(`corrupt schema: element ${index} has ${String(children)} children, ${elements.length - index - 1} elements follow it`);
    }
    return children as number;
  };
  const element = (index: number): ThriftStruct => struct(elements[index]) ?? fail(`corrupt schema: element ${index} is not a struct`);
  const leaves: string[] = [];
  const open: { prefix: string; left: number }[] = [{ prefix: '', left: childrenOf(element(0), 0) }];
  let next = 1;
  while (open.length > 0) {
    const group = open[open.length - 1];
    if (group.left === 0) {
      open.pop();
      continue;
    }
    group.left--;
    if (next >= elements.length) fail(`corrupt schema: its groups need more than the ${elements.length} elements it has`);
    const index = next++;
    const nameBytes = element(index).get(SCHEMA_NAME);
    const name = nameBytes instanceof Uint8Array ? new TextDecoder().decode(nameBytes) : '';
    const path = group.prefix === '' ? name : `${group.prefix}.${name}`;
    const children = childrenOf(element(index), index);
    if (children === 0) leaves.push(path);
    else if (open.length >= MAX_SCHEMA_DEPTH) fail(`corrupt schema: nested more than ${MAX_SCHEMA_DEPTH} levels deep`);
    else open.push({ prefix: path, left: children });
  }
  if (next !== elements.length) fail(`corrupt schema: ${elements.length - next} elements are outside the schema tree`);
  return leaves;
}

function list(value: ThriftValue | undefined): ThriftValue[] {
  return Array.isArray(value) ? value : [];
}

function struct(value: ThriftValue | undefined): ThriftStruct | undefined {
  return value instanceof Map ? value : undefined;
}

function isIndex(value: ThriftValue | undefined, count: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < count;
}

async function readAt(handle: FileHandle, position: number, length: number, fail: Fail): Promise<Uint8Array> {
  const bytes = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(bytes, done, length - done, position + done);
    // The file shrank since stat: say so rather than decode zeros.
    if (bytesRead === 0) fail(`the file ended at byte ${position + done} while its footer was read`);
    done += bytesRead;
  }
  return bytes;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}
