import type { FormatEntry } from '../format-entry.js';
import { type ParquetReadOptions, type ParquetWriteOptions, parquetSchemas } from './parquet-options.js';
import { PARQUET_SIGNATURES } from './parquet-signature.js';

/** Parquet: read row group by row group in a parquet-wasm thread; splits are runs of row groups. */
export const parquetFormat: FormatEntry<'parquet'> = {
  name: 'parquet',
  label: 'Parquet',
  extensions: ['.parquet', '.pq'],
  signatures: PARQUET_SIGNATURES,
  stdio: false,
  schemas: parquetSchemas,
  async scan(path, options) {
    const { scanParquet } = await import('./read/scan-parquet.js');
    return scanParquet(path, options as ParquetReadOptions);
  },
  async write(chunks, path, options) {
    const { writeParquet } = await import('./write/write-parquet.js');
    await writeParquet(chunks, path, options as ParquetWriteOptions);
  },
  split: {
    async open([path, options]) {
      const { ParquetSource } = await import('./read/parquet-source.js');
      return new ParquetSource(path as string, options as ParquetReadOptions);
    },
    shipped: true,
  },
};
