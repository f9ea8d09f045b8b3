import { describe, expect, it } from 'vitest';
import { SUM_WASM } from '../src/aggregates/wasm/sum-wasm.js';
import { compileWasm, instanceOrNull, lazyInstance } from '../src/wasm-module.js';

describe('instanceOrNull', () => {
  const module = compileWasm(SUM_WASM, true);

  it('makes an instance of a module, and none of no module', () => {
    expect(module).not.toBeNull();
    expect(typeof instanceOrNull<{ addExact: unknown }>(module)?.addExact).toBe('function');
    expect(instanceOrNull(null)).toBeNull();
  });

  it('lazyInstance makes one instance on the first call and gives that one after', () => {
    const get = lazyInstance<{ addExact: unknown }>(module);
    const first = get();
    expect(typeof first?.addExact).toBe('function');
    expect(get()).toBe(first);
    expect(lazyInstance(null)()).toBeNull();
  });

  it('gives null, not an error, when V8 makes no more WebAssembly memories', () => {
    const Instance = WebAssembly.Instance;
    // What V8 throws for a module's own memory past its address-space limit.
    (WebAssembly as { Instance: unknown }).Instance = function refuse(): never {
      throw new RangeError('WebAssembly.Instance(): Out of memory: Cannot allocate Wasm memory for new instance');
    };
    try {
      expect(instanceOrNull(module)).toBeNull();
      // Anything else is a bug, not a refusal: it is thrown.
      (WebAssembly as { Instance: unknown }).Instance = function broken(): never {
        throw new TypeError('WebAssembly.Instance(): Import #0 module="env": module is not an object or function');
      };
      expect(() => instanceOrNull(module)).toThrow(TypeError);
    } finally {
      (WebAssembly as { Instance: unknown }).Instance = Instance;
    }
  });
});
