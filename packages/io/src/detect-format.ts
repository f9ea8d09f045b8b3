import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { FormatError } from './format-error.js';

/** The file formats df-stream tells apart by content. */
export type FileFormat = 'parquet' | 'feather' | 'arrow-stream' | 'feather-v1' | 'csv';

const PARQUET_MAGIC = 'PAR1';
const ENCRYPTED_PARQUET_MAGIC = 'PARE';
const ARROW_MAGIC = 'ARROW1';
const FEATHER_V1_MAGIC = 'FEA1';
const IPC_CONTINUATION = 0xffffffff;

/** The format a file's extension suggests, if any. */
export function formatFromExtension(path: string): FileFormat | undefined {
  switch (extname(path).toLowerCase()) {
    case '.parquet':
    case '.pq':
      return 'parquet';
    case '.feather':
    case '.arrow':
    case '.ipc':
      return 'feather';
    case '.arrows':
    case '.stream':
      return 'arrow-stream';
    case '.csv':
    case '.tsv':
    case '.txt':
      return 'csv';
    default:
      return undefined;
  }
}

/**
 * The format of a file by its magic bytes: Parquet (`PAR1` at both ends), Feather v2 / Arrow IPC file
 * (`ARROW1`), Arrow IPC stream (a continuation marker), Feather v1 (`FEA1`); anything else is CSV.
 */
export async function detectFormat(path: string): Promise<FileFormat> {
  const { head, tail, size } = await readEnds(path);
  const start = ascii(head, 0, 6);
  if (start.startsWith(PARQUET_MAGIC) || start.startsWith(ENCRYPTED_PARQUET_MAGIC)) return 'parquet';
  if (start === ARROW_MAGIC) return 'feather';
  if (start.startsWith(FEATHER_V1_MAGIC)) return 'feather-v1';
  if (size >= 8 && new DataView(head.buffer, head.byteOffset).getUint32(0, true) === IPC_CONTINUATION) return 'arrow-stream';
  if (ascii(tail, tail.length - 4, tail.length) === PARQUET_MAGIC && size >= 8) return 'parquet';
  return 'csv';
}

/**
 * Checks that a file is in `expected` format (Feather v2 also accepts an Arrow IPC stream), and says
 * what it looks like instead if not.
 */
export async function expectFormat(path: string, expected: 'parquet' | 'feather'): Promise<FileFormat> {
  let found: FileFormat;
  try {
    found = await detectFormat(path);
  } catch (error) {
    throw new FormatError((error as Error).message, { file: path, code: 'io', format: expected, cause: error });
  }
  if (found === 'feather-v1') {
    throw new FormatError('Feather v1 is not supported; re-save as v2', {
      file: path,
      code: 'unsupported',
      format: 'feather-v1',
      hint: 'pyarrow: feather.write_feather(df, path, version=2); R arrow: write_feather(df, path)',
    });
  }
  if (expected === 'parquet' && found !== 'parquet') {
    throw new FormatError(`not a Parquet file (no PAR1 magic; it looks like ${describe(found)})`, {
      file: path,
      code: 'wrong-format',
      format: 'parquet',
      hint: found === 'csv' ? 'use scanCsv, or scan(path) to pick the reader by content' : 'use scan(path) to pick the reader by content',
    });
  }
  if (expected === 'feather' && found !== 'feather' && found !== 'arrow-stream') {
    throw new FormatError(`not a Feather v2 / Arrow IPC file (no ARROW1 magic or stream marker; it looks like ${describe(found)})`, {
      file: path,
      code: 'wrong-format',
      format: 'feather',
      hint: 'use scan(path) to pick the reader by content',
    });
  }
  return found;
}

function describe(format: FileFormat): string {
  switch (format) {
    case 'parquet':
      return 'Parquet';
    case 'feather':
      return 'Feather v2 / Arrow IPC';
    case 'arrow-stream':
      return 'an Arrow IPC stream';
    case 'feather-v1':
      return 'Feather v1';
    case 'csv':
      return 'text or an unknown format';
  }
}

async function readEnds(path: string): Promise<{ head: Uint8Array; tail: Uint8Array; size: number }> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const head = new Uint8Array(8);
    const tail = new Uint8Array(4);
    await handle.read(head, 0, Math.min(8, size), 0);
    if (size >= 4) await handle.read(tail, 0, 4, size - 4);
    return { head, tail, size };
  } finally {
    await handle.close();
  }
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(Math.max(0, start), end));
}
