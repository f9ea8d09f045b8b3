import { ascii, type FileSignature } from '../file-signature.js';

/** `PAR1` (or `PARE`, encrypted) at the start of the file. */
const HEAD: FileSignature<'parquet'> = {
  name: 'parquet',
  description: 'Parquet',
  at: 'head',
  matches: ({ head }) => ascii(head, 0, 4) === 'PAR1' || ascii(head, 0, 4) === 'PARE',
};

/** `PAR1` at the end, for a file whose start says nothing known. */
const TAIL: FileSignature<'parquet'> = {
  name: 'parquet',
  description: 'Parquet',
  at: 'tail',
  matches: ({ tail, size }) => size >= 8 && ascii(tail, 0, 4) === 'PAR1',
};

export const PARQUET_SIGNATURES: readonly FileSignature<'parquet'>[] = [HEAD, TAIL];

/** What the Parquet readers accept (see `expectFormat`). */
export const EXPECT_PARQUET = { format: 'parquet', accepts: PARQUET_SIGNATURES, title: 'Parquet file', missing: 'PAR1 magic' } as const;
