import type { FileHandle } from 'node:fs/promises';
import type { ColumnChunkRange } from './parquet-footer.js';
import { readThriftStruct, ThriftError, type ThriftStruct, type ThriftValue } from './thrift-compact.js';

/** A page header with statistics is a few hundred bytes; one with huge min/max values may need more. */
const HEADER_WINDOW = 64 * 1024;
const MAX_HEADER_WINDOW = 16 * 2 ** 20;
/** Page types (DATA_PAGE, INDEX_PAGE, DICTIONARY_PAGE, DATA_PAGE_V2) and encodings (PLAIN .. BYTE_STREAM_SPLIT). */
const PAGE_TYPES = 4;
const ENCODINGS = 10;
// Field ids of parquet.thrift's PageHeader and its per-type headers.
const PAGE_TYPE = 1;
const UNCOMPRESSED_SIZE = 2;
const COMPRESSED_SIZE = 3;
/** The per-type header's field in PageHeader, by page type. */
const TYPE_HEADER = [5, 6, 7, 8];
const NUM_VALUES = 1;
const V1_ENCODING = 2;
const V2_NUM_NULLS = 2;
const V2_NUM_ROWS = 3;
const V2_ENCODING = 4;
const V2_DEFINITION_BYTES = 5;
const V2_REPETITION_BYTES = 6;

/**
 * The first problem in the page headers of one column chunk, or undefined when they chain from its start to its end
 * with sane sizes: each header parses, has a known type and encoding, non-negative counts and sizes, and its page
 * ends inside the chunk. Used to say what is wrong once parquet-wasm has panicked on a chunk (the hot path never
 * reads page headers twice).
 */
export async function checkParquetPages(handle: FileHandle, chunk: ColumnChunkRange): Promise<string | undefined> {
  let at = chunk.start;
  while (at < chunk.end) {
    let window = Math.min(HEADER_WINDOW, chunk.end - at);
    let parsed: { value: ThriftStruct; end: number } | undefined;
    while (parsed === undefined) {
      const bytes = new Uint8Array(window);
      const { bytesRead } = await handle.read(bytes, 0, window, at);
      try {
        parsed = readThriftStruct(bytes.subarray(0, bytesRead));
      } catch (error) {
        if (!(error instanceof ThriftError)) throw error;
        // Cut off by the window rather than corrupt: read more, up to the chunk's end.
        if (bytesRead === window && window < Math.min(MAX_HEADER_WINDOW, chunk.end - at)) window = Math.min(window * 4, MAX_HEADER_WINDOW, chunk.end - at);
        else return `corrupt page header at byte ${at}: ${error.message.replace(/ at byte (\d+)$/, (_, n: string) => ` at byte ${at + Number(n)}`)}`;
      }
    }
    const problem = pageHeaderProblem(parsed.value);
    if (problem !== undefined) return `the page header at byte ${at} ${problem}`;
    const compressed = parsed.value.get(COMPRESSED_SIZE) as number;
    const pageEnd = at + parsed.end + compressed;
    if (pageEnd > chunk.end) return `the page at byte ${at} holds ${compressed} bytes, past the end of its column chunk (byte ${chunk.end})`;
    at = pageEnd;
  }
  return undefined;
}

/** What is wrong with a parsed page header (its type, sizes, counts, encoding, v2 level lengths), as the end of a sentence that starts "the page header at byte N"; undefined when nothing is. */
export function pageHeaderProblem(header: ThriftStruct): string | undefined {
  const type = header.get(PAGE_TYPE);
  if (type === undefined) return 'has no page type';
  if (!isCount(type) || type >= PAGE_TYPES) return `has unknown page type ${String(type)}`;
  for (const [id, what] of [
    [UNCOMPRESSED_SIZE, 'uncompressed size'],
    [COMPRESSED_SIZE, 'compressed size'],
  ] as const) {
    if (!isCount(header.get(id))) return `gives a ${what} of ${String(header.get(id))}`;
  }
  const typed = header.get(TYPE_HEADER[type]);
  if (!(typed instanceof Map)) return type === 1 ? undefined : `of type ${type} lacks its type-specific header`;
  const values = typed.get(NUM_VALUES);
  if (!isCount(values)) return `gives ${String(values)} values`;
  const encoding = typed.get(type === 3 ? V2_ENCODING : V1_ENCODING);
  if (encoding !== undefined && (!isCount(encoding) || encoding >= ENCODINGS)) return `has unknown encoding ${String(encoding)}`;
  if (type === 3) {
    const nulls = typed.get(V2_NUM_NULLS);
    const rows = typed.get(V2_NUM_ROWS);
    const levels = [typed.get(V2_DEFINITION_BYTES), typed.get(V2_REPETITION_BYTES)];
    if (!isCount(nulls) || nulls > values) return `gives ${String(nulls)} nulls among ${values} values`;
    if (!isCount(rows)) return `gives ${String(rows)} rows`;
    if (!levels.every(isCount) || (levels[0] as number) + (levels[1] as number) > (header.get(COMPRESSED_SIZE) as number)) {
      return `gives level lengths ${levels.map(String).join(' and ')}, more than its ${String(header.get(COMPRESSED_SIZE))} bytes`;
    }
  }
  return undefined;
}

function isCount(value: ThriftValue | undefined): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
