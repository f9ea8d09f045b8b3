#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist by the workspace's `prepare` step (run by install).
import { main } from '../dist/bundle/main.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
