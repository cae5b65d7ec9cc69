/**
 * How long a verified bearer token is trusted without asking the database again. A revocation, logout or
 * disabled user in this process takes effect at once (`forgetVerifiedTokens` after the change commits); one made
 * by another process (`entas users disable`, `entas token revoke` on the CLI, a second server) within this bound.
 */
export const TOKEN_CACHE_TTL_MS = 5_000;
/** Beyond this many live entries the oldest are dropped (one entry per token in use, so rarely reached). */
const MAX_ENTRIES = 10_000;

interface Entry<T> {
  value: T;
  /** Epoch ms after which the entry is not used: TTL, or the token's own expiry when sooner. */
  until: number;
  generation: number;
}

/** Bumped by every revocation in this process: entries read before it are never used after it. */
let generation = 0;

/**
 * A short-lived cache of verified tokens, keyed by token hash (never the secret). `verify` reads the database;
 * `expires_at` of its result bounds the entry. The generation is taken before `verify` runs, so a verification
 * that raced a revocation is never cached past it. One cache per open database.
 */
export class VerifiedTokenCache<T extends { expires_at: Date | null }> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(
    hash: string,
    verify: () => Promise<T | undefined>,
  ): Promise<{ value: T; cached: boolean } | undefined> {
    const hit = this.entries.get(hash);
    if (hit && hit.generation === generation && hit.until > this.now())
      return { value: hit.value, cached: true };
    if (hit) this.entries.delete(hash);
    const seen = generation;
    const value = await verify();
    if (!value) return undefined;
    if (seen === generation) {
      const expiry = value.expires_at?.getTime() ?? Number.POSITIVE_INFINITY;
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(hash, { value, until: Math.min(this.now() + TOKEN_CACHE_TTL_MS, expiry), generation });
    }
    return { value, cached: false };
  }
}

/** Call after a change that ends tokens (logout, revoke, disable) has committed: every entry is dropped. */
export function forgetVerifiedTokens(): void {
  generation += 1;
}
