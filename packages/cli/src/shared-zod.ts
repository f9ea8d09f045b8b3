/**
 * Imported first by `main.ts`: hands io the zod this package loads (`useZod`) before any module builds an option
 * schema, so that the CLI's schemas and io's are one zod instance. The CLI's bundle (scripts/bundle-packages.mjs)
 * carries zod inside it, one module where zod's own files are ~95.
 */
import { useZod } from '@df-stream/io/internal';
import { z } from 'zod';

useZod(z);
