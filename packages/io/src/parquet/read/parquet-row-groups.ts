import { expectFormat } from '../../file-signature.js';
import { EXPECT_PARQUET } from '../parquet-signature.js';
import { parquetError } from './parquet-error.js';
import { readParquetFooter } from './parquet-footer.js';
import { ParquetWorker } from './parquet-worker.js';

export interface ParquetRowGroupPlan {
  numRows: number;
  /** Row groups in file order: pass their indices as `rowGroups` to split a scan across workers. */
  rowGroups: { index: number; numRows: number }[];
}

/** The row groups of a Parquet file, from its footer only (for planning parallel scans). */
export async function parquetRowGroups(path: string): Promise<ParquetRowGroupPlan> {
  await expectFormat(path, EXPECT_PARQUET);
  const footer = await readParquetFooter(path);
  if (footer === undefined) {
    // An encrypted footer: parquet-wasm says so.
    const worker = new ParquetWorker(path);
    try {
      const meta = await worker.meta();
      return { numRows: meta.numRows, rowGroups: meta.rowGroups.map((numRows, index) => ({ index, numRows })) };
    } catch (error) {
      throw parquetError(error, path);
    } finally {
      await worker.close();
    }
  }
  // The row groups' own counts: the data has as many rows as they say (a footer total can disagree, and some corpus
  // files give 0 there).
  const rowGroups = footer.rowGroups.map((g, index) => ({ index, numRows: g.numRows }));
  return { numRows: rowGroups.reduce((sum, g) => sum + g.numRows, 0), rowGroups };
}
