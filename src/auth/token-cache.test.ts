import { describe, expect, it } from 'vitest';
import { forgetVerifiedTokens, TOKEN_CACHE_TTL_MS, VerifiedTokenCache } from './token-cache.js';

interface Row {
  user: string;
  expires_at: Date | null;
}

/** A cache on a hand-driven clock, and a verifier that counts its database look-ups. */
function setup(known = true) {
  const row: Row | undefined = known ? { user: 'officer', expires_at: null } : undefined;
  let now = 1_000_000;
  const cache = new VerifiedTokenCache<Row>(() => now);
  const verifier = {
    calls: 0,
    row,
    verify: () => {
      verifier.calls += 1;
      return Promise.resolve(verifier.row);
    },
  };
  return { cache, verifier, advance: (ms: number) => (now += ms), now: () => now };
}

describe('verified token cache', () => {
  it('asks the database once within the TTL and again after it', async () => {
    const { cache, verifier, advance } = setup();
    expect(await cache.get('h1', verifier.verify)).toEqual({ value: verifier.row, cached: false });
    advance(TOKEN_CACHE_TTL_MS - 1);
    expect(await cache.get('h1', verifier.verify)).toEqual({ value: verifier.row, cached: true });
    expect(verifier.calls).toBe(1);
    // A revocation made by another process (not seen here) is honoured once the TTL has run out.
    verifier.row = undefined;
    advance(1);
    expect(await cache.get('h1', verifier.verify)).toBeUndefined();
    expect(verifier.calls).toBe(2);
  });

  it('never serves a token past its own expiry', async () => {
    const { cache, verifier, advance, now } = setup();
    verifier.row = { user: 'officer', expires_at: new Date(now() + 1_000) };
    await cache.get('h1', verifier.verify);
    advance(999);
    expect((await cache.get('h1', verifier.verify))?.cached).toBe(true);
    advance(1);
    expect((await cache.get('h1', verifier.verify))?.cached).toBe(false);
    expect(verifier.calls).toBe(2);
  });

  it('does not remember unknown tokens (a token issued a moment later works at once)', async () => {
    const { cache, verifier } = setup(false);
    expect(await cache.get('h1', verifier.verify)).toBeUndefined();
    verifier.row = { user: 'officer', expires_at: null };
    expect((await cache.get('h1', verifier.verify))?.cached).toBe(false);
  });

  it('drops every entry when a revocation in this process commits', async () => {
    const { cache, verifier } = setup();
    await cache.get('h1', verifier.verify);
    forgetVerifiedTokens();
    verifier.row = undefined;
    expect(await cache.get('h1', verifier.verify)).toBeUndefined();
    expect(verifier.calls).toBe(2);
  });

  it('does not cache a verification that raced a revocation', async () => {
    const { cache, verifier } = setup();
    // The look-up read the row while the revoking transaction was committing.
    const racing = async () => {
      const row = await verifier.verify();
      forgetVerifiedTokens();
      return row;
    };
    expect((await cache.get('h1', racing))?.cached).toBe(false);
    verifier.row = undefined;
    expect(await cache.get('h1', verifier.verify)).toBeUndefined();
  });
});
