import { castColumn } from './cast.js';
import { Chunk } from './chunk.js';
import { CategoricalColumn, type Column } from './column.js';
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
    return columns.map((c) => (c instanceof CategoricalColumn && c.dictionary === shared ? c : castColumn(recodeSource(c), 'categorical', shared)));
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

/** A categorical chunk on a foreign dictionary is read back as strings before recoding. */
function recodeSource(c: Column): Column {
  return c instanceof CategoricalColumn ? castColumn(c, 'utf8') : c;
}
