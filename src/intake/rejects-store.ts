import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Rejects files quote rejected cells verbatim (full NIK/No. KK), so they are personal data: they live in the
 * instance's own folder (its data directory), readable by the owner only, under a name with a random part so
 * two instances sharing a folder (or a batch id) can never overwrite or serve each other's file.
 */
export function rejectsFilePath(dir: string | undefined, batchId: number, profile: string): string {
  const folder = dir ?? processRejectsDir();
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  fs.chmodSync(folder, 0o700); // also a folder an older version created world-readable
  const random = crypto.randomBytes(8).toString('hex');
  return path.join(folder, `batch-${batchId}-${profile}-${random}-rejects.csv`);
}

let processDir: string | undefined;

/** Without a data directory (tests, library use): a private folder of this process (mkdtemp gives 0700). */
function processRejectsDir(): string {
  processDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'entas-rejects-'));
  return processDir;
}

/** Copies a file into place readable by the owner only (folders it has to create are 0700). */
export function copyPrivately(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true, mode: 0o700 });
  fs.copyFileSync(from, to);
  fs.chmodSync(to, 0o600);
}
