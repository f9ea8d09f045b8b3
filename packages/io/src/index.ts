export * from './csv/index.js';
export * from './parquet/index.js';
export * from './feather/index.js';
