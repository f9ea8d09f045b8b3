import { allNullColumn } from '../builder/all-null-column.js';
import { castColumn } from '../cast.js';
import { Chunk } from '../chunk.js';
import { CategoricalColumn, type Column, codeArrayFor } from '../column.js';
import { Dictionary } from '../dictionary.js';
import { supertype } from '../dtype.js';
import { type Field, Schema } from '../schema.js';

/**
 * Gives chunks of several inputs (files with columns in another order, some missing, narrower dtypes) the columns of
 * one union schema: by name, a missing column as nulls, a narrower dtype cast up. Categorical columns of every input
 * are recoded onto one dictionary per column (the categorical contract), through a code map per source dictionary
 * that grows as that dictionary does: a lookup per new entry, never per row.
 */
export class ChunkConformer {
  private readonly dictionaries = new Map<string, Dictionary>();
  private readonly codeMaps = new Map<Dictionary, Int32Array>();

  constructor(readonly schema: Schema) {}

  /** The shared dictionary of a categorical column of the union (made on first use). */
  dictionary(name: string): Dictionary {
    let d = this.dictionaries.get(name);
    if (d === undefined) {
      d = new Dictionary();
      this.dictionaries.set(name, d);
    }
    return d;
  }

  /** `chunk` with the union's `columns` (all when undefined), in that order. */
  conform(chunk: Chunk, columns?: readonly string[]): Chunk {
    const names = columns ?? this.schema.names;
    const fields: Field[] = [];
    const out: Column[] = [];
    for (const name of names) {
      const target = this.schema.field(name);
      const i = chunk.schema.indexOf(name);
      let column: Column;
      if (i < 0) {
        column = allNullColumn(target.dtype, chunk.numRows, this.dictionary(name));
      } else {
        const own = chunk.columns[i];
        // A chunk wider than the union said (a later value widened the column) keeps its width.
        const dtype = supertype(target.dtype, own.dtype);
        column =
          dtype === 'categorical' && own instanceof CategoricalColumn
            ? this.recode(name, own)
            : castColumn(own, dtype, dtype === 'categorical' ? this.dictionary(name) : undefined);
      }
      fields.push({ name, dtype: column.dtype });
      out.push(column);
    }
    return new Chunk(new Schema(fields), out);
  }

  private recode(name: string, column: CategoricalColumn): CategoricalColumn {
    const shared = this.dictionary(name);
    if (column.dictionary === shared) return column;
    const source = column.dictionary;
    let map = this.codeMaps.get(source);
    if (map === undefined || map.length < source.size) {
      const grown = new Int32Array(Math.max(16, source.size * 2)).fill(-1);
      if (map !== undefined) grown.set(map);
      map = grown;
      this.codeMaps.set(source, map);
    }
    const codes = column.codes;
    const mapped = new Uint32Array(codes.length);
    for (let r = 0; r < codes.length; r++) {
      // A null row's code is whatever the reader left there, maybe no entry at all.
      if (!column.isValid(r)) continue;
      const c = codes[r];
      let m = map[c];
      if (m < 0) {
        m = shared.intern(source.get(c));
        map[c] = m;
      }
      mapped[r] = m;
    }
    const out = codeArrayFor(shared.size, codes.length);
    out.set(mapped);
    return new CategoricalColumn(out, shared, column.validity, column.nullCount);
  }
}
