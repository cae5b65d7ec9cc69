import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseSecretKey } from '../shared/secret-key.js';
import { isRecordRef, recordRef } from './record-ref.js';

const key = parseSecretKey('11'.repeat(32), 'test');
const other = parseSecretKey('22'.repeat(32), 'test');

describe('record references', () => {
  it('are short, readable and stable for one key', () => {
    const ref = recordRef('household', 42, key);
    expect(isRecordRef(ref)).toBe(true);
    expect(ref).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(recordRef('household', 42, parseSecretKey('11'.repeat(32), 'again'))).toBe(ref);
  });

  it('are the first 50 bits of HMAC-SHA256 under the derived key, in Crockford base32', () => {
    const subkey = crypto.createHmac('sha256', key.key).update('entas/record-ref/v1').digest();
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    const expected = (message: string) => {
      const digest = crypto.createHmac('sha256', subkey).update(message).digest();
      const bits = [...digest.subarray(0, 7)].map((b) => b.toString(2).padStart(8, '0')).join('');
      const chars = Array.from({ length: 10 }, (_, i) => alphabet[parseInt(bits.slice(i * 5, i * 5 + 5), 2)]);
      return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
    };
    expect(recordRef('person', 7, key)).toBe(expected('person:7'));
    // The same references as before the JavaScript HMAC (short-hmac.ts): ids small, large and at the type's edge.
    for (const id of [1, 9, 10, 99_999, 347_000, 2_147_483_647, Number.MAX_SAFE_INTEGER]) {
      expect(recordRef('household', id, key)).toBe(expected(`household:${id}`));
      expect(recordRef('person', id, other)).not.toBe(expected(`person:${id}`));
    }
  });

  it('differ between records, kinds and instances', () => {
    const refs = new Set(Array.from({ length: 20_000 }, (_, i) => recordRef('household', i + 1, key)));
    expect(refs.size).toBe(20_000);
    expect(recordRef('person', 1, key)).not.toBe(recordRef('household', 1, key));
    expect(recordRef('household', 1, other)).not.toBe(recordRef('household', 1, key));
  });
});
