import crypto from 'node:crypto';
import { serverSecretKey, type SecretKey } from '../shared/secret-key.js';

/** The kinds of record a reference can name; part of the keyed input, so a household and a person never share one. */
export type RefKind = 'household' | 'person';

/** Crockford's base32: digits and letters without I, L, O and U, so a reference read aloud is not misheard. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const subkeys = new WeakMap<Buffer, Buffer>();

function subkeyOf(secret: SecretKey): Buffer {
  let subkey = subkeys.get(secret.key);
  if (!subkey) {
    // A key of its own: a reference reveals nothing about the key that seals TOTP secrets.
    subkey = crypto.createHmac('sha256', secret.key).update('entas/record-ref/v1').digest();
    subkeys.set(secret.key, subkey);
  }
  return subkey;
}

/**
 * A short public reference for a record (e.g. "K7Q2M-XW9TA"): 50 bits of HMAC-SHA256 over its kind and id,
 * keyed by the instance's secret. Stable for the instance (same key, same reference), distinct between
 * records in practice (collisions ~ n²/2⁵¹), and derived from no identifier digits: people can name a
 * household on the phone without its NIK or No. KK, and masked lists can be told apart.
 */
export function recordRef(kind: RefKind, id: number, secret: SecretKey = serverSecretKey()): string {
  const digest = crypto.createHmac('sha256', subkeyOf(secret)).update(`${kind}:${id}`).digest();
  let out = '';
  for (let i = 0; i < 10; i++) {
    // Bits 5i … 5i+4 of the digest.
    const bit = i * 5;
    const byte = bit >> 3;
    const pair = (digest[byte]! << 8) | digest[byte + 1]!;
    out += ALPHABET[(pair >> (11 - (bit & 7))) & 31];
    if (i === 4) out += '-';
  }
  return out;
}

/** Whether text has the shape of a record reference (case-insensitive). */
export function isRecordRef(text: string): boolean {
  return /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/i.test(text);
}
