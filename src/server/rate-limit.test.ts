import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { apiRateLimitFromEnv, buildApp, DEFAULT_API_RATE_LIMIT } from './app.js';
import { tokenFor } from './test-fixtures.js';

describe('ENTAS_RATE_LIMIT', () => {
  it('is requests a minute per user, 0 turns it off, anything else is refused', () => {
    expect(apiRateLimitFromEnv({})).toEqual({ max: DEFAULT_API_RATE_LIMIT, timeWindow: '1 minute' });
    expect(apiRateLimitFromEnv({ ENTAS_RATE_LIMIT: '50000' })).toEqual({
      max: 50000,
      timeWindow: '1 minute',
    });
    expect(apiRateLimitFromEnv({ ENTAS_RATE_LIMIT: '0' })).toBe(false);
    expect(() => apiRateLimitFromEnv({ ENTAS_RATE_LIMIT: 'lots' })).toThrow(/ENTAS_RATE_LIMIT="lots"/);
  });
});

describe.each(testEngines())('API rate limit per user on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  let app: FastifyInstance;
  let first: string;
  let second: string;

  beforeAll(async () => {
    app = await buildApp({ database: ctx.database, apiRateLimit: { max: 3, timeWindow: '1 minute' } });
    first = (await tokenFor(ctx.database, 'satu', 'bptaskin_analyst', {})).token;
    second = (await tokenFor(ctx.database, 'dua', 'bptaskin_analyst', {})).token;
  });
  afterAll(async () => app?.close());

  const me = (token: string) =>
    app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });

  it('counts each signed-in user separately, answers 429 in the error format, and never limits /healthz', async () => {
    for (let i = 0; i < 3; i++) expect((await me(first)).statusCode).toBe(200);
    const limited = await me(first);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({
      error: { code: 'rate_limited', message_id: 'Terlalu banyak permintaan; coba lagi nanti.' },
    });
    expect(limited.headers['retry-after']).toBeDefined();
    // Same client address, another user: its own budget.
    expect((await me(second)).statusCode).toBe(200);
    for (let i = 0; i < 10; i++) expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });
});
