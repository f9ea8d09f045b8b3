import { type Column, DfError, type Field, type NumberDType, narrowestIntDType } from '@df-stream/core';
import { allNullColumn, BigIntColumn, CategoricalColumn, codeArrayFor, Dictionary, NumberColumn } from '@df-stream/core/internal';
import type { InputFile } from './expand-paths.js';

/** The value of a partition that had none (Hive's, Spark's, DuckDB's and Polars' name for null). */
export const HIVE_NULL = '__HIVE_DEFAULT_PARTITION__';

/** A hive partition column as plain data (it travels with each split to worker threads). */
export interface HiveField extends Field {
  /** A categorical column's dictionary: every value, sorted, the same in every thread. */
  readonly dictionary?: readonly string[];
}

/** One file's partition values, in the order of the fields: ints and dates (days) as numbers, int64 as text, else text. */
export type HiveValues = readonly (number | string | null)[];

export interface HivePartitions {
  readonly fields: readonly HiveField[];
  /** Per file, in the order of the files. */
  readonly values: readonly HiveValues[];
}

/**
 * The `key=value` directories of each file's path below its base (`year=2024/month=01/`) as columns, typed as
 * DuckDB's `hive_types_autocast` does: integers when every value is one (in the narrowest int dtype, as the rest of
 * the engine stores them), dates when every value is a `YYYY-MM-DD` date, else categorical; `__HIVE_DEFAULT_PARTITION__`
 * is null. Undefined when no file has such a directory; an error when files disagree on the keys.
 */
export function hivePartitions(files: readonly InputFile[]): HivePartitions | undefined {
  const pairs = files.map((f) => partitionPairs(f));
  if (pairs.every((p) => p.length === 0)) return undefined;
  const keys = pairs[0].map(([k]) => k);
  pairs.forEach((p, i) => {
    const own = p.map(([k]) => k);
    if (own.join('/') !== keys.join('/')) {
      throw new DfError('usage', `${files[i].path} has hive partitions [${own.join(', ')}], but ${files[0].path} has [${keys.join(', ')}]`, {
        hint: 'give files with the same key=value directories, or pass hive: false',
        where: { file: files[i].path },
      });
    }
  });
  const fields = keys.map((name, j) =>
    fieldOf(
      name,
      pairs.map((p) => p[j][1]),
    ),
  );
  const values = pairs.map((p) => p.map(([, text], j) => partitionValue(text, fields[j])));
  return { fields, values };
}

function partitionPairs(file: InputFile): [string, string | null][] {
  const dirs = file.path.slice(file.baseLength).split('/').slice(0, -1);
  const out: [string, string | null][] = [];
  for (const d of dirs) {
    const eq = d.indexOf('=');
    if (eq <= 0) continue;
    const text = decodePart(d.slice(eq + 1));
    out.push([decodePart(d.slice(0, eq)), text === HIVE_NULL ? null : text]);
  }
  return out;
}

function decodePart(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const INT = /^[-+]?\d+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function fieldOf(name: string, texts: readonly (string | null)[]): HiveField {
  const present = texts.filter((t): t is string => t !== null);
  if (present.length > 0 && present.every((t) => INT.test(t))) {
    const ints = present.map((t) => BigInt(t));
    // Bigints: Math.min and Math.max take numbers only.
    let [min, max] = [ints[0], ints[0]];
    for (const v of ints) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (min >= -(2n ** 63n) && max < 2n ** 63n) return { name, dtype: narrowestIntDType(min, max) };
  }
  if (present.length > 0 && present.every((t) => dateDays(t) !== undefined)) return { name, dtype: 'date' };
  return { name, dtype: 'categorical', dictionary: [...new Set(present)].sort() };
}

function partitionValue(text: string | null, field: HiveField): number | string | null {
  if (text === null) return null;
  if (field.dtype === 'date') return dateDays(text) ?? null;
  if (field.dtype === 'int64') return BigInt(text).toString();
  if (field.dtype !== 'categorical') return Number(text);
  return text;
}

/** Days since 1970-01-01 of a valid `YYYY-MM-DD` date. */
function dateDays(text: string): number | undefined {
  const m = DATE.exec(text);
  if (m === null) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return ms / 86_400_000;
}

/** Builds the constant columns of partition values; one dictionary per categorical field, shared by every chunk. */
export class HiveColumns {
  private readonly dictionaries: (Dictionary | undefined)[];

  constructor(readonly fields: readonly HiveField[]) {
    this.dictionaries = fields.map((f) => (f.dtype === 'categorical' ? Dictionary.from(f.dictionary ?? []) : undefined));
  }

  /** The literal a column of this field is within one file (for substituting it into a predicate). */
  literal(j: number, value: number | string | null): { value: number | bigint | string | null; dtype: Field['dtype'] } {
    const f = this.fields[j];
    if (value === null) return { value: null, dtype: f.dtype };
    if (f.dtype === 'int64') return { value: BigInt(value), dtype: 'int64' };
    return { value, dtype: f.dtype === 'categorical' ? 'utf8' : f.dtype };
  }

  /** Field `j` as `n` rows of `value`. */
  column(j: number, value: number | string | null, n: number): Column {
    const f = this.fields[j];
    const dict = this.dictionaries[j] ?? new Dictionary();
    if (value === null) return allNullColumn(f.dtype, n, dict);
    switch (f.dtype) {
      case 'categorical': {
        const codes = codeArrayFor(dict.size, n);
        codes.fill(dict.intern(String(value)));
        return new CategoricalColumn(codes, dict);
      }
      case 'int64':
        return new BigIntColumn('int64', new BigInt64Array(n).fill(BigInt(value)));
      default: {
        const values = f.dtype === 'date' || f.dtype === 'int32' ? new Int32Array(n) : f.dtype === 'int16' ? new Int16Array(n) : new Int8Array(n);
        values.fill(Number(value));
        return new NumberColumn(f.dtype as NumberDType, values);
      }
    }
  }
}
