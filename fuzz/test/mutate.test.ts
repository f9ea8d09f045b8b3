import { describe, expect, it } from 'vitest';
import { ipcTargets, parquetTargets } from '../src/length-targets.js';
import { makeSeeds } from '../src/make-seeds.js';
import { mutate } from '../src/mutate.js';
import { SeededRandom } from '../src/seeded-random.js';

describe('mutants', () => {
  it('are the same for the same seed and index, and leave the seed files alone', async () => {
    const seeds = await makeSeeds();
    const copies = seeds.map((s) => s.bytes.slice());
    for (let i = 0; i < 50; i++) {
      const seed = seeds[i % seeds.length];
      const a = mutate(seed, SeededRandom.forMutant(7, i));
      const b = mutate(seed, SeededRandom.forMutant(7, i));
      expect(a.ops).toEqual(b.ops);
      expect(Buffer.compare(a.bytes, b.bytes)).toBe(0);
    }
    seeds.forEach((s, i) => expect(Buffer.compare(s.bytes, copies[i])).toBe(0));
  });

  it('find the real length fields of the Parquet and Arrow IPC seeds', async () => {
    const seeds = await makeSeeds();
    const whats = (name: string): string[] => {
      const seed = seeds.find((s) => s.name === `generated/${name}`)!;
      return (seed.format === 'parquet' ? parquetTargets(seed.bytes) : ipcTargets(seed.bytes, seed.format === 'feather')).map((t) => t.what);
    };
    expect(whats('frame.parquet')).toContain('footer length');
    for (const name of ['frame.feather', 'frame.arrows']) {
      const found = whats(name);
      expect(found).toContain('message 0 metadata length');
      expect(found.some((w) => /record batch|node length 0/.test(w) || /buffer length 0/.test(w))).toBe(true);
    }
    expect(whats('frame.feather')).toContain('footer length');
  });
});
