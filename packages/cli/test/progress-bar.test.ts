import { describe, expect, it } from 'vitest';
import { memorySummary } from '../src/progress-bar.js';

const event = { rows: 10_000_000, groups: 1_000_000, bytesRead: 1, stateBytes: 0, rss: 0, elapsedMs: 12_345, spills: 2 };

describe('memorySummary', () => {
  it('gives time, rows, groups, peak RSS against the floor and the budget, and bytes spilled', () => {
    expect(memorySummary({ ...event, budget: 256e6, floor: 99e6, peakRss: 301e6, spilledBytes: 420e6 })).toBe(
      'done in 12.3 s: 10.0M rows, 1.0M groups; peak RSS 301 MB (floor 99.0 MB + budget 256 MB); spilled 420 MB',
    );
  });

  it('leaves out groups for a job that makes none (a join) and spilling when nothing spilled', () => {
    expect(memorySummary({ ...event, groups: 0, budget: 64e6, floor: 70e6, peakRss: 90e6, spilledBytes: 0 })).toBe(
      'done in 12.3 s: 10.0M rows; peak RSS 90.0 MB (floor 70.0 MB + budget 64.0 MB)',
    );
  });

  it('says nothing without a budget (an event from before the governor)', () => {
    expect(memorySummary(event)).toBeUndefined();
  });
});
