import { type Chunk, registerSinkWriter } from '@df-stream/core';
import { csvSinkWriter } from './csv/index.js';
import { columnarSinkWriter } from './parquet/index.js';

export * from './csv/index.js';
export * from './parquet/index.js';
export * from './feather/index.js';

/** `LazyFrame.sink(path)`: CSV for .csv/.tsv/.txt, Parquet or Feather by extension. */
registerSinkWriter((chunks: AsyncIterable<Chunk>, path: string, options: Record<string, unknown>) =>
  /\.(csv|tsv|txt)$/i.test(path) || path === '-' ? csvSinkWriter(chunks, path, options) : columnarSinkWriter(chunks, path, options),
);
