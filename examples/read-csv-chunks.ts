/**
 * Streams a CSV chunk by chunk: generates a seeded weather-like file (city, station, temperature, rain), then
 * reads it with `scanCsv` and prints, per chunk, its rows, its bytes and the process's memory, which stays
 * flat however long the file is.
 *
 *   node --import tsx examples/read-csv-chunks.ts [rows] [chunkSize]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatBytes, type Schema, scanCsv } from 'df-stream';
import { seededRandom } from './seeded-random.js';

const CITIES = ['Oslo', 'Lima', 'Pune', 'Zürich', 'São Paulo', 'Reykjavík', 'Dakar', 'Seoul', 'Hanoi', 'Lagos'];

export interface ChunkReport {
  readonly rows: number;
  readonly bytes: number;
  readonly rss: number;
}

export interface ReadReport {
  readonly schema: Schema;
  readonly chunks: readonly ChunkReport[];
  readonly totalRows: number;
  readonly fileBytes: number;
  readonly lines: readonly string[];
}

/** Writes `rows` rows in 1 MB pieces: the generator, like the reader, never holds the file in memory. */
async function writeWeatherCsv(path: string, rows: number): Promise<number> {
  const next = seededRandom(7);
  const file = await open(path, 'w');
  let bytes = 0;
  try {
    let text = 'city,station,temperature,rain\n';
    for (let i = 0; i < rows; i++) {
      const city = CITIES[Math.floor(next() * CITIES.length)];
      const temperature = (next() * 60 - 20).toFixed(1);
      // Some rain readings are missing: that column gets a validity bitmap in the chunks that have nulls.
      const rain = next() < 0.02 ? '' : String(Math.floor(next() * 300));
      text += `${city},${Math.floor(next() * 500)},${temperature},${rain}\n`;
      if (text.length > 1 << 20) {
        bytes += (await file.write(text)).bytesWritten;
        text = '';
      }
    }
    bytes += (await file.write(text)).bytesWritten;
  } finally {
    await file.close();
  }
  return bytes;
}

export async function main(rows = 1_000_000, chunkSize = 65_536, print: (line: string) => void = console.log): Promise<ReadReport> {
  const dir = mkdtempSync(join(tmpdir(), 'read-csv-chunks-'));
  const lines: string[] = [];
  const say = (line: string): void => {
    lines.push(line);
    print(line);
  };
  try {
    const path = join(dir, 'weather.csv');
    const fileBytes = await writeWeatherCsv(path, rows);
    say(`wrote ${rows} rows, ${formatBytes(fileBytes)} to ${path}`);
    const frame = scanCsv(path, { chunkSize });
    // The schema is known before the first chunk: sniffed and inferred from a sample of the file's head.
    const schema = await frame.schema();
    say(`schema: ${schema.fields.map((f) => `${f.name} ${f.dtype}`).join(', ')}`);
    const chunks: ChunkReport[] = [];
    let totalRows = 0;
    for await (const chunk of frame) {
      const report = { rows: chunk.numRows, bytes: chunk.byteLength, rss: process.memoryUsage().rss };
      chunks.push(report);
      totalRows += chunk.numRows;
      const dtypes = chunk.schema.fields.map((f) => f.dtype).join(' ');
      say(
        `chunk ${String(chunks.length).padStart(3)}: ${String(report.rows).padStart(7)} rows, ${formatBytes(report.bytes).padStart(9)} (${dtypes}), rss ${formatBytes(report.rss)}`,
      );
    }
    say(`read ${totalRows} rows in ${chunks.length} chunks`);
    return { schema, chunks, totalRows, fileBytes, lines };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [rows, chunkSize] = process.argv.slice(2).map(Number);
  await main(rows || undefined, chunkSize || undefined);
}
