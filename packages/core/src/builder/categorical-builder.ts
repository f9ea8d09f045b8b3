import { CategoricalColumn, codeArrayFor } from '../column.js';
import { Dictionary } from '../dictionary.js';
import { ShortKeyTable } from './short-key-table.js';

/**
 * Categorical storage of the chunk being built: one code per row into a dictionary shared by every chunk of
 * the column, and the short-key index into it (`ShortKeyTable`). The cap: once the dictionary holds more
 * than `cap` distinct values (`overCap`) the column falls back to utf8 (`Utf8Builder.setFromCodes`, then
 * `dropDictionary`); chunks already emitted keep theirs. Codes go out in the narrowest code array.
 */
export class CategoricalBuilder {
  codes: Uint32Array;
  dict: Dictionary;
  readonly keys = new ShortKeyTable();
  /** Distinct values past which the column is utf8 (Infinity when the user asked for categorical). */
  readonly cap: number;

  constructor(capacity: number, cap: number, dict: Dictionary = new Dictionary()) {
    this.codes = new Uint32Array(capacity);
    this.cap = cap;
    this.dict = dict;
  }

  /** Room for `capacity` rows, keeping the codes so far. */
  resize(capacity: number): void {
    const codes = new Uint32Array(capacity);
    codes.set(this.codes.subarray(0, Math.min(capacity, this.codes.length)));
    this.codes = codes;
  }

  get overCap(): boolean {
    return this.dict.size > this.cap;
  }

  /** The column fell back to utf8: a new, empty dictionary and key table (emitted chunks keep the old). */
  dropDictionary(): void {
    const reporting = this.keys.reporting;
    this.dict = new Dictionary();
    this.keys.reset();
    if (reporting) this.keys.reportTo(this.dict);
  }

  /**
   * A reader reads into the dictionary: until `release`, the dictionary is told the key table's bytes (a group-by
   * keeping the dictionary counts them: see `Dictionary.readerIndexBytes`).
   */
  reportTable(): void {
    this.keys.reportTo(this.dict);
  }

  /** The reader is done: the table is garbage, and the dictionary no longer counts it. */
  release(): void {
    this.keys.reportTo(undefined);
  }

  /** Rows [0, n) as a column with the narrowest codes for the dictionary's size. */
  finish(n: number, validity: Uint8Array | null, nullCount: number): CategoricalColumn {
    const codes = codeArrayFor(this.dict.size, n);
    codes.set(this.codes.subarray(0, n));
    return new CategoricalColumn(codes, this.dict, validity, nullCount);
  }
}
