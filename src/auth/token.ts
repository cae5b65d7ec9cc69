import crypto from 'node:crypto';

/** Bearer secrets: 32 random bytes, prefixed so leaked tokens are easy to spot in logs and scanners. */
export function newTokenSecret(kind: 'session' | 'api'): string {
  return `${kind === 'api' ? 'entas_api_' : 'entas_s_'}${crypto.randomBytes(32).toString('base64url')}`;
}

/** Only this hash is stored. The secrets are high-entropy, so a fast hash is enough (no offline guessing). */
export function tokenHash(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex');
}
