import { writeUint } from './ascii-digits.js';
import { ByteSink } from './byte-sink.js';
import { cityList } from './city-list.js';
import { realCityNames } from './city-names.js';
import { defaultSeed, type GenerationStats } from './groupby-csv.js';
import { Prng } from './prng.js';

export interface CitiesCsvOptions {
  path: string;
  rows: number;
  /** Number of distinct stations; defaults to the built-in list of real names. */
  cities?: number;
  delimiter?: ';' | ',';
  seed?: number;
}

export const defaultCityCount = realCityNames.length;

/**
 * Writes a `city;temp` file shaped like the one-billion-row challenge's measurements.txt: a uniformly chosen
 * station per row and a temperature with one decimal around the station's own mean, clamped to [-99.9, 99.9].
 * The spread is an Irwin-Hall sum of the four bytes of one 32-bit draw (bell-shaped, sd scaled to 10 °C): one draw
 * per row instead of Box-Muller's log, sqrt and cos, and bit-for-bit reproducible.
 */
export async function generateCitiesCsv(options: CitiesCsvOptions): Promise<GenerationStats> {
  const { path, rows } = options;
  const delimiter = options.delimiter ?? ';';
  const started = performance.now();
  const names = cityList(options.cities ?? defaultCityCount);
  const rng = new Prng(options.seed ?? defaultSeed);

  // Each station's "name;" bytes back to back, so a row starts with one short copy.
  const encoded = names.map((name) => Buffer.from(name + delimiter, 'utf8'));
  const nameStart = new Uint32Array(names.length + 1);
  for (let i = 0; i < names.length; i++) nameStart[i + 1] = nameStart[i] + encoded[i].length;
  const nameBytes = Buffer.concat(encoded);
  // Means between -10.0 and 30.0 °C, in tenths.
  const meanTenths = new Int32Array(names.length);
  for (let i = 0; i < names.length; i++) meanTenths[i] = rng.below(401) - 100;

  const sink = new ByteSink(path);
  try {
    sink.pos = sink.buf.write(`city${delimiter}temp\n`, 0, 'latin1');
    let buf = sink.buf;
    const limit = buf.length - 256;
    let pos = sink.pos;
    const cityCount = names.length;
    for (let i = 0; i < rows; i++) {
      if (pos > limit) {
        sink.pos = pos;
        await sink.flush();
        buf = sink.buf;
        pos = 0;
      }
      const city = rng.below(cityCount);
      for (let b = nameStart[city], end = nameStart[city + 1]; b < end; b++) buf[pos++] = nameBytes[b];
      const r = rng.nextUint32();
      // Sum of 4 uniform bytes: mean 510, sd 147.8; scaled so that one sd is 100 tenths (10 °C).
      const spread = (r & 255) + ((r >>> 8) & 255) + ((r >>> 16) & 255) + (r >>> 24) - 510;
      let t = meanTenths[city] + Math.round((spread * 100) / 147.8);
      if (t > 999) t = 999;
      else if (t < -999) t = -999;
      if (t < 0) {
        buf[pos++] = 45; // -
        t = -t;
      }
      const whole = (t / 10) | 0;
      pos = writeUint(buf, pos, whole);
      buf[pos++] = 46; // .
      buf[pos++] = 48 + t - whole * 10;
      buf[pos++] = 10;
    }
    sink.pos = pos;
    await sink.close();
  } catch (error) {
    await sink.abort();
    throw error;
  }
  return { path, rows, bytes: sink.bytesWritten, seconds: (performance.now() - started) / 1000 };
}
