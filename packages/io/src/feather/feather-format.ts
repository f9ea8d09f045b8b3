import type { FormatEntry } from '../format-entry.js';
import { type FeatherReadOptions, type FeatherWriteOptions, featherSchemas } from './feather-options.js';
import { FEATHER_SIGNATURE, FEATHER_V1_SIGNATURE } from './ipc-signatures.js';

/** Feather v2, which is the Arrow IPC file format; Feather v1 files are recognised and refused. */
export const featherFormat: FormatEntry<'feather', 'feather' | 'feather-v1'> = {
  name: 'feather',
  label: 'Feather',
  extensions: ['.feather', '.arrow', '.ipc'],
  signatures: [FEATHER_SIGNATURE, FEATHER_V1_SIGNATURE],
  stdio: false,
  schemas: featherSchemas,
  async scan(path, options) {
    const { scanFeather } = await import('./read/scan-feather.js');
    return scanFeather(path, options as FeatherReadOptions);
  },
  async write(chunks, path, options) {
    const { writeFeather } = await import('./write/write-feather.js');
    await writeFeather(chunks, path, { ...(options as FeatherWriteOptions), stream: false });
  },
};
