import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Share of all cores busy over `ms`, from /proc/stat (Linux); null elsewhere. */
export async function cpuBusy(ms = 500): Promise<number | null> {
  const before = readCpuTimes();
  if (!before) return null;
  await sleep(ms);
  const after = readCpuTimes();
  if (!after) return null;
  const total = after.total - before.total;
  return total > 0 ? (after.busy - before.busy) / total : 0;
}

/**
 * Waits until other processes leave the CPUs mostly idle (busy share at most `maxBusy`), for at most
 * `timeoutS` seconds, and returns the last busy share seen. On a shared machine (other builds and test runs)
 * this keeps most timed runs clean, and the recorded share says which ones were not.
 */
export async function waitForIdleCpu(maxBusy: number, timeoutS: number): Promise<number | null> {
  const deadline = Date.now() + timeoutS * 1000;
  for (;;) {
    const busy = await cpuBusy();
    if (busy === null || busy <= maxBusy || Date.now() >= deadline) return busy;
    await sleep(1000);
  }
}

function readCpuTimes(): { busy: number; total: number } | null {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
    // cpu user nice system idle iowait irq softirq steal ...
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    const idle = fields[3] + (fields[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}
