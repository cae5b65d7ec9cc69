import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { readConfig } from '../config.js';
import { UserError } from '../shared/errors.js';

/** The server's 256-bit key for secrets kept at rest (TOTP seeds). Never stored in the database. */
export interface SecretKey {
  readonly key: Buffer;
  /** Where it came from, for messages: "ENTAS_SECRET_KEY" or the key file's path. */
  readonly source: string;
}

export const SECRET_KEY_FILE = 'secret.key';

/** Accepts 32 bytes as 64 hex digits or as base64/base64url (44/43 characters). */
export function parseSecretKey(text: string, source: string): SecretKey {
  const value = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32) {
    throw new UserError(
      `${source}: expected a 256-bit key (64 hex digits or 44 base64 characters), got ${key.length} bytes`,
      'invalid_secret_key',
    );
  }
  return { key, source };
}

/**
 * ENTAS_SECRET_KEY when set (required when several servers share one PostgreSQL database), else
 * `<ENTAS_DATA_DIR>/secret.key`, created on first use with 0600 permissions. Losing the key makes encrypted
 * TOTP secrets unreadable: administrators then need a new user (or a new secret).
 */
export function loadSecretKey(config: { dataDir: string }, env: NodeJS.ProcessEnv = process.env): SecretKey {
  const fromEnv = env.ENTAS_SECRET_KEY?.trim();
  if (fromEnv) return parseSecretKey(fromEnv, 'ENTAS_SECRET_KEY');
  const file = path.join(config.dataDir, SECRET_KEY_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    try {
      // 'wx': never overwrite a key another process created a moment ago.
      fs.writeFileSync(file, crypto.randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const mode = fs.statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new UserError(
      `${file}: permissions ${mode.toString(8)} let other users read the key; run chmod 600 ${file}`,
      'insecure_secret_key',
    );
  }
  return parseSecretKey(fs.readFileSync(file, 'utf8'), file);
}

let cached:
  { env: string | undefined; dataDirEnv: string | undefined; cwd: string; key: SecretKey } | undefined;

/**
 * The key for this process's configuration (read once; re-read when the environment changes, as in tests).
 * Called for every record reference a response shows, so the check compares the raw settings it depends on.
 */
export function serverSecretKey(): SecretKey {
  const env = process.env.ENTAS_SECRET_KEY;
  const dataDirEnv = process.env.ENTAS_DATA_DIR;
  const cwd = process.cwd();
  if (!cached || cached.env !== env || cached.dataDirEnv !== dataDirEnv || cached.cwd !== cwd) {
    cached = { env, dataDirEnv, cwd, key: loadSecretKey(readConfig()) };
  }
  return cached.key;
}
