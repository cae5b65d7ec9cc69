import { serverSecretKey, type SecretKey } from '../shared/secret-key.js';
import { hmacSha256, ShortHmac } from './short-hmac.js';

/** The kinds of record a reference can name; part of the keyed input, so a household and a person never share one. */
export type RefKind = 'household' | 'person';

/** Crockford's base32: digits and letters without I, L, O and U, so a reference read aloud is not misheard. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Per server key (a Buffer's identity): the HMAC under the key derived for references. */
const hmacs = new WeakMap<Buffer, ShortHmac>();

function hmacOf(secret: SecretKey): ShortHmac {
  let hmac = hmacs.get(secret.key);
  if (!hmac) {
    // A key of its own: a reference reveals nothing about the key that seals TOTP secrets.
    hmac = new ShortHmac(hmacSha256(secret.key, 'entas/record-ref/v1'));
    hmacs.set(secret.key, hmac);
  }
  return hmac;
}

/**
 * A short public reference for a record (e.g. "K7Q2M-XW9TA"): 50 bits of HMAC-SHA256 over its kind and id,
 * keyed by the instance's secret. Stable for the instance (same key, same reference), distinct between
 * records in practice (collisions ~ n²/2⁵¹), and derived from no identifier digits: people can name a
 * household on the phone without its NIK or No. KK, and masked lists can be told apart. Without the key a
 * reference can neither be computed for an id nor tied back to one (HMAC is a pseudorandom function).
 */
export function recordRef(kind: RefKind, id: number, secret: SecretKey = serverSecretKey()): string {
  let bits = hmacOf(secret).first50Bits(`${kind}:${id}`);
  // Ten base32 characters, the tag's first bits first.
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[bits % 32]! + out;
    bits = Math.floor(bits / 32);
    if (i === 4) out = '-' + out;
  }
  return out;
}

/** Whether text has the shape of a record reference (case-insensitive). */
export function isRecordRef(text: string): boolean {
  return /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/i.test(text);
}
