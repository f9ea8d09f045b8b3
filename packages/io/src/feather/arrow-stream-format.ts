import type { FormatEntry } from '../format-entry.js';
import { ARROW_STREAM_EXTENSIONS, featherSchemas } from './feather-options.js';
import { ipcScanWrite } from './ipc-scan-write.js';
import { ARROW_STREAM_SIGNATURE } from './ipc-signatures.js';

/** The Arrow IPC stream format (`.arrows`, as Arrow's media types name it): read and written by the Feather code. */
export const arrowStreamFormat: FormatEntry<'arrow-stream'> = {
  name: 'arrow-stream',
  label: 'Arrow IPC stream',
  extensions: ARROW_STREAM_EXTENSIONS,
  signatures: [ARROW_STREAM_SIGNATURE],
  stdio: false,
  schemas: featherSchemas,
  ...ipcScanWrite(true),
};
