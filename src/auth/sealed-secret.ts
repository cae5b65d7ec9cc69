import crypto from 'node:crypto';
import type { SecretKey } from '../shared/secret-key.js';

/**
 * Secrets at rest: AES-256-GCM with a random 96-bit nonce, stored as `v1:<base64url(nonce | ciphertext | tag)>`.
 * The context (e.g. "totp:<username>") is authenticated data, so a sealed value copied to another user's row
 * does not open there.
 */
const PREFIX = 'v1:';

export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

export function seal(key: SecretKey, plain: string, context: string): string {
  const nonce = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key.key, nonce);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url');
}

export function open(key: SecretKey, stored: string, context: string): string {
  if (!isSealed(stored)) throw new Error(`${context}: secret is not sealed`);
  const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
  if (raw.length < 12 + 16) throw new Error(`${context}: sealed secret is truncated`);
  const decipher = crypto.createDecipheriv('aes-256-gcm', key.key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  try {
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new Error(
      `${context}: the sealed secret does not open with the key from ${key.source} (wrong key, or the value was altered)`,
    );
  }
}
