import type { FileFormat } from '../engines/engine-protocol.js';
import { type GroupbyFileOptions, groupbyFileName } from '../generate/data-files.js';
import type { GenerationStats } from '../generate/groupby-csv.js';
import { csvToFeather, csvToParquet, csvToPolarsParquet } from './convert-groupby.js';

/** One columnar copy of the group-by CSV: which format, who wrote it and how. */
export interface ColumnarCopy {
  /** For `--datasets` and `convert --formats`: `parquet-polars`. */
  id: string;
  /** Shown in results: the format, then who wrote the file (`parquet (polars)`). */
  name: string;
  format: Exclude<FileFormat, 'csv'>;
  /** Between the CSV's base name and the extension; the first copies kept their plain names (`G1_1e7_1e2_0_0.parquet`). */
  suffix: string;
  write(csv: string, out: string, threads: number): Promise<GenerationStats>;
}

/**
 * Every copy a parquet or feather suite reads, in the order they appear in results. Readers meet files written by
 * other tools, and the writers differ where it costs a reader: DuckDB's Parquet is snappy with small row groups,
 * Polars' zstd; Polars' default Feather holds Utf8View strings, its "oldest" compat level LargeUtf8.
 */
export const columnarCopies: ColumnarCopy[] = [
  { id: 'parquet-duckdb', name: 'parquet (duckdb)', format: 'parquet', suffix: '', write: csvToParquet },
  { id: 'parquet-polars', name: 'parquet (polars)', format: 'parquet', suffix: '_polars', write: csvToPolarsParquet },
  {
    id: 'feather-largeutf8',
    name: 'feather (polars, largeutf8)',
    format: 'feather',
    suffix: '',
    write: (csv, out) => csvToFeather(csv, out, 'oldest'),
  },
  {
    id: 'feather-utf8view',
    name: 'feather (polars, utf8view)',
    format: 'feather',
    suffix: '_utf8view',
    write: (csv, out) => csvToFeather(csv, out, 'newest'),
  },
];

/**
 * The copies named by `ids`: a copy's id, or a format for all of its copies (`parquet`). No ids: every copy of
 * `format` (every copy when that is undefined too).
 */
export function selectCopies(ids: string[] | undefined, format?: FileFormat): ColumnarCopy[] {
  const ofFormat = columnarCopies.filter((c) => format === undefined || c.format === format);
  if (!ids) return ofFormat;
  const unknown = ids.filter((id) => !ofFormat.some((c) => c.id === id || c.format === id));
  if (unknown.length > 0) throw new Error(`unknown ${format ?? 'format or'} copy ${unknown.join(', ')}; known: ${ofFormat.map((c) => c.id).join(', ')}`);
  return ofFormat.filter((c) => ids.includes(c.id) || ids.includes(c.format));
}

/** `G1_1e7_1e2_0_0_polars.parquet`: the CSV's name with the copy's suffix and extension. */
export function copyFileName(options: GroupbyFileOptions, copy: ColumnarCopy): string {
  return groupbyFileName(options, copy.format).replace(/\.[a-z]+$/, `${copy.suffix}.${copy.format}`);
}
