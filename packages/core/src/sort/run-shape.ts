import { castColumn } from '../cast.js';
import { Chunk } from '../chunk.js';
import { CategoricalColumn, type Column, codeArrayFor } from '../column.js';
import { Dictionary } from '../dictionary.js';
import { type DType, supertype } from '../dtype.js';
import { Schema } from '../schema.js';
import { dictionaryRanks } from './column-sort-words.js';

/**
 * What the chunks of several sorted runs (or partitions) have in common, noted as they are spilled: each column's
 * widest dtype (a later run may have seen wider values) and, for categoricals, every dictionary met (runs of
 * several files each bring their own). `conform` gives a chunk read back the final dtypes and one dictionary per
 * column, so runs merge into chunks of one schema.
 */
export class RunShape {
  private names: readonly string[] | undefined;
  private dtypes: (DType | undefined)[] = [];
  private dictionaries: Set<Dictionary>[] = [];
  private nulls: boolean[] = [];
  private bytes = 0;
  private rows = 0;
  private final: { schema: Schema; dicts: (Dictionary | undefined)[]; remaps: Map<Dictionary, Int32Array>[] } | undefined;

  note(chunk: Chunk): void {
    this.bytes += chunk.byteLength;
    this.rows += chunk.numRows;
    if (this.names === undefined) {
      this.names = chunk.schema.names;
      this.dtypes = this.names.map(() => undefined);
      this.dictionaries = this.names.map(() => new Set());
      this.nulls = this.names.map(() => false);
    }
    chunk.columns.forEach((c, j) => {
      if (c.nullCount > 0) this.nulls[j] = true;
      if (c instanceof CategoricalColumn) this.dictionaries[j].add(c.dictionary);
      // An all-null chunk carries no type of its own (as unifyChunks reads it).
      if (c.length > 0 && c.nullCount === c.length && this.dtypes[j] !== undefined) return;
      const d = this.dtypes[j];
      this.dtypes[j] = d === undefined ? c.dtype : supertype(d, c.dtype);
    });
  }

  /** The merged schema; call once every run is noted. */
  schema(): Schema {
    return this.finish().schema;
  }

  /** Mean bytes of a row noted (its columns' own buffers). */
  bytesPerRow(): number {
    return this.rows === 0 ? 0 : this.bytes / this.rows;
  }

  /** Whether any chunk noted has a null in column `j`. */
  hasNulls(j: number): boolean {
    return this.nulls[j] === true;
  }

  /** Byte-order ranks of the final dictionary of categorical column `j` (its codes after `conform`). */
  ranks(j: number, cache?: Map<Dictionary, Uint32Array>): Uint32Array | undefined {
    const dict = this.finish().dicts[j];
    return dict === undefined ? undefined : dictionaryRanks(dict, cache);
  }

  conform(chunk: Chunk): Chunk {
    const { schema, dicts, remaps } = this.finish();
    let changed = false;
    const columns = chunk.columns.map((c, j): Column => {
      const dtype = schema.fields[j].dtype;
      const dict = dicts[j];
      if (dict !== undefined && c instanceof CategoricalColumn && c.dictionary !== dict) {
        changed = true;
        return recode(c, dict, remaps[j]);
      }
      if (c.dtype === dtype) return c;
      changed = true;
      return castColumn(c, dtype, dict);
    });
    return changed ? new Chunk(schema, columns) : chunk;
  }

  private finish(): { schema: Schema; dicts: (Dictionary | undefined)[]; remaps: Map<Dictionary, Int32Array>[] } {
    if (this.final !== undefined) return this.final;
    const names = this.names ?? [];
    const schema = new Schema(names.map((name, j) => ({ name, dtype: this.dtypes[j] ?? 'int8' })));
    const dicts = names.map((_, j) => {
      if (schema.fields[j].dtype !== 'categorical') return undefined;
      const seen = [...this.dictionaries[j]];
      if (seen.length === 1) return seen[0];
      const combined = new Dictionary();
      for (const d of seen) for (let code = 0; code < d.size; code++) combined.internBytes(d.bytesOf(code), 0, d.bytesOf(code).length);
      return combined;
    });
    this.final = { schema, dicts, remaps: names.map(() => new Map()) };
    return this.final;
  }
}

/** A categorical column's codes in another dictionary holding all its entries. */
function recode(c: CategoricalColumn, to: Dictionary, remaps: Map<Dictionary, Int32Array>): CategoricalColumn {
  let remap = remaps.get(c.dictionary);
  if (remap === undefined || remap.length < c.dictionary.size) {
    remap = new Int32Array(c.dictionary.size);
    for (let code = 0; code < remap.length; code++) {
      const bytes = c.dictionary.bytesOf(code);
      remap[code] = to.internBytes(bytes, 0, bytes.length);
    }
    remaps.set(c.dictionary, remap);
  }
  const codes = codeArrayFor(to.size, c.length);
  for (let i = 0; i < c.length; i++) codes[i] = remap[c.codes[i]];
  return new CategoricalColumn(codes, to, c.validity);
}
