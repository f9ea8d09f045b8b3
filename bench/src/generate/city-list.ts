import { realCityNames } from './city-names.js';
import { Prng } from './prng.js';

export const maxCities = 10_000;

const prefixes = [
  'Al',
  'Bel',
  'Cor',
  'Dun',
  'Ed',
  'Fal',
  'Gor',
  'Hal',
  'Is',
  'Jor',
  'Kel',
  'Lor',
  'Mar',
  'Nor',
  'Ost',
  'Pel',
  'Quen',
  'Ros',
  'Sal',
  'Tor',
  'Ul',
  'Val',
  'Wes',
  'Yar',
  'Zel',
  'Bra',
  'Kra',
  'Stav',
  'Vin',
  'Dre',
];
const middles = ['a', 'e', 'i', 'o', 'u', 'ae', 'ø', 'å', 'é', 'ü', 'ia', 'or'];
const suffixes = [
  'burg',
  'ton',
  'ville',
  'stad',
  'holm',
  'grad',
  'polis',
  'mouth',
  'fjord',
  'heim',
  'ford',
  'by',
  'dal',
  'vik',
  'port',
  'field',
  'ská',
  'ów',
  'ño',
  'ença',
  'ąg',
  'ëlle',
  'ıköy',
  'ševo',
];
const leadingWords = ['Nova ', 'Upper ', 'Saint ', 'Bad ', 'Port ', 'Nueva ', 'Nizhny ', 'Ost-', 'Alt-', 'Grand '];

/**
 * The first `count` station names: the real ones, then made-up but plausible ones (with accents, so non-ASCII
 * bytes stay common) from a fixed PRNG stream. The list depends on `count` only, never on the data seed, so a
 * name always means the same station.
 */
export function cityList(count: number): string[] {
  if (!Number.isSafeInteger(count) || count < 1 || count > maxCities) {
    throw new Error(`--cities must be between 1 and ${maxCities}, got ${count}`);
  }
  const names = realCityNames.slice(0, count);
  const seen = new Set(names);
  const rng = new Prng(0x1b2c);
  while (names.length < count) {
    const lead = rng.below(3) === 0 ? leadingWords[rng.below(leadingWords.length)] : '';
    const name = lead + pick(rng, prefixes) + pick(rng, middles) + pick(rng, suffixes);
    if (!seen.has(name)) {
      seen.add(name);
      names.push(name);
    }
  }
  return names;
}

function pick(rng: Prng, items: readonly string[]): string {
  return items[rng.below(items.length)];
}
