/**
 * Where does the memory go? Builds a frame of a million rows (city, age, temperature), prints `info()`
 * and `memoryUsage({ deep: true })`, and sets them next to what the same data costs as plain JS arrays.
 *
 *   node --import tsx examples/memory-usage.ts [rows]   (from the repo root; tsconfig.json maps df-stream to src)
 */
import { pathToFileURL } from 'node:url';
import { DataFrame, type FrameInfo, formatBytes, type MemoryUsage } from 'df-stream';
import { seededRandom } from './seeded-random.js';

const CITIES = [
  'Abidjan',
  'Amsterdam',
  'Athens',
  'Auckland',
  'Bangkok',
  'Beijing',
  'Berlin',
  'Bogotá',
  'Cairo',
  'Cape Town',
  'Chicago',
  'Dakar',
  'Delhi',
  'Dubai',
  'Hanoi',
  'Helsinki',
  'Istanbul',
  'Jakarta',
  'Kraków',
  'Lagos',
  'Lima',
  'London',
  'Madrid',
  'Mexico City',
  'Montréal',
  'Mumbai',
  'Nairobi',
  'Oslo',
  'Paris',
  'Reykjavík',
  'Rome',
  'São Paulo',
  'Seoul',
  'Singapore',
  'Stockholm',
  'Sydney',
  'Tokyo',
  'Toronto',
  'Vienna',
  'Zürich',
];

export interface MemoryReport {
  readonly frame: DataFrame;
  readonly info: FrameInfo;
  readonly deep: MemoryUsage;
  /** Everything printed, line by line. */
  readonly lines: readonly string[];
}

export function main(rows = 1_000_000, print: (line: string) => void = console.log): MemoryReport {
  const next = seededRandom(42);
  const city = new Array<string>(rows);
  const age = new Array<number | null>(rows);
  const temperature = new Array<number>(rows);
  for (let i = 0; i < rows; i++) {
    city[i] = CITIES[Math.floor(next() * CITIES.length)];
    // About 1% of ages are unknown, so the column carries a validity bitmap.
    age[i] = next() < 0.01 ? null : Math.floor(next() * 100);
    temperature[i] = Math.round((next() * 60 - 15) * 10) / 10;
  }
  const frame = DataFrame.fromColumns({ city, age, temperature });
  const info = frame.info();
  const deep = frame.memoryUsage({ deep: true });

  const lines: string[] = [];
  const out = (text: string): void => {
    for (const line of text.split('\n')) {
      lines.push(line);
      print(line);
    }
  };
  out(frame.head().toString());
  out('');
  out(info.toString());
  out('');
  out('memoryUsage({ deep: true }):');
  out(deep.toString());
  out('');
  const plainJs = info.memory.plainJs;
  out(`df-stream (deep):  ${formatBytes(deep.total).padStart(9)}  (${deep.total} bytes)`);
  out(`plain JS arrays:   ${formatBytes(plainJs).padStart(9)}  (${plainJs} bytes)`);
  out(`saving:            ${(plainJs / deep.total).toFixed(1)}x less memory`);
  return { frame, info, deep, lines };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv[2] === undefined ? undefined : Number(process.argv[2]));
}
