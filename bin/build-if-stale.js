#!/usr/bin/env node
// `npm start` compiles once: `npm install` already built dist/ (the `prepare` script), so start only rebuilds
// when a source file is newer than the last build (e.g. after `git pull` without `npm install`), never runs a
// stale dist/, and skips the compiler's start-up cost (seconds) on every other start.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const buildInfo = path.join(root, 'dist', '.tsbuildinfo');

/** Newest modification time of the TypeScript sources and the compiler settings. */
function newestSource() {
  let newest = Math.max(
    ...['tsconfig.json', 'package.json'].map((f) => fs.statSync(path.join(root, f)).mtimeMs),
  );
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  for (const dir of ['src', 'bench']) if (fs.existsSync(path.join(root, dir))) walk(path.join(root, dir));
  return newest;
}

const built = fs.existsSync(buildInfo) ? fs.statSync(buildInfo).mtimeMs : 0;
const sources = newestSource();
if (sources > built) {
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    console.error(
      'entas: dist/ is older than the sources but TypeScript is not installed: run `npm install`',
    );
    process.exit(built > 0 ? 0 : 1);
  }
  console.error('entas: sources changed since the last build; compiling (tsc)…');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  // An incremental build that found nothing to emit leaves the file as it was: mark this check as done.
  // Seconds, rounded up past the newest source: a Date would truncate a fractional mtimeMs and leave the
  // build a fraction of a millisecond older than the source it was built from.
  const done = (Math.ceil(Math.max(Date.now(), sources)) + 1) / 1000;
  fs.utimesSync(buildInfo, done, done);
}
