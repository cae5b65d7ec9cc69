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

  it('every response field is described: no "any object" except the open maps listed here', async () => {
    const doc = (await app.inject({ url: '/api/openapi.json' })).json<{
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>
      >;
    }>();
    const found: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const [status, response] of Object.entries(op.responses ?? {})) {
          for (const media of Object.values(response.content ?? {})) {
            for (const at of openObjects(media.schema, ''))
              found.push(`${method.toUpperCase()} ${path} ${status}${at}`);
          }
        }
      }
    }
    expect(found.sort()).toEqual([...OPEN_MAPS].sort());
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

/**
 * Objects in the OpenAPI document whose fields are open on purpose: envelopes defined by other standards and
 * maps whose keys are data (a household's socio-economic answers, an audit entry's details, a rule's inputs, a
 * job's parameters per kind). Anything else must name its fields, so the generated web client is typed.
 */
const OPEN_MAPS = [
  'POST /api/v1/dci/registry/sync/search 200/', // the DCI envelope (its own standard; validated in src/dci)
  'GET /api/v1/households/{id} 200/properties/socio', // DTSEN socio-economic answers, keyed by question
  'GET /api/v1/audit 200/properties/items/items/properties/details', // differs per audited action
  'GET /api/v1/households/{id}/decisions 200/properties/items/items/properties/inputs', // the rule's inputs
  ...['GET /api/v1/jobs 200/properties/items/items', 'GET /api/v1/jobs/{id} 200/properties/job']
    .concat(
      ['POST /api/v1/jobs 201', 'POST /api/v1/jobs/{id}/cancel 200', 'POST /api/v1/jobs/{id}/retry 200'].map(
        (r) => `${r}/properties/job`,
      ),
    )
    .map((at) => `${at}/properties/params`), // parameters per job kind (validated by the kind's own schema)
];

type SchemaNode = Record<string, unknown>;

/** JSON pointers (within one response schema) of objects that describe no field and of values of any type. */
function openObjects(schema: unknown, at: string): string[] {
  if (schema === null || typeof schema !== 'object') return [];
  if (Array.isArray(schema)) return schema.flatMap((s, i) => openObjects(s, `${at}/${i}`));
  const node = schema as SchemaNode;
  const found: string[] = [];
  const isObject =
    node.type === 'object' ||
    (node.type === undefined && ('properties' in node || 'patternProperties' in node));
  if (isObject && !node.properties) {
    const patterns = Object.values((node.patternProperties ?? {}) as Record<string, unknown>);
    const additional = node.additionalProperties;
    const valuesTyped =
      (patterns.length > 0 && patterns.every(isDescribed)) ||
      (additional !== undefined && additional !== true && isDescribed(additional));
    if (!valuesTyped) found.push(at || '/');
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' || key === 'patternProperties') {
      for (const [name, child] of Object.entries(value as Record<string, unknown>)) {
        found.push(...openObjects(child, `${at}/${key}/${name}`));
      }
    } else if (['items', 'additionalProperties', 'anyOf', 'oneOf', 'allOf', 'not'].includes(key)) {
      found.push(...openObjects(value, `${at}/${key}`));
    }
  }
  return found;
}

/** A value schema that says something (a type, a reference or a combination), not `{}`. */
function isDescribed(schema: unknown): boolean {
  if (schema === null || typeof schema !== 'object') return false;
  const node = schema as SchemaNode;
  return ['type', '$ref', 'anyOf', 'oneOf', 'allOf', 'enum', 'const'].some((k) => k in node);
}
