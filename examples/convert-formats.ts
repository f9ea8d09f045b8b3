/**
 * Converts a generated frame (or a CSV file you name) to Parquet and Feather, then reads both back
 * chunk by chunk: prints the size of each file on disk and the memory each chunk takes once read.
 *
 *   node --import tsx examples/convert-formats.ts [rows | file.csv] [out-dir]
 */
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Chunk, DataFrame, formatBytes, type LazyFrame, scan, scanFeather, scanParquet, writeFeather, writeParquet } from 'df-stream';

const STATIONS = ['Abha', 'Accra', 'Bergen', 'Cusco', 'Darwin', 'Hilo', 'Ifrane', 'Kyoto', 'Lhasa', 'Nuuk', 'Perth', 'Tromsø'];

export interface ConversionReport {
  readonly rows: number;
  /** Bytes on disk per format. */
  readonly sizes: Readonly<Record<'parquet' | 'feather', number>>;
  /** Per format, the bytes of each chunk read back (its own buffers; dictionaries shared, not counted). */
  readonly chunkBytes: Readonly<Record<'parquet' | 'feather', readonly number[]>>;
  readonly paths: Readonly<Record<'parquet' | 'feather', string>>;
  readonly lines: readonly string[];
}

/** Seeded weather readings: station (categorical), day (date), reading time, temperature, a flag, a note. */
export function weatherFrame(rows: number): DataFrame {
  let state = 7;
  const next = (): number => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
  const station = new Array<string>(rows);
  const day = new Array<number>(rows);
  const at = new Array<Date>(rows);
  const temp = new Array<number | null>(rows);
  const windy = new Array<boolean>(rows);
  for (let i = 0; i < rows; i++) {
    station[i] = STATIONS[Math.floor(next() * STATIONS.length)];
    day[i] = 19_000 + Math.floor(i / 1000);
    at[i] = new Date(Date.UTC(2022, 0, 1) + i * 60_000);
    temp[i] = next() < 0.02 ? null : Math.round((next() * 50 - 10) * 10) / 10;
    windy[i] = next() < 0.3;
  }
  return DataFrame.fromColumns({ station, day, at, temp, windy }, { dtypes: { day: 'date' } });
}

export async function main(input: number | string = 200_000, outDir?: string, print: (line: string) => void = console.log): Promise<ConversionReport> {
  const lines: string[] = [];
  const say = (line: string): void => {
    lines.push(line);
    print(line);
  };
  const dir = outDir ?? mkdtempSync(join(tmpdir(), 'convert-formats-'));
  // A CSV path is read lazily (chunk by chunk); a row count generates the frame in memory.
  const source: DataFrame | LazyFrame = typeof input === 'string' ? await scan(input) : weatherFrame(input);
  const paths = { parquet: join(dir, 'weather.parquet'), feather: join(dir, 'weather.feather') };
  await writeParquet(source, paths.parquet, { compression: 'snappy' });
  await writeFeather(source, paths.feather);
  const sizes = { parquet: statSync(paths.parquet).size, feather: statSync(paths.feather).size };
  const chunkBytes = { parquet: [] as number[], feather: [] as number[] };
  let rows = 0;
  for (const format of ['parquet', 'feather'] as const) {
    const lazy = format === 'parquet' ? scanParquet(paths[format]) : scanFeather(paths[format]);
    const schema = await lazy.schema();
    say(`${format}: ${paths[format]}  ${formatBytes(sizes[format])} on disk (${sizes[format]} bytes)`);
    say(`  schema: ${schema.fields.map((f) => `${f.name}: ${f.dtype}`).join(', ')}`);
    rows = 0;
    for await (const chunk of lazy) {
      chunkBytes[format].push(chunk.byteLength);
      say(`  chunk ${chunkBytes[format].length - 1}: ${chunk.numRows} rows, ${formatBytes(chunk.byteLength)} in memory (${perRow(chunk)} bytes/row)`);
      rows += chunk.numRows;
    }
  }
  return { rows, sizes, chunkBytes, paths, lines };
}

function perRow(chunk: Chunk): string {
  return chunk.numRows === 0 ? '0' : (chunk.byteLength / chunk.numRows).toFixed(1);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = process.argv[2];
  await main(arg === undefined ? undefined : /^\d+$/.test(arg) ? Number(arg) : arg, process.argv[3]);
}
