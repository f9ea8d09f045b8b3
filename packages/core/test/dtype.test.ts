import { describe, expect, it } from 'vitest';
import { intFits, isDType, narrowestIntDType, supertype } from '../src/dtype.js';

describe('dtype', () => {
  it('picks the narrowest signed integer type for a range', () => {
    expect(narrowestIntDType(-128, 127)).toBe('int8');
    expect(narrowestIntDType(-129, 0)).toBe('int16');
    expect(narrowestIntDType(0, 128)).toBe('int16');
    expect(narrowestIntDType(0, 32768)).toBe('int32');
    expect(narrowestIntDType(-(2 ** 31), 2 ** 31 - 1)).toBe('int32');
    expect(narrowestIntDType(0, 2 ** 31)).toBe('int64');
    expect(narrowestIntDType(-(2n ** 63n), 0n)).toBe('int64');
  });

  it('widens to the narrowest type holding both', () => {
    expect(supertype('int8', 'int32')).toBe('int32');
    expect(supertype('int16', 'int8')).toBe('int16');
    expect(supertype('uint8', 'int8')).toBe('int16');
    expect(supertype('uint16', 'int16')).toBe('int32');
    expect(supertype('uint32', 'int8')).toBe('int64');
    expect(supertype('int64', 'float32')).toBe('float64');
    expect(supertype('int8', 'float64')).toBe('float64');
    expect(supertype('categorical', 'utf8')).toBe('utf8');
    expect(supertype('categorical', 'categorical')).toBe('categorical');
    expect(supertype('int8', 'categorical')).toBe('utf8');
    expect(supertype('bool', 'int8')).toBe('utf8');
    expect(supertype('date', 'timestamp')).toBe('timestamp');
  });

  it('knows which integer types fit in which', () => {
    expect(intFits('uint8', 'int16')).toBe(true);
    expect(intFits('uint8', 'int8')).toBe(false);
    expect(intFits('int32', 'uint32')).toBe(false);
    expect(isDType('categorical')).toBe(true);
    expect(isDType('string')).toBe(false);
  });
});
