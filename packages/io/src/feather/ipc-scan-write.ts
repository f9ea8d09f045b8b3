import type { FormatEntry } from '../format-entry.js';
import type { FeatherReadOptions, FeatherWriteOptions } from './feather-options.js';

/**
 * `scan` and `write` of the two Arrow IPC entries (the file format, `.feather`, and the stream format, `.arrows`):
 * one reader reads both, one writer writes either; only `stream` differs. The modules load on first use.
 */
export function ipcScanWrite(stream: boolean): Pick<FormatEntry, 'scan' | 'write'> {
  return {
    async scan(path, options) {
      const { scanFeather } = await import('./read/scan-feather.js');
      return scanFeather(path, options as FeatherReadOptions);
    },
    async write(chunks, path, options) {
      const { writeFeather } = await import('./write/write-feather.js');
      await writeFeather(chunks, path, { ...(options as FeatherWriteOptions), stream });
    },
  };
}
