import type { FormatEntry } from '../format-entry.js';
import { featherSchemas } from './feather-options.js';
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
};
