import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import {
  apiRateLimitFromEnv,
  buildApp,
  DEFAULT_API_RATE_LIMIT,
  DEFAULT_LOGIN_RATE_LIMIT,
  loginRateLimitFromEnv,
} from './app.js';
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

describe('ENTAS_LOGIN_RATE_LIMIT', () => {
  it('is sign-in attempts a minute per address, 10 unless set; zero or text is refused', () => {
    expect(loginRateLimitFromEnv({})).toEqual({ max: DEFAULT_LOGIN_RATE_LIMIT, timeWindow: '1 minute' });
    expect(DEFAULT_LOGIN_RATE_LIMIT).toBe(10);
    expect(loginRateLimitFromEnv({ ENTAS_LOGIN_RATE_LIMIT: '200' })).toEqual({
      max: 200,
      timeWindow: '1 minute',
    });
    expect(() => loginRateLimitFromEnv({ ENTAS_LOGIN_RATE_LIMIT: '0' })).toThrow(
      /ENTAS_LOGIN_RATE_LIMIT="0"/,
    );
    expect(() => loginRateLimitFromEnv({ ENTAS_LOGIN_RATE_LIMIT: 'many' })).toThrow(/whole number/);
  });
});

describe.each(testEngines())('sign-in rate limit from the environment on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  let app: FastifyInstance;
  const saved = process.env.ENTAS_LOGIN_RATE_LIMIT;

  beforeAll(async () => {
    process.env.ENTAS_LOGIN_RATE_LIMIT = '2';
    app = await buildApp({ database: ctx.database, apiRateLimit: false });
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.ENTAS_LOGIN_RATE_LIMIT;
    else process.env.ENTAS_LOGIN_RATE_LIMIT = saved;
    await app?.close();
  });

  it('answers 429 once the address has used its sign-in attempts', async () => {
    const login = () =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'nobody', password: 'not-the-password-1' },
      });
    for (let i = 0; i < 2; i++) expect((await login()).statusCode).toBe(401);
    expect((await login()).statusCode).toBe(429);
  });
});
