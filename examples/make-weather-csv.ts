/**
 * Writes examples/data/weather.csv: a small seeded `city,temp` file shaped like the one-billion-row
 * challenge (the bundled input of the README's first command). Run: node --import tsx examples/make-weather-csv.ts [rows] [out]
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CITIES: [string, number][] = [
  ['Oslo', 5.7],
  ['Zürich', 9.3],
  ['São Paulo', 19.6],
  ['Kraków', 8.6],
  ['Reykjavík', 4.3],
  ['Düsseldorf', 10.2],
  ['İstanbul', 13.9],
  ['Москва', 5.8],
  ['東京', 15.4],
  ['Cape Town', 16.2],
  ['Nairobi', 17.8],
  ['Montréal', 6.8],
  ['Buenos Aires', 18.0],
  ['Córdoba', 17.2],
  ['Ħamrun', 19.4],
  ['Αθήνα', 18.5],
];

export function weatherCsv(rows: number, seed = 7): string {
  let s = seed >>> 0;
  const rnd = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const lines = ['city,temp'];
  for (let i = 0; i < rows; i++) {
    const [city, mean] = CITIES[Math.floor(rnd() * CITIES.length)];
    const temp = mean + (rnd() + rnd() + rnd() - 1.5) * 20;
    lines.push(`${city},${temp.toFixed(1)}`);
  }
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = Number(process.argv[2] ?? 2000);
  const out = process.argv[3] ?? fileURLToPath(new URL('./data/weather.csv', import.meta.url));
  writeFileSync(out, weatherCsv(rows));
}
