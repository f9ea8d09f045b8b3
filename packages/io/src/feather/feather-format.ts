import type { FormatEntry } from '../format-entry.js';
import { type FeatherReadOptions, featherSchemas } from './feather-options.js';
import { ipcScanWrite } from './ipc-scan-write.js';
import { FEATHER_SIGNATURE, FEATHER_V1_SIGNATURE } from './ipc-signatures.js';

/** Feather v2, which is the Arrow IPC file format; Feather v1 files are recognised and refused. */
export const featherFormat: FormatEntry<'feather', 'feather' | 'feather-v1'> = {
  name: 'feather',
  label: 'Feather',
  extensions: ['.feather', '.arrow', '.ipc'],
  signatures: [FEATHER_SIGNATURE, FEATHER_V1_SIGNATURE],
  stdio: false,
  schemas: featherSchemas,
  ...ipcScanWrite(false),
  // A whole file, as one split of a multi-file input on a worker thread (not shipped to a cluster).
  split: {
    async open([path, options]) {
      const { FeatherSource } = await import('./read/feather-source.js');
      return new FeatherSource(path as string, options as FeatherReadOptions);
    },
    shipped: false,
  },
};
