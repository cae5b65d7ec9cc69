import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dtsenRow, kk, nik, TODAY, toCsv } from '../intake/testing/builders.js';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { buildApp } from './app.js';
import { buildFixture, tokenFor, type Fixture } from './test-fixtures.js';

/** A multipart body with text fields (sent first, in order) and one file part. */
function multipart(
  fileName: string,
  content: string,
  fields: Record<string, string> = {},
  fileField = 'file',
): { payload: string; headers: Record<string, string> } {
  const boundary = '----entas-edges-boundary';
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  const payload =
    parts.join('') +
    `--${boundary}\r\nContent-Disposition: form-data; name="${fileField}"; filename="${fileName}"\r\n` +
    `Content-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`;
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const ndjson = (body: string) =>
  body
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** Many valid DTSEN rows, each its own household, to make a file of a given size. */
function bigDtsenCsv(rows: number): string {
  return toCsv(
    Array.from({ length: rows }, (_, i) =>
      dtsenRow({ NO_KK: kk(100 + i), NIK: nik('1980-08-01', 'L', 100 + i), NAMA: `Warga ${i}` }),
    ),
  );
}

describe.each(testEngines())('API edges on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  let app: FastifyInstance;
  let fx: Fixture;
  let dataDir: string;
  const log = new PassThrough();
  let logText = '';
  log.on('data', (chunk: Buffer) => (logText += chunk.toString('utf8')));
  let importer: string;
  let analyst: string;
  let admin: string;
  let adminId: number;

  beforeAll(async () => {
    fx = await buildFixture(ctx.database);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-edges-'));
    // 16 KiB upload limit: a few hundred rows go over it.
    app = await buildApp({
      database: ctx.database,
      dataDir,
      uploadLimitMb: 16 / 1024,
      logger: { stream: log },
      apiRateLimit: false,
    });
    importer = (await tokenFor(ctx.database, 'pusat', 'kemensos_officer', {})).token;
    analyst = (await tokenFor(ctx.database, 'analis', 'bptaskin_analyst', {})).token;
    const created = await tokenFor(ctx.database, 'admin-edges', 'admin', {});
    admin = created.token;
    adminId = created.userId;
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const batchCount = async () =>
    Number(
      (
        await ctx.database.db
          .selectFrom('source_batches')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const upload = (csv: string, fields: Record<string, string> = {}, fileName = `dtsen-${TODAY}.csv`) => {
    const { payload, headers } = multipart(fileName, csv, fields);
    return app.inject({
      method: 'POST',
      url: `/api/v1/imports?profile=dtsen&snapshot_date=${TODAY}`,
      payload,
      headers: { ...headers, ...auth(importer) },
    });
  };

  it('refuses an upload over the size limit as a whole with 413, writing nothing', async () => {
    const csv = bigDtsenCsv(400);
    expect(csv.length).toBeGreaterThan(2 * 16 * 1024);
    const before = await batchCount();
    const persons = await ctx.database.db.selectFrom('persons').select('id').execute();
    const res = await upload(csv);
    expect(res.statusCode).toBe(413);
    const body = res.json<{ error: { code: string; message: string; message_id: string } }>();
    expect(body.error.code).toBe('payload_too_large');
    expect(body.error.message).toContain('0.02 MiB');
    expect(body.error.message_id).toContain('batas unggah');
    expect(await batchCount()).toBe(before);
    expect(await ctx.database.db.selectFrom('persons').select('id').execute()).toHaveLength(persons.length);
  });

  it('answers header problems with 4xx before streaming, and takes a column mapping', async () => {
    const renamed = toCsv([dtsenRow({})]).replace('NAMA', 'Nama Lengkap Anggota');
    const before = await batchCount();
    const missing = await upload(renamed);
    expect(missing.statusCode).toBe(400);
    expect(missing.headers['content-type']).toMatch(/^application\/json/);
    const error = missing.json<{ error: { code: string; message: string; message_id: string } }>().error;
    expect(error.code).toBe('missing_columns');
    expect(error.message).toContain('multipart field "mapping"');
    expect(error.message_id).toContain('kolom wajib');
    const badMapping = await upload(renamed, { mapping: 'columns:\n  NOT_A_FIELD: x\n' });
    expect(badMapping.statusCode).toBe(400);
    expect(badMapping.json<{ error: { message: string } }>().error.message).toContain('NOT_A_FIELD');
    expect(await batchCount()).toBe(before);

    const mapped = await upload(renamed, {
      mapping: JSON.stringify({ columns: { NAMA: 'Nama Lengkap Anggota' } }),
    });
    expect(mapped.statusCode).toBe(200);
    expect(ndjson(mapped.body).at(-1)).toMatchObject({ type: 'result', status: 'imported', accepted: 1 });
  });

  it('masks identifiers in rejects files for roles without revealed identifiers, keeps them owner-only', async () => {
    const badNik = '3374011508800'; // 13 digits: rejected, and quoted in the reason
    const csv = toCsv([
      dtsenRow({ NO_KK: kk(900), NIK: nik('1980-08-01', 'L', 900), NAMA: 'Sah' }),
      dtsenRow({ NO_KK: kk(901), NIK: badNik, NAMA: 'Salah' }),
    ]);
    const res = await upload(csv, {}, `dtsen-rejects-${TODAY}.csv`);
    const result = ndjson(res.body).at(-1)!;
    expect(result).toMatchObject({ type: 'result', rejected: 1 });
    const batchId = result.batch_id as number;

    const row = await ctx.database.db
      .selectFrom('source_batches')
      .select('meta')
      .where('id', '=', batchId)
      .executeTakeFirstOrThrow();
    const file = String(row.meta.rejects_file);
    expect(path.dirname(file)).toBe(path.join(dataDir, 'rejects'));
    expect(path.basename(file)).toMatch(new RegExp(`^batch-${batchId}-dtsen-[0-9a-f]{16}-rejects\\.csv$`));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(fs.readFileSync(file, 'utf8')).toContain(badNik);

    const masked = await app.inject({
      url: `/api/v1/source-batches/${batchId}/rejects`,
      headers: auth(analyst),
    });
    expect(masked.statusCode).toBe(200);
    expect(masked.body).not.toContain(badNik);
    expect(masked.body).toContain('3374*****8800');
    expect(masked.body.startsWith('\uFEFFline,field,value,code,alasan,reason')).toBe(true);

    const noPurpose = await app.inject({
      url: `/api/v1/source-batches/${batchId}/rejects`,
      headers: auth(importer),
    });
    expect(noPurpose.body).not.toContain(badNik);
    const revealed = await app.inject({
      url: `/api/v1/source-batches/${batchId}/rejects`,
      headers: { ...auth(importer), 'x-purpose': 'perbaikan data impor' },
    });
    expect(revealed.body).toContain(badNik);

    const audits = await ctx.database.db
      .selectFrom('audit_log')
      .select(['actor', 'details', 'purpose'])
      .where('action', '=', 'export.rejects')
      .where('subject_id', '=', String(batchId))
      .orderBy('id')
      .execute();
    expect(
      audits.map((a) => [a.actor, (a.details as { identifiers_revealed: boolean }).identifiers_revealed]),
    ).toEqual([
      ['analis', false],
      ['pusat', false],
      ['pusat', true],
    ]);
  });

  it('refuses NUL characters in any text with 400', async () => {
    const cases = [
      app.inject({ url: '/api/v1/audit?actor=%00', headers: auth(admin) }),
      app.inject({ url: '/api/v1/persons?name=Siti%00', headers: auth(admin) }),
      app.inject({
        method: 'POST',
        url: '/api/v1/breaches',
        headers: auth(admin),
        payload: { description: 'bocor\u0000', detected_at: '2026-01-01T00:00:00Z' },
      }),
      app.inject({
        method: 'POST',
        url: `/api/v1/data-subject-requests`,
        headers: auth(admin),
        payload: { person_id: fx.alfa.personId, kind: 'access', note: '\u0000' },
      }),
    ];
    for (const res of await Promise.all(cases)) {
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json<{ error: { message: string } }>().error.message).toContain('NUL');
    }
  });

  it('accepts only canonical positive integer ids on every /:id route', async () => {
    const idRoutes = app.routeList.filter((r) => r.url.includes(':id'));
    expect(idRoutes.length).toBeGreaterThanOrEqual(16);
    const bad = ['1e309', '1e20', '1.0', '+1', '%201', '01', '0', '-1', '9007199254740992', 'abc'];
    for (const route of idRoutes) {
      for (const id of bad) {
        const res = await app.inject({
          method: route.method as 'GET',
          url: route.url.replace(':id', id),
          headers: auth(admin),
          ...(route.method === 'POST' ? { payload: {} } : {}),
        });
        expect(res.statusCode, `${route.method} ${route.url} id=${id}: ${res.body}`).toBe(400);
        expect(res.json<{ error: { message: string } }>().error.message).toContain('params.id');
      }
    }
    const users = await ctx.database.db.selectFrom('users').select(['id', 'disabled_at']).execute();
    expect(users.every((u) => u.disabled_at === null)).toBe(true);
    const ok = await app.inject({ url: `/api/v1/users/${adminId}`, headers: auth(admin) });
    expect(ok.statusCode).toBe(200);
    const bodyId = await app.inject({
      method: 'POST',
      url: '/api/v1/data-subject-requests',
      headers: auth(admin),
      payload: { person_id: 1e20, kind: 'access' },
    });
    expect(bodyId.statusCode).toBe(400);
  });

  it('names the field and its allowed values in validation errors, in both languages', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/imports?profile=foo',
      headers: auth(importer),
    });
    expect(res.statusCode).toBe(400);
    const error = res.json<{ error: { message: string; message_id: string } }>().error;
    expect(error.message).toBe(
      'querystring.profile: must be one of dtsen, bansos, cooperatives, members, officers',
    );
    expect(error.message_id).toBe(
      'querystring.profile: harus salah satu dari dtsen, bansos, cooperatives, members, officers',
    );
  });

  it('says why a NIK search is refused, and that a token is invalid rather than missing', async () => {
    const nikSearch = await app.inject({
      url: `/api/v1/persons?nik=${fx.alfa.nik}`,
      headers: { ...auth(analyst), 'x-purpose': 'verifikasi' },
    });
    expect(nikSearch.statusCode).toBe(403);
    expect(nikSearch.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect(nikSearch.json<{ error: { message: string } }>().error.message).toContain('pii:read');
    const noPurpose = await app.inject({
      url: `/api/v1/persons?nik=${fx.alfa.nik}`,
      headers: auth(importer),
    });
    expect(noPurpose.json()).toMatchObject({ error: { code: 'purpose_required' } });

    const invalid = await app.inject({ url: '/api/v1/households', headers: auth('not-a-real-token-123') });
    expect(invalid.statusCode).toBe(401);
    expect(invalid.json()).toMatchObject({ error: { code: 'invalid_token' } });
    const none = await app.inject({ url: '/api/v1/households' });
    expect(none.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('lists stored policies with their versions, and household detail carries its decisions', async () => {
    const empty = await app.inject({ url: '/api/v1/policies', headers: auth(analyst) });
    expect(empty.json()).toEqual({ items: [] });
    const text = fs.readFileSync(new URL('../../policies/default.yaml', import.meta.url), 'utf8');
    const applied = await app.inject({
      method: 'POST',
      url: '/api/v1/policies/apply',
      headers: auth(analyst),
      payload: { text, effective: '2026-07-01', region: fx.alfa.regency },
    });
    expect(applied.statusCode, applied.body).toBe(200);
    const list = await app.inject({ url: '/api/v1/policies', headers: auth(analyst) });
    const items = list.json<{ items: { policy_id: string; versions: { applications: number }[] }[] }>().items;
    expect(items).toHaveLength(1);
    expect(items[0]!.versions).toMatchObject([{ applications: 1 }]);
    const detail = await app.inject({
      url: `/api/v1/households/${fx.alfa.householdId}`,
      headers: auth(admin),
    });
    const decisions = detail.json<{ decisions: { policy_id: string; effective: string }[] }>().decisions;
    expect(decisions).toMatchObject([{ policy_id: items[0]!.policy_id, effective: '2026-07-01' }]);
  });

  // Last: it breaks a table on purpose.
  it('logs every 5xx as one JSON line with the request id it returns, without personal data', async () => {
    await sql`ALTER TABLE breaches RENAME TO breaches_gone`.execute(ctx.database.db);
    const res = await app.inject({ url: `/api/v1/breaches?nik=${fx.alfa.nik}`, headers: auth(admin) });
    expect(res.statusCode).toBe(500);
    const requestId = res.json<{ error: { request_id: string } }>().error.request_id;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const lines = logText
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.request_id === requestId);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, method: 'GET', route: '/api/v1/breaches' });
    expect(logText).not.toContain(fx.alfa.nik);
  });
});
