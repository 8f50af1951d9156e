#!/usr/bin/env node
// The built CLI lives in dist/ (npm install runs the build through `prepare`).
import { main } from '../dist/cli/main.js';

// `accord … | head` closes the pipe early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

process.exitCode = await main(process.argv.slice(2));
