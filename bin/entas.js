#!/usr/bin/env node
// Runs the compiled CLI (built by `npm install` / `npm run build`).
await import('../dist/src/cli/main.js');
