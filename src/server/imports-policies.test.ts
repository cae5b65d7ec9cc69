import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { dtsenRow, kk, nik, officerRow, TODAY, toCsv } from '../intake/testing/builders.js';
import { testEngines } from '../testing/test-database.js';
import { useTestApp } from './test-app.js';
import type { Fixture } from './test-fixtures.js';

function multipart(fileName: string, content: string): { payload: string; headers: Record<string, string> } {
  const boundary = '----entas-test-boundary';
  const payload =
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
    `Content-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`;
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const ndjson = (body: string) =>
  body
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe.each(testEngines())('imports and policies through the API on %s', (kind) => {
  const ctx = useTestApp(kind);
  let app: FastifyInstance;
  let fx: Fixture;
  let importer: string;
  let regionalImporter: string;
  let analyst: string;
  let outsider: string;

  beforeAll(async () => {
    fx = ctx.fx;
    app = ctx.app;
    importer = await ctx.token('kemensos_officer', {}, 'kemensos-pusat');
    regionalImporter = await ctx.token('kemensos_officer', { regions: ['33'] }, 'kemensos-jateng');
    analyst = await ctx.token('bptaskin_analyst', { regions: [fx.alfa.regency] }, 'analis');
    outsider = await ctx.token('bptaskin_analyst', { regions: [fx.bravo.regency] }, 'analis-luar');
  });

  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  it('uploads a DTSEN file with NDJSON progress, keeps hostile names as data, neutralises formulas in rejects', async () => {
    const csv = toCsv([
      dtsenRow({ NAMA: '<b>Siti</b> Rahma', JENIS_KELAMIN: 'P', NIK: nik('1980-08-01', 'P', 7) }),
      dtsenRow({
        NO_KK: kk(2),
        NIK: nik('1981-01-01', 'L', 8),
        TANGGAL_LAHIR: '1981-01-01',
        NAMA: 'Rudi',
        DESIL: '=1+1',
      }),
    ]);
    const { payload, headers } = multipart(`dtsen-${TODAY}.csv`, csv);
    const url = `/api/v1/imports?profile=dtsen&snapshot_date=${TODAY}`;
    const denied = await app.inject({
      method: 'POST',
      url,
      payload,
      headers: { ...headers, ...auth(regionalImporter) },
    });
    // Refused before any NDJSON is streamed: a real status and the usual error body.
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ error: { code: 'forbidden' } });

    const res = await app.inject({
      method: 'POST',
      url,
      payload,
      headers: { ...headers, ...auth(importer) },
    });
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const result = ndjson(res.body).at(-1)!;
    expect(result).toMatchObject({
      type: 'result',
      status: 'imported',
      rows: 2,
      accepted: 1,
      rejected: 1,
      has_rejects: true,
    });
    expect(JSON.stringify(result)).not.toContain(path.sep + 'tmp');

    const batchId = result.batch_id as number;
    const rejects = await app.inject({
      url: `/api/v1/source-batches/${batchId}/rejects`,
      headers: auth(importer),
    });
    expect(rejects.statusCode).toBe(200);
    expect(rejects.headers['content-type']).toMatch(/^text\/csv/);
    expect(rejects.headers['content-disposition']).toBe(
      `attachment; filename="batch-${batchId}-rejects.csv"`,
    );
    expect(rejects.body).toContain("'=1+1");
    expect(rejects.body).not.toMatch(/(^|,)=1\+1/m);
    const outsideRejects = await app.inject({
      url: `/api/v1/source-batches/${batchId}/rejects`,
      headers: auth(regionalImporter),
    });
    expect(outsideRejects.statusCode).toBe(404);

    const persons = await app.inject({
      url: `/api/v1/persons?name=Rahma`,
      headers: auth(importer),
    });
    const names = persons.json<{ items: { name: string }[] }>().items.map((p) => p.name);
    expect(names).toContain('<b>Siti</b> Rahma');
    expect(persons.body).not.toContain('<b>');

    const revert = await app.inject({
      method: 'POST',
      url: `/api/v1/source-batches/${batchId}/revert`,
      headers: auth(importer),
      payload: { reason: 'uji' },
    });
    expect(revert.json()).toMatchObject({ batch_id: batchId, status: 'reverted' });
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/v1/source-batches/${batchId}/revert`,
          headers: auth(regionalImporter),
          payload: {},
        })
      ).statusCode,
    ).toBe(403);
  });

  it('refuses invalid upload requests with their HTTP status before the stream starts', async () => {
    const csv = toCsv([dtsenRow({})]);
    const send = (url: string, fileName: string, extra: Record<string, string> = {}) => {
      const { payload, headers } = multipart(fileName, csv);
      return app.inject({
        method: 'POST',
        url,
        payload,
        headers: { ...headers, ...auth(importer), ...extra },
      });
    };
    const cases: [
      Promise<{ statusCode: number; json: () => unknown; headers: Record<string, unknown> }>,
      number,
      string,
    ][] = [
      [send('/api/v1/imports?profile=bansos&period=2026-03', 'pkh.csv'), 400, 'needs program'],
      [send('/api/v1/imports?profile=bansos&program=NOPE&period=2026-03', 'pkh.csv'), 400, 'unknown program'],
      [send('/api/v1/imports?profile=dtsen&snapshot_date=2999-01-01', 'd.csv'), 400, 'in the future'],
      [send('/api/v1/imports?profile=members&snapshot_date=2026-01-01', 'm.csv'), 400, 'applies to dtsen'],
      [send('/api/v1/imports?profile=dtsen', 'dtsen.exe'), 415, 'expected a .csv'],
      [send('/api/v1/imports?profile=dtsen', 'extract.csv'), 400, 'snapshot_date_required'],
      [send('/api/v1/imports?profile=dtsen&snapshot_date=2026-02-30', 'd.csv'), 400, 'snapshot_date'],
      [send('/api/v1/imports?profile=unknown', 'd.csv'), 400, 'profile'],
      [
        app.inject({
          method: 'POST',
          url: '/api/v1/imports?profile=dtsen',
          payload: { rows: [] },
          headers: auth(importer),
        }),
        415,
        'multipart/form-data',
      ],
    ];
    for (const [pending, status, message] of cases) {
      const res = await pending;
      expect(res.statusCode, message).toBe(status);
      expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
      expect(JSON.stringify(res.json()), message).toContain(message);
    }
    const batches = await ctx.database.db.selectFrom('source_batches').select('id').execute();
    expect(batches).toHaveLength(2); // the fixture's and the first test's: nothing new
  });

  it('validates and simulates policies inside the scope; decisions of out-of-scope households are absent', async () => {
    const text = fs.readFileSync(new URL('../../policies/default.yaml', import.meta.url), 'utf8');
    const valid = await app.inject({
      method: 'POST',
      url: '/api/v1/policies/validate',
      headers: auth(analyst),
      payload: { text },
    });
    expect(valid.json()).toMatchObject({ valid: true, diagnostics: expect.any(Array) as unknown });
    const broken = await app.inject({
      method: 'POST',
      url: '/api/v1/policies/validate',
      headers: auth(analyst),
      payload: { text: 'id: x\nrules: [' },
    });
    expect(broken.json()).toMatchObject({ valid: false });
    const sim = await app.inject({
      method: 'POST',
      url: '/api/v1/policies/simulate',
      headers: auth(analyst),
      payload: { text },
    });
    expect(sim.statusCode).toBe(200);
    expect(sim.json()).toMatchObject({ region: fx.alfa.regency, households: 1 });
    const outside = await app.inject({
      method: 'POST',
      url: '/api/v1/policies/simulate',
      headers: auth(outsider),
      payload: { text, region: fx.alfa.regency },
    });
    expect(outside.statusCode).toBe(404);
    expect(
      (
        await app.inject({
          url: `/api/v1/households/${fx.alfa.householdId}/decisions`,
          headers: auth(analyst),
        })
      ).json(),
    ).toEqual({ items: [] });
    expect(
      (
        await app.inject({
          url: `/api/v1/households/${fx.alfa.householdId}/decisions`,
          headers: auth(outsider),
        })
      ).statusCode,
    ).toBe(404);
  });

  it('returns the YAML of a stored version exactly as applied; an unknown version is 404', async () => {
    const text = fs.readFileSync(new URL('../../policies/default.yaml', import.meta.url), 'utf8');
    const applied = await app.inject({
      method: 'POST',
      url: '/api/v1/policies/apply',
      headers: auth(analyst),
      payload: { text, effective: '2026-12-01' },
    });
    expect(applied.statusCode).toBe(200);
    const { id, version } = applied.json<{ policy: { id: string; version: number } }>().policy;
    // The application is audited for the signed-in user, with their role, not as a console operator.
    const entry = await ctx.database.db
      .selectFrom('audit_log')
      .select(['actor', 'origin', 'details'])
      .where('action', '=', 'policy.apply')
      .executeTakeFirstOrThrow();
    expect(entry.actor).toBe('analis');
    expect(entry.origin).not.toBe('cli');
    expect(entry.details).toMatchObject({ role: 'bptaskin_analyst', identifiers_revealed: false, version });
    const stored = await app.inject({
      url: `/api/v1/policies/${id}/versions/${version}`,
      headers: auth(analyst),
    });
    expect(stored.statusCode).toBe(200);
    expect(stored.json()).toMatchObject({ policy_id: id, version, text });
    const absent = await app.inject({ url: `/api/v1/policies/${id}/versions/999`, headers: auth(analyst) });
    expect(absent.statusCode).toBe(404);
  });

  // Last: the upload test above counts the batches written so far.
  it("uploads a register of officers: the result carries the registrar's checks; the revert removes them", async () => {
    const csv = toCsv([officerRow({ ID_KOPERASI: 'REG-ALFA', JABATAN: 'Sekretaris' })]);
    const { payload, headers } = multipart('pengurus.csv', csv);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/imports?profile=officers',
      payload,
      headers: { ...headers, ...auth(importer) },
    });
    const result = ndjson(res.body).at(-1)!;
    expect(result).toMatchObject({ type: 'result', status: 'imported', rows: 1, accepted: 1 });
    expect(result.changes).toEqual({ officers_appointed: 1, officers_updated: 0 });
    const checks = result.register_checks as {
      registration_no: string;
      in_order: boolean;
      findings: { rule: string }[];
    }[];
    expect(checks.map((c) => [c.registration_no, c.in_order])).toEqual([['REG-ALFA', false]]);
    // The fixture's ketua and this sekretaris: two pengurus, no bendahara, no pengawas.
    expect(checks[0]!.findings.map((f) => f.rule)).toEqual(
      expect.arrayContaining(['pengurus_odd', 'pengurus_missing', 'pengawas_missing']),
    );
    const revert = await app.inject({
      method: 'POST',
      url: `/api/v1/source-batches/${result.batch_id as number}/revert`,
      headers: auth(importer),
      payload: {},
    });
    expect(revert.json()).toMatchObject({
      source: 'officers',
      status: 'reverted',
      changes: { officers_deleted: 1, officers_restored: 0 },
    });
  });
});
