import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { buildApp } from './app.js';
import { tokenFor } from './test-fixtures.js';

describe.each(testEngines())('the dashboard beside the API on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  let app: FastifyInstance;
  const webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-web-'));

  beforeAll(async () => {
    app = await buildApp({ database: ctx.database, webRoot, apiRateLimit: false });
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(webRoot, { recursive: true, force: true });
  });

  it('says how to build the bundle while web/dist is missing', async () => {
    const res = await app.inject({ url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run web:build');
  });

  it('serves index.html for the browser routes, hashed assets for a year, and JSON 404s under /api', async () => {
    fs.mkdirSync(path.join(webRoot, 'assets'), { recursive: true });
    fs.writeFileSync(
      path.join(webRoot, 'index.html'),
      '<!doctype html><html lang="id"><div id="root"></div></html>',
    );
    fs.writeFileSync(path.join(webRoot, 'assets', 'index-abc123.js'), 'console.log(1);');
    for (const url of ['/', '/regions/53.01', '/households/7?x=1']) {
      const page = await app.inject({ url });
      expect(page.statusCode, url).toBe(200);
      expect(page.body).toContain('lang="id"');
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    }
    const asset = await app.inject({ url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toMatch(/immutable/);
    expect((await app.inject({ url: '/assets/missing.js' })).statusCode).toBe(404);
    for (const url of ['/assets/../../package.json', '/assets/..%2f..%2fpackage.json']) {
      expect((await app.inject({ url })).body, url).not.toContain('"dependencies"');
    }
    expect((await app.inject({ url: '/api/v1/nope' })).json()).toMatchObject({
      error: { code: 'not_found' },
    });
  });

  it('refuses a cookie-signed mutation without X-Requested-With (CSRF); bearer tokens need no header', async () => {
    const { token } = await tokenFor(ctx.database, 'web-csrf-a', 'bptaskin_analyst', {});
    const viaCookie = (headers: Record<string, string> = {}) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/logout', cookies: { entas_session: token }, headers });
    const refused = await viaCookie();
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'csrf' } });
    // Reads by cookie need no header; the refused request changed nothing.
    expect((await app.inject({ url: '/api/v1/auth/me', cookies: { entas_session: token } })).statusCode).toBe(
      200,
    );
    expect((await viaCookie({ 'x-requested-with': 'entas-web' })).statusCode).toBe(204);
    const { token: other } = await tokenFor(ctx.database, 'web-csrf-b', 'bptaskin_analyst', {});
    const byBearer = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { authorization: `Bearer ${other}` },
    });
    expect(byBearer.statusCode).toBe(204);
  });
});
