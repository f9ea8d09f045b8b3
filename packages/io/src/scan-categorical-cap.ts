/**
 * Distinct values a string column keeps dictionary-encoded on a scan before it falls back to utf8 (CSV, and Parquet
 * columns the writer dictionary-encoded). A dictionary and the reader's key table cost 80 to 160 bytes per distinct
 * 12-byte value: at db-benchmark's 1e8 rows, id3's million values took the all-columns CSV read from 119 MB to 233 MB
 * peak RSS and from 20 to 27 s. 200,000 values keep a column's key table at 12 MiB. Group-by keys keep core's
 * DEFAULT_CATEGORICAL_CAP.
 */
export const SCAN_CATEGORICAL_CAP = 200_000;
