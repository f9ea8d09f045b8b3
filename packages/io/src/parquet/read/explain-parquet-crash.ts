import { open } from 'node:fs/promises';
import { FormatError, messageOf } from '../../format-error.js';
import { checkParquetPages } from './check-parquet-pages.js';
import { readParquetFooter } from './parquet-footer.js';
import { ParquetWorker, ParquetWorkerError } from './parquet-worker.js';

/** Single-column decodes tried to find the column parquet-wasm panics on; past this the row group is named alone. */
const MAX_PROBES = 64;
const CORRUPT = 'the file is corrupt';
const UNDECODABLE = 'check the file with another reader (pyarrow, duckdb): it is corrupt, or uses an encoding parquet-wasm cannot decode';

/**
 * What is wrong with a file that parquet-wasm panicked on (a wasm "unreachable", which says nothing): the footer
 * passed `readParquetFooter`, so the problem is in the column data. First the page headers of the column chunks
 * concerned (of `rowGroup`, or of every row group when the panic came before one was known) are checked; when
 * they are sound, each column of the row group is decoded on its own in a fresh decoder until one panics, which
 * names the column. Always returns a FormatError of kind data naming the file and what it found.
 */
export async function explainParquetCrash(path: string, crash: ParquetWorkerError, at: { rowGroup?: number; columns?: readonly string[] }): Promise<FormatError> {
  let footer: Awaited<ReturnType<typeof readParquetFooter>>;
  try {
    footer = await readParquetFooter(path);
  } catch (error) {
    // The file changed since it was opened, or cannot be read again: that is the clearer error.
    if (error instanceof FormatError) return error;
    throw error;
  }
  const fallback = new FormatError('the Parquet decoder stopped on data it cannot decode', {
    file: path,
    code: 'malformed',
    format: 'parquet',
    rowGroup: at.rowGroup,
    hint: UNDECODABLE,
    cause: crash,
  });
  if (footer === undefined) return fallback;
  const groups = at.rowGroup === undefined ? footer.rowGroups.map((_, i) => i) : [at.rowGroup];
  const wanted = (column: string): boolean => at.columns === undefined || at.columns.some((c) => column === c || column.startsWith(`${c}.`));
  const handle = await open(path, 'r');
  try {
    for (const rowGroup of groups) {
      for (const chunk of footer.rowGroups[rowGroup]?.chunks ?? []) {
        if (!wanted(chunk.column) || chunk.end <= chunk.start) continue;
        const problem = await checkParquetPages(handle, chunk);
        if (problem !== undefined)
          return new FormatError(problem, { file: path, code: 'malformed', format: 'parquet', rowGroup, column: chunk.column, hint: CORRUPT, cause: crash });
      }
    }
  } finally {
    await handle.close();
  }
  const topLevel = [...new Set(footer.columns.filter(wanted).map((c) => c.split('.')[0]))];
  return (await probeColumns(path, groups, topLevel, crash)) ?? fallback;
}

/** Decodes one column of one row group at a time until one panics (or fails cleanly): that one is named. */
async function probeColumns(path: string, groups: readonly number[], columns: readonly string[], crash: ParquetWorkerError): Promise<FormatError | undefined> {
  const worker = new ParquetWorker(path);
  let probes = 0;
  try {
    for (const rowGroup of groups) {
      for (const column of columns) {
        if (++probes > MAX_PROBES) return undefined;
        try {
          for await (const _ of worker.scan({ columns: [column], batchSize: 65_536, rowGroups: [rowGroup] })) {
            // Decoding is the probe; the batches are not needed.
          }
        } catch (error) {
          const panicked = error instanceof ParquetWorkerError && error.crashed;
          const detail = panicked ? "this column's data cannot be decoded (corrupt values or levels, or an encoding parquet-wasm does not handle)" : messageOf(error);
          return new FormatError(detail, { file: path, code: 'malformed', format: 'parquet', rowGroup, column, hint: UNDECODABLE, cause: panicked ? crash : error });
        }
      }
    }
    return undefined;
  } finally {
    await worker.close();
  }
}
