import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalizePersonName } from '../identity/name.js';
import { testEngines } from '../testing/test-database.js';
import { useTestApp } from './test-app.js';
import type { Fixture } from './test-fixtures.js';
import { provinceCode } from '../regions/region-code.js';

const HOSTILE = [
  "Robert'); DROP TABLE persons; --",
  '<script>alert("x")</script> Siti',
  '=HYPERLINK("http://evil.example","klik")',
  '+62 Budi @SUM(1+1)',
  'Ahmad \\N tab\there',
  '100% _Dewi_',
];

describe.each(testEngines())('hardening on %s', (kind) => {
  const ctx = useTestApp(kind, { app: { corsOrigins: ['https://dashboard.entas.example'] } });
  let app: FastifyInstance;
  let fx: Fixture;
  let token: string;
  const ids: number[] = [];

  beforeAll(async () => {
    fx = ctx.fx;
    app = ctx.app;
    token = await ctx.token('pendamping', { regions: [fx.alfa.regency] }, 'pendamping-a');
    for (const name of HOSTILE) {
      const row = await ctx.database.db
        .insertInto('persons')
        .values({
          province_code: provinceCode(fx.alfa.village),
          household_id: fx.alfa.householdId,
          name,
          name_normalized: normalizePersonName(name) || '-',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(row.id);
    }
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ url, headers: { authorization: `Bearer ${token}`, ...headers } });

  it('hostile names come back byte for byte as JSON data, never as markup', async () => {
    for (const [i, name] of HOSTILE.entries()) {
      const res = await get(`/api/v1/persons/${ids[i]}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.json<{ name: string }>().name).toBe(name);
      expect(res.body).not.toContain('<script>');
    }
    const detail = await get(`/api/v1/households/${fx.alfa.householdId}`);
    expect(detail.json<{ members: { name: string }[] }>().members.map((m) => m.name)).toEqual(
      expect.arrayContaining(HOSTILE),
    );
  });

  it('search parameters are data: SQL and LIKE wildcards match literally', async () => {
    const sqlish = await get(`/api/v1/persons?name=${encodeURIComponent("x' OR '1'='1")}`);
    expect(sqlish.statusCode).toBe(200);
    expect(sqlish.json()).toEqual({ items: [], next_cursor: null });
    const percent = await get(`/api/v1/persons?name=${encodeURIComponent('%')}`);
    expect(percent.json()).toMatchObject({ error: { code: 'invalid_input' } }); // minLength 2
    const wildcard = await get(`/api/v1/persons?name=${encodeURIComponent('%%')}`);
    expect([200, 400]).toContain(wildcard.statusCode);
    if (wildcard.statusCode === 200) {
      expect(wildcard.json<{ items: unknown[] }>().items.length).toBeLessThan(HOSTILE.length + 1);
    }
    const count = await ctx.database.db
      .selectFrom('persons')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2 + HOSTILE.length);
    const hostileRegion = await get(`/api/v1/households?region=${encodeURIComponent("53' OR 1=1 --")}`);
    expect(hostileRegion.statusCode).toBe(400);
  });

  it('sends security headers, answers CORS only for allowed origins, and limits body size', async () => {
    const res = await app.inject({ url: '/healthz' });
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    const allowed = await app.inject({
      method: 'OPTIONS',
      url: '/api/v1/households',
      headers: { origin: 'https://dashboard.entas.example', 'access-control-request-method': 'GET' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://dashboard.entas.example');
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    const denied = await app.inject({
      method: 'OPTIONS',
      url: '/api/v1/households',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(denied.headers['access-control-allow-origin']).toBeUndefined();
    const big = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'x', password: 'y'.repeat(2 * 1024 * 1024) },
    });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('publishes an OpenAPI 3.1 document covering every data route, with the error schema', async () => {
    const doc = (await app.inject({ url: '/api/openapi.json' })).json<{
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    }>();
    expect(doc.openapi).toBe('3.1.0');
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      ),
    );
    const dataRoutes = app.routeList.filter((r) => r.url.startsWith('/api/v1/'));
    expect(dataRoutes.length).toBeGreaterThan(20);
    for (const r of dataRoutes) expect(documented, `${r.method} ${r.url}`).toContain(`${r.method} ${r.url}`);
    expect(doc.paths['/api/v1/households']!.get!.responses['404']).toBeDefined();
    expect((await app.inject({ url: '/api/docs' })).statusCode).toBe(200);
  });

  it('unknown routes and malformed ids use the same error format', async () => {
    expect((await get('/api/v1/nope')).json()).toMatchObject({
      error: { code: 'not_found', message_id: 'Data tidak ditemukan.' },
    });
    expect((await get('/api/v1/households/abc')).json()).toMatchObject({ error: { code: 'invalid_input' } });
    expect((await get('/api/v1/households?cursor=bm9wZQ')).json()).toMatchObject({
      error: { code: 'invalid_cursor' },
    });
  });
});
