import { describe, expect, it } from 'vitest';

describe('loadZstd', () => {
  it("sets up zstddec without fetch (Node's fetch costs about 50 ms to load), and leaves fetch as it was", async () => {
    const calls: unknown[] = [];
    const spy = (...args: unknown[]): never => {
      calls.push(args);
      throw new Error('fetch called');
    };
    const before = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
    Object.defineProperty(globalThis, 'fetch', { value: spy, configurable: true, writable: true });
    try {
      // Imported here, in this file's own module graph, so that zstddec is set up after the spy is in place.
      const { loadZstd, zstdDecodeWasm } = await import('../../src/columnar/zstd.js');
      await loadZstd();
      expect(calls).toEqual([]);
      expect(globalThis.fetch).toBe(spy);
      // A raw block frame of "abc" with its size declared: the WebAssembly decoder is there.
      const frame = Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x20, 3, 0x19, 0, 0, 0x61, 0x62, 0x63);
      expect(new TextDecoder().decode(zstdDecodeWasm(frame, 3))).toBe('abc');
    } finally {
      if (before !== undefined) Object.defineProperty(globalThis, 'fetch', before);
    }
  });
});
