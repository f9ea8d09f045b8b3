/** The formats the fuzzer mutates; each picks its mutations and the file extension of its mutants. */
export const SEED_FORMATS = ['csv', 'parquet', 'feather', 'arrow-stream'] as const;
export type SeedFormat = (typeof SEED_FORMATS)[number];

/** One valid (or deliberately broken) input file that mutants are made from. */
export interface Seed {
  /** Where it came from: `generated/quoted.csv`, or a path under the corpora folder. */
  readonly name: string;
  readonly format: SeedFormat;
  /** Extension of its mutants' file names; '' makes the command detect the format by content. */
  readonly ext: string;
  readonly bytes: Uint8Array;
  /** The first column, for `agg --by`, when known without reading the file. */
  readonly firstColumn?: string;
}
