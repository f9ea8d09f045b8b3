#!/usr/bin/env node
// The command ships with the library: `npm install df-stream` gives `npx df-stream`.
import { main } from '@df-stream/cli';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
