#!/usr/bin/env node
// Runs the compiled CLI (built by `npm install` / `npm run build`).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// File linkage (`link --left …`, `dedupe`) prepares millions of short-lived values; with V8's default young
// generation it spends seconds in scavenges. The semi-space size is fixed when the process starts (setting the
// flag later has no effect), so those commands run this script once more with larger semi-spaces.
const SEMI_SPACE = '--max-semi-space-size=64';
const [command, ...rest] = process.argv.slice(2);
const fileLinkage = (command === 'link' && rest.includes('--left')) || command === 'dedupe';
const configured = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) =>
  a.includes('--max-semi-space-size'),
);

if (fileLinkage && !configured) {
  const child = spawn(
    process.execPath,
    [SEMI_SPACE, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (!signal) process.exit(code ?? 1);
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  });
} else {
  await import('../dist/src/cli/main.js');
}
