import type { Column } from './column.js';
import { DfError } from './errors/df-error.js';
import { Schema } from './schema.js';

/** A record batch: a schema plus equal-length columns. */
export class Chunk {
  readonly schema: Schema;
  readonly columns: readonly Column[];
  readonly numRows: number;

  /**
   * `rows` is the row count of a chunk of no columns (Arrow's record batch length): what `count(*)` counts when
   * the plan reads no column. With columns, their length is the count.
   */
  constructor(schema: Schema, columns: readonly Column[], rows = 0) {
    if (schema.length !== columns.length) {
      throw new DfError('usage', `chunk has ${columns.length} columns but its schema names ${schema.length}`);
    }
    const numRows = columns.length === 0 ? rows : columns[0].length;
    columns.forEach((c, i) => {
      if (c.length !== numRows) {
        throw new DfError('usage', `column '${schema.fields[i].name}' has ${c.length} rows, expected ${numRows}`, { where: { column: schema.fields[i].name } });
      }
      if (c.dtype !== schema.fields[i].dtype) {
        throw new DfError('usage', `column '${schema.fields[i].name}' is ${c.dtype} but the schema says ${schema.fields[i].dtype}`, {
          where: { column: schema.fields[i].name },
        });
      }
    });
    this.schema = schema;
    this.columns = columns;
    this.numRows = numRows;
  }

  /** Builds a chunk from named columns, taking the schema from their dtypes. */
  static of(columns: Record<string, Column>): Chunk {
    const names = Object.keys(columns);
    return new Chunk(new Schema(names.map((name) => ({ name, dtype: columns[name].dtype }))), Object.values(columns));
  }

  column(name: string): Column {
    return this.columns[this.indexOf(name)];
  }

  /** Index of a column; an unknown name throws `ColumnNotFoundError`. */
  indexOf(name: string): number {
    const i = this.schema.indexOf(name);
    if (i < 0) this.schema.field(name);
    return i;
  }

  /** Bytes of the columns' own buffers (dictionaries excluded). */
  get byteLength(): number {
    let n = 0;
    for (const c of this.columns) n += c.byteLength;
    return n;
  }

  slice(start: number, end = this.numRows): Chunk {
    const s = Math.max(0, Math.min(start, this.numRows));
    const e = Math.max(s, Math.min(end, this.numRows));
    return new Chunk(
      this.schema,
      this.columns.map((c) => c.slice(s, e)),
      e - s,
    );
  }

  select(names: readonly string[]): Chunk {
    return new Chunk(
      this.schema.select(names),
      names.map((n) => this.columns[this.indexOf(n)]),
      this.numRows,
    );
  }
}
