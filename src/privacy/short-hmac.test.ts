import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ShortHmac } from './short-hmac.js';

/** The first 50 bits of Node's HMAC-SHA256, as ShortHmac returns them. */
function reference(key: Buffer, message: string): number {
  const tag = crypto.createHmac('sha256', key).update(message).digest();
  return tag.readUInt32BE(0) * 2 ** 18 + (tag.readUInt32BE(4) >>> 14);
}

describe('ShortHmac', () => {
  it('gives the first 50 bits of HMAC-SHA256 for every message length from 0 to 55', () => {
    for (let round = 0; round < 20; round++) {
      const key = crypto.randomBytes(32);
      const hmac = new ShortHmac(key);
      for (let length = 0; length <= 55; length++) {
        const message = crypto.randomBytes(length).toString('base64').slice(0, length);
        expect(hmac.first50Bits(message), `key ${key.toString('hex')}, "${message}"`).toBe(
          reference(key, message),
        );
      }
    }
  });

  it('matches the published RFC 4231 test case 2', () => {
    // Key "Jefe": HMAC pads a short key with zeros to the block size, so it is "Jefe" followed by 28 zero bytes.
    // Published tag 5bdcc146bf60754e7a04…; its first 50 bits are the first 13 hex digits less their last 2 bits.
    const key = Buffer.alloc(32);
    key.write('Jefe');
    expect(new ShortHmac(key).first50Bits('what do ya want for nothing?')).toBe(
      Math.floor(parseInt('5bdcc146bf607', 16) / 4),
    );
  });

  it('refuses what it cannot hash in one block', () => {
    const hmac = new ShortHmac(crypto.randomBytes(32));
    expect(() => hmac.first50Bits('x'.repeat(56))).toThrow(/at most 55/);
    expect(() => hmac.first50Bits('é')).toThrow(/ASCII/);
    expect(() => new ShortHmac(Buffer.alloc(16))).toThrow(/256-bit/);
  });
});
