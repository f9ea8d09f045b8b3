import { castColumn } from '../cast.js';
import { Chunk } from '../chunk.js';
import { type DType, isNumericDType, supertype } from '../dtype.js';
import { Schema } from '../schema.js';

/**
 * Keeps a number column's dtype from narrowing from one chunk to the next, the rule readers follow (a later
 * chunk may widen a column, never narrow it): a computed column is stored per chunk in the narrowest integer
 * that holds that chunk's values (`v * 10` may be int32 in one chunk and int8 in the next), and consumers such as
 * the group-by's key index keep the widest dtype they have seen. One floor per scan.
 */
export class TypeFloor {
  private readonly floors = new Map<string, DType>();

  widen(chunk: Chunk): Chunk {
    let columns: Chunk['columns'] | undefined;
    chunk.schema.fields.forEach((f, i) => {
      const c = chunk.columns[i];
      if (!isNumericDType(c.dtype) || (c.length > 0 && c.nullCount === c.length)) return;
      const floor = this.floors.get(f.name);
      const dtype = floor === undefined || !isNumericDType(floor) ? c.dtype : supertype(floor, c.dtype);
      this.floors.set(f.name, dtype);
      if (dtype === c.dtype) return;
      columns ??= [...chunk.columns];
      (columns as Chunk['columns'][number][])[i] = castColumn(c, dtype);
    });
    if (columns === undefined) return chunk;
    return new Chunk(new Schema(chunk.schema.fields.map((f, i) => ({ name: f.name, dtype: (columns as Chunk['columns'])[i].dtype }))), columns);
  }
}
