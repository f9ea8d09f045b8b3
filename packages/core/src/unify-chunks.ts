import { castColumn } from './cast.js';
import { Chunk } from './chunk.js';
import { CategoricalColumn, type Column, codeArrayFor } from './column.js';
import { Dictionary } from './dictionary.js';
import { type DType, isNumericDType, supertype } from './dtype.js';
import { DfError } from './errors/df-error.js';
import { Schema } from './schema.js';

/**
 * Gives every chunk the same schema: a column whose chunks disagree (a later chunk widened, an all-null
 * chunk, categoricals built on different dictionaries) is cast to the dtype that holds them all.
 */
export function unifyChunks(chunks: readonly Chunk[], schema?: Schema): { schema: Schema; chunks: Chunk[] } {
  if (chunks.length === 0) return { schema: schema ?? new Schema([]), chunks: [] };
  const names = (schema ?? chunks[0].schema).names;
  for (const c of chunks) {
    const got = c.schema.names;
    if (got.length !== names.length || got.some((n, i) => n !== names[i])) {
      throw new DfError('usage', `chunks have different columns: [${names.join(', ')}] vs [${got.join(', ')}]`);
    }
  }
  const fields = names.map((name, j) => ({
    name,
    dtype: commonDType(
      chunks.map((c) => c.columns[j]),
      schema?.fields[j].dtype,
    ),
  }));
  const unified = new Schema(fields);
  const columns = names.map((_, j) =>
    castChunks(
      chunks.map((c) => c.columns[j]),
      fields[j].dtype,
    ),
  );
  return {
    schema: unified,
    chunks: chunks.map(
      (_, i) =>
        new Chunk(
          unified,
          columns.map((col) => col[i]),
        ),
    ),
  };
}

function commonDType(columns: readonly Column[], fallback: DType | undefined): DType {
  let dtype: DType | undefined;
  for (const c of columns) {
    // An all-null chunk carries no type information of its own.
    if (c.length > 0 && c.nullCount === c.length) continue;
    dtype = dtype === undefined ? c.dtype : supertype(dtype, c.dtype);
  }
  return dtype ?? fallback ?? columns[0]?.dtype ?? 'int8';
}

function castChunks(columns: readonly Column[], dtype: DType): Column[] {
  if (dtype === 'categorical') {
    const dictionaries = new Set(columns.filter((c) => c instanceof CategoricalColumn).map((c) => (c as CategoricalColumn).dictionary));
    // One shared dictionary is the categorical contract; recode when chunks came with several.
    const shared = dictionaries.size === 1 ? [...dictionaries][0] : new Dictionary();
    const recoder = new Recoder(shared);
    return columns.map((c) => {
      if (!(c instanceof CategoricalColumn)) return castColumn(c, 'categorical', shared);
      return c.dictionary === shared ? c : recoder.recode(c);
    });
  }
  // Number chunks reach text the way one chunk holding all the values would: through their common number
  // dtype first. int64 with float64 is float64, so -2^63 reads "-9223372036854776000" either way.
  const via = dtype === 'utf8' ? numberSupertype(columns) : undefined;
  return columns.map((c) => castColumn(via !== undefined && isNumericDType(c.dtype) ? castColumn(c, via) : c, dtype));
}

/** The supertype of the number chunks among `columns` (all-null ones aside), if any. */
function numberSupertype(columns: readonly Column[]): DType | undefined {
  let via: DType | undefined;
  for (const c of columns) {
    if (!isNumericDType(c.dtype) || (c.length > 0 && c.nullCount === c.length)) continue;
    via = via === undefined ? c.dtype : supertype(via, c.dtype);
  }
  return via;
}

/**
 * Categorical chunks moved onto one dictionary through a code map per dictionary they came with: each of a
 * dictionary's strings is interned once, then a chunk costs a lookup a row (reading every row back as a string and
 * interning it again took 10 s for 1e7 rows whose chunks alternated between two dictionaries, a parallel scan's).
 */
class Recoder {
  private readonly maps = new Map<Dictionary, Int32Array>();

  constructor(private readonly shared: Dictionary) {}

  recode(c: CategoricalColumn): CategoricalColumn {
    const map = this.mapOf(c.dictionary);
    const codes = c.codes;
    const out = codeArrayFor(this.shared.size, c.length);
    // A null row's code means nothing: any entry of the map (or 0) will do.
    for (let i = 0; i < out.length; i++) out[i] = map[codes[i]] ?? 0;
    return new CategoricalColumn(out, this.shared, c.validity, c.nullCount);
  }

  /** Shared codes of every string of `dictionary` (the chunks are all read: no dictionary grows meanwhile). */
  private mapOf(dictionary: Dictionary): Int32Array {
    const known = this.maps.get(dictionary);
    if (known !== undefined) return known;
    const map = new Int32Array(dictionary.size);
    const offsets = dictionary.valueOffsets;
    const bytes = dictionary.valueBytes;
    for (let code = 0; code < map.length; code++) map[code] = this.shared.internBytes(bytes, offsets[code], offsets[code + 1]);
    this.maps.set(dictionary, map);
    return map;
  }
}
