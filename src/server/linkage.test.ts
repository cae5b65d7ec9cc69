import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LinkageRepository } from '../linkage/storage/linkage-repository.js';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { buildApp } from './app.js';
import { recordRef } from '../privacy/record-ref.js';
import { buildFixture, tokenFor } from './test-fixtures.js';
import { provinceCode } from '../regions/region-code.js';

describe.each(testEngines())('linkage runs and review queue through the API on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  let app: FastifyInstance;
  let runId: number;
  let analyst: string;
  let regional: string;
  let pemda: string;

  beforeAll(async () => {
    runId = await ctx.database.transaction((tx) =>
      new LinkageRepository(tx.db).recordRun({
        kind: 'link',
        leftSource: 'pkh-2026-03.csv',
        rightSource: 'anggota-kopdes.csv',
        settings: {},
        model: {},
        blocking: {},
        quality: null,
        candidatePairs: 120,
        matches: 40,
        startedAt: new Date('2026-03-01T00:00:00Z'),
        runBy: 'test',
        review: [
          { leftKey: 'L1', rightKey: 'R7', probability: 0.71, explanation: { name: 2.5, birth_date: -1.2 } },
          { leftKey: 'L2', rightKey: 'R9', probability: 0.55, explanation: { name: 1.1 } },
        ],
      }),
    );
    app = await buildApp({ database: ctx.database });
    analyst = (await tokenFor(ctx.database, 'analis-pusat', 'bptaskin_analyst', {})).token;
    regional = (await tokenFor(ctx.database, 'analis-ntt', 'bptaskin_analyst', { regions: ['53'] })).token;
    pemda = (await tokenFor(ctx.database, 'pemda', 'pemda_officer', { regions: ['53'] })).token;
  });
  afterAll(async () => app?.close());

  const call = (method: 'GET' | 'POST', url: string, token: string, payload?: object) =>
    app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });

  it('lists runs and open pairs; a decision leaves the queue and is audited', async () => {
    expect((await call('GET', '/api/v1/linkage/runs', analyst)).json()).toMatchObject({
      items: [{ id: runId, left_source: 'pkh-2026-03.csv', candidate_pairs: 120, matches: 40, review: 2 }],
    });
    const queue = (await call('GET', `/api/v1/linkage/runs/${runId}/review`, analyst)).json<{
      items: { left_key: string }[];
    }>();
    expect(queue.items.map((p) => p.left_key)).toEqual(['L1', 'L2']);
    // The queue compares two people's records: reading it is audited.
    const read = await ctx.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'linkage.review_read')
      .executeTakeFirstOrThrow();
    expect(read).toMatchObject({ subject_id: String(runId), origin: '127.0.0.1' });
    expect(read.details).toMatchObject({ pairs: 2, identifiers_revealed: false });
    const decided = await call('POST', `/api/v1/linkage/runs/${runId}/review`, analyst, {
      left_key: 'L1',
      right_key: 'R7',
      decision: 'match',
      note: 'same KK, nickname',
    });
    expect(decided.json()).toEqual({ decided: true });
    const after = (await call('GET', `/api/v1/linkage/runs/${runId}/review`, analyst)).json<{
      items: { left_key: string }[];
    }>();
    expect(after.items.map((p) => p.left_key)).toEqual(['L2']);
    const notQueued = await call('POST', `/api/v1/linkage/runs/${runId}/review`, analyst, {
      left_key: 'L1',
      right_key: 'R9',
      decision: 'non_match',
    });
    expect(notQueued.statusCode).toBe(404);
    const entry = await ctx.database.db
      .selectFrom('audit_log')
      .select(['actor', 'subject_id'])
      .where('action', '=', 'linkage.decide')
      .executeTakeFirstOrThrow();
    expect(entry).toEqual({ actor: 'analis-pusat', subject_id: 'L1|R7' });
  });

  it('runs span all regions: region-scoped users see none (404 as absent), roles without linkage:review get 403', async () => {
    expect((await call('GET', '/api/v1/linkage/runs', regional)).json()).toEqual({ items: [] });
    const hidden = await call('GET', `/api/v1/linkage/runs/${runId}/review`, regional);
    const absent = await call('GET', '/api/v1/linkage/runs/987654/review', regional);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body.replace(String(runId), 'X')).toBe(absent.body.replace('987654', 'X'));
    const decide = await call('POST', `/api/v1/linkage/runs/${runId}/review`, regional, {
      left_key: 'L2',
      right_key: 'R9',
      decision: 'match',
    });
    expect(decide.statusCode).toBe(404);
    expect((await call('GET', '/api/v1/linkage/runs', pemda)).statusCode).toBe(403);
  });

  it('shows both records of a platform pair side by side, identifiers masked unless revealed', async () => {
    const fx = await buildFixture(ctx.database);
    // A recipient row that wrote the name differently and left out the No. KK.
    const enrolment = await ctx.database.db
      .insertInto('program_enrolments')
      .values({
        province_code: provinceCode(fx.alfa.village),
        program_code: 'BPNT',
        period: '2026-02',
        nik: fx.alfa.nik,
        kk: null,
        name: 'siti  ALFA',
        name_normalized: 'SITI ALFA',
        village_code: fx.alfa.village,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const left = `person:${fx.alfa.personId}`;
    const right = `enrolment:${enrolment.id}`;
    const platformRun = await ctx.database.transaction((tx) =>
      new LinkageRepository(tx.db).recordRun({
        kind: 'link',
        leftSource: 'persons',
        rightSource: 'program_enrolments',
        settings: {},
        model: {},
        blocking: {},
        quality: null,
        candidatePairs: 3,
        matches: 0,
        startedAt: new Date('2026-03-01T00:00:00Z'),
        runBy: 'test',
        review: [
          { leftKey: left, rightKey: right, probability: 0.62, explanation: { nik: 6.1, name: -0.4 } },
          { leftKey: left, rightKey: 'enrolment:999999', probability: 0.4, explanation: { name: 1 } },
        ],
      }),
    );
    interface Side {
      key: string;
      kind: string;
      person_ref: string | null;
      nik: string | null;
      kk: string | null;
      name: string;
      source: string;
    }
    type Queue = {
      items: Array<{
        left: Side | null;
        right: Side | null;
        fields: Array<{ field: string; left: string | null; right: string | null; same: boolean | null }>;
      }>;
    };
    const masked = (await call('GET', `/api/v1/linkage/runs/${platformRun}/review`, analyst)).json<Queue>();
    const [pair, gone] = masked.items;
    expect(pair!.left).toMatchObject({
      key: left,
      kind: 'person',
      person_ref: recordRef('person', fx.alfa.personId),
      name: 'Siti ALFA',
      source: 'DTSEN',
      nik: expect.stringContaining('*') as unknown,
      kk: expect.stringContaining('*') as unknown,
    });
    expect(pair!.right).toMatchObject({ key: right, kind: 'enrolment', kk: null, source: 'BPNT 2026-02' });
    expect(JSON.stringify(masked)).not.toContain(fx.alfa.nik);
    const field = (name: string) => pair!.fields.find((f) => f.field === name)!;
    // Compared on the full values although both show masked.
    expect(field('nik')).toMatchObject({ same: true });
    expect(field('name')).toEqual({ field: 'name', left: 'Siti ALFA', right: 'siti  ALFA', same: true });
    expect(field('kk').same).toBeNull();
    expect(field('village_code')).toMatchObject({
      left: fx.alfa.village,
      right: fx.alfa.village,
      same: true,
    });
    // A row deleted since the run is null, not an error.
    expect(gone!.right).toBeNull();

    const officer = (await tokenFor(ctx.database, 'petugas-pusat', 'kemensos_officer', {})).token;
    const revealed = await app.inject({
      url: `/api/v1/linkage/runs/${platformRun}/review`,
      headers: { authorization: `Bearer ${officer}`, 'x-purpose': 'verifikasi pasangan' },
    });
    expect(revealed.json<Queue>().items[0]!.left!.nik).toBe(fx.alfa.nik);
    const audit = await ctx.database.db
      .selectFrom('audit_log')
      .select(['actor', 'details'])
      .where('action', '=', 'linkage.review_read')
      .where('subject_id', '=', String(platformRun))
      .orderBy('id')
      .execute();
    expect(
      audit.map((a) => [a.actor, (a.details as { identifiers_revealed: boolean }).identifiers_revealed]),
    ).toEqual([
      ['analis-pusat', false],
      ['petugas-pusat', true],
    ]);
  });
});
