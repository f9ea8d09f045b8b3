import { SeededRandom } from '@df-stream/test-utils';

/**
 * Seeded CSV with typed columns that exercise inference and widening: small ints, ints that grow through
 * int8..int64 and past it, floats with NaN/inf/exponents, numbers that turn into text, booleans, nulls
 * (empty, NA, null), quoted numbers, and categorical text with quotes, delimiters and newlines.
 */
export function randomTypedCsv(seed: number, rows = 200): string {
  const rng = new SeededRandom(seed);
  const header = ['small', 'growing', 'float', 'mixed', 'flag', 'city', 'sparse', 'quoted'];
  const lines = [header.join(',')];
  const cities = ['Oslo', 'Zürich', 'São Paulo', 'a,b', 'say "hi"', 'line\nbreak', '東京'];
  for (let r = 0; r < rows; r++) {
    const t = r / rows;
    const growing =
      t < 0.2
        ? rng.int(100)
        : t < 0.4
          ? rng.int(30_000)
          : t < 0.6
            ? rng.int(2e9)
            : t < 0.8
              ? `${BigInt(rng.int(1e9)) * 10_000_000_000n}`
              : t < 0.9
                ? `${rng.int(1000)}.5`
                : '99999999999999999999999';
    const float = rng.pick(['1.5', '-0.25', '1e3', '2.5E-3', 'NaN', 'inf', '-Infinity', '0', '-0.0', `${rng.next() * 1000}`, '', '12345678901234567890.5']);
    const mixed = t < 0.7 ? String(rng.int(50) - 25) : rng.pick(['x', 'y', '7', '', 'NA']);
    const flag = rng.pick(['true', 'false', 'TRUE', 'False', '']);
    const city = rng.pick(cities);
    const sparse = rng.chance(0.9) ? '' : String(rng.int(10));
    const quoted = `"${rng.int(1000)}"`;
    const fields = [String(rng.int(100) - 50), String(growing), float, mixed, flag, quote(city), sparse, quoted];
    lines.push(fields.join(','));
  }
  return `${lines.join(rng.chance(0.5) ? '\n' : '\r\n')}\n`;
}

function quote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
