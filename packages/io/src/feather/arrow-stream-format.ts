import type { FormatEntry } from '../format-entry.js';
import { ARROW_STREAM_EXTENSIONS, type FeatherReadOptions, type FeatherWriteOptions, featherSchemas } from './feather-options.js';
import { ARROW_STREAM_SIGNATURE } from './ipc-signatures.js';

/** The Arrow IPC stream format (`.arrows`, as Arrow's media types name it): read and written by the Feather code. */
export const arrowStreamFormat: FormatEntry<'arrow-stream'> = {
  name: 'arrow-stream',
  label: 'Arrow IPC stream',
  extensions: ARROW_STREAM_EXTENSIONS,
  signatures: [ARROW_STREAM_SIGNATURE],
  stdio: false,
  schemas: featherSchemas,
  async scan(path, options) {
    const { scanFeather } = await import('./read/scan-feather.js');
    return scanFeather(path, options as FeatherReadOptions);
  },
  async write(chunks, path, options) {
    const { writeFeather } = await import('./write/write-feather.js');
    await writeFeather(chunks, path, { ...(options as FeatherWriteOptions), stream: true });
  },
};
