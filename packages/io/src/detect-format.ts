import { sniffFormat } from './file-signature.js';
import { formatOfExtension, type RecognisedFormat } from './format-registry.js';

/** The file formats df-stream tells apart by content (`feather-v1` is told apart to be refused). */
export type FileFormat = RecognisedFormat;

/** The format a file's extension names, if any (the registry's extensions: `.tsv` is CSV, `.arrows` an Arrow IPC stream). */
export function formatFromExtension(path: string): FileFormat | undefined {
  return formatOfExtension(path)?.name as FileFormat | undefined;
}

/**
 * The format of a file by its magic bytes: Parquet (`PAR1` at either end), Feather v2 / Arrow IPC file (`ARROW1`),
 * Arrow IPC stream (a continuation marker), Feather v1 (`FEA1`); anything else is CSV.
 */
export async function detectFormat(path: string): Promise<FileFormat> {
  return (await sniffFormat(path)).name as FileFormat;
}
