import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/audit-log.js';
import { householdConsentCondition, householdHasConsent } from '../consent/consent-rule.js';
import { householdConsents } from '../consent/consent-service.js';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { buildApp } from './app.js';
import { buildFixture, consentFor, tokenFor, type Fixture } from './test-fixtures.js';
import { provinceCode } from '../regions/region-code.js';

interface HouseholdConsentBody {
  purpose: string;
  has_consent: boolean;
  current: { person_id: number | null; status: string; request_id: number | null }[];
}

describe('the consent rule', () => {
  it('needs someone to have given consent and nobody’s current decision to be a withdrawal', () => {
    expect(householdHasConsent([])).toBe(false);
    expect(householdHasConsent([{ status: 'given' }])).toBe(true);
    expect(householdHasConsent([{ status: 'given' }, { status: 'withdrawn' }])).toBe(false);
    expect(householdHasConsent([{ status: 'withdrawn' }])).toBe(false);
  });
});

describe.each(testEngines())('consent records on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  let app: FastifyInstance;
  let fx: Fixture;
  let facilitator: string;
  let outsider: string;
  let auditor: string;
  let officer: string;
  let secondMember = 0;

  beforeAll(async () => {
    fx = await buildFixture(ctx.database);
    const member = await ctx.database.db
      .insertInto('persons')
      .values({
        province_code: provinceCode(fx.alfa.village),
        household_id: fx.alfa.householdId,
        nik: '5301011503900099',
        name: 'Andi ALFA',
        name_normalized: 'ANDI ALFA',
        relation: 4,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    secondMember = member.id;
    app = await buildApp({ database: ctx.database });
    facilitator = (
      await tokenFor(ctx.database, 'pendamping-alfa', 'pendamping', { regions: [fx.alfa.regency] })
    ).token;
    outsider = (
      await tokenFor(ctx.database, 'pendamping-bravo', 'pendamping', { regions: [fx.bravo.regency] })
    ).token;
    auditor = (await tokenFor(ctx.database, 'auditor', 'auditor', {})).token;
    officer = (await tokenFor(ctx.database, 'pemda-alfa', 'pemda_officer', { regions: [fx.alfa.regency] }))
      .token;
  });
  afterAll(async () => app?.close());

  const call = (method: 'GET' | 'POST', url: string, token: string, payload?: object, purpose?: string) =>
    app.inject({
      method,
      url,
      payload,
      headers: { authorization: `Bearer ${token}`, ...(purpose ? { 'x-purpose': purpose } : {}) },
    });
  const record = (token: string, body: object) =>
    call('POST', '/api/v1/consents', token, { method: 'written', status: 'given', ...body });
  const consentOf = async (householdId: number) =>
    (await call('GET', `/api/v1/households/${householdId}`, facilitator)).json<{
      consent: HouseholdConsentBody[];
    }>().consent;
  const dciNik = async (nik: string) => {
    const res = await call(
      'POST',
      '/api/v1/dci/registry/sync/search',
      officer,
      {
        header: {
          message_id: 'm',
          message_ts: '2026-03-01T00:00:00Z',
          action: 'search',
          sender_id: 'openspp',
        },
        message: {
          transaction_id: 't',
          search_request: [
            {
              reference_id: 'nik',
              timestamp: '2026-03-01T00:00:00Z',
              search_criteria: { query_type: 'idtype-value', query: { type: 'NIK', value: nik } },
            },
            {
              reference_id: 'expr',
              timestamp: '2026-03-01T00:00:00Z',
              search_criteria: { query_type: 'expression', query: { region: fx.alfa.regency } },
            },
          ],
        },
      },
      'verifikasi OpenSPP',
    );
    const responses = res.json<{
      message: { search_response: { data: { reg_records: { id: number }[] } }[] };
    }>().message.search_response;
    return responses.map((r) => r.data.reg_records.map((h) => h.id));
  };

  it('records consent in scope (audited); out of scope is the same 404 as an absent household', async () => {
    const given = await record(facilitator, {
      household_id: fx.alfa.householdId,
      purpose: 'cooperative_enrolment',
      evidence_ref: 'formulir F-12',
      decided_at: '2026-03-01T09:00:00+07:00',
    });
    expect(given.statusCode).toBe(201);
    expect(given.json()).toMatchObject({
      household_id: fx.alfa.householdId,
      person_id: null,
      purpose: 'cooperative_enrolment',
      status: 'given',
      method: 'written',
      evidence_ref: 'formulir F-12',
      decided_at: '2026-03-01T02:00:00.000Z',
      recorded_by: 'pendamping-alfa',
    });
    const outside = await record(outsider, { household_id: fx.alfa.householdId, purpose: 'linkage' });
    const absent = await record(outsider, { household_id: 987654321, purpose: 'linkage' });
    expect(outside.statusCode).toBe(404);
    expect(outside.body.replace(String(fx.alfa.householdId), 'X')).toBe(
      absent.body.replace('987654321', 'X'),
    );
    expect(
      (await record(auditor, { household_id: fx.alfa.householdId, purpose: 'linkage' })).statusCode,
    ).toBe(403);
    const notMember = await record(facilitator, {
      household_id: fx.alfa.householdId,
      person_id: 999999,
      purpose: 'linkage',
    });
    expect(notMember.statusCode).toBe(400);
    expect(notMember.json()).toMatchObject({ error: { code: 'not_a_member' } });
    expect(
      (await record(facilitator, { household_id: fx.alfa.householdId, purpose: 'marketing' })).statusCode,
    ).toBe(400);
    expect(
      (
        await record(facilitator, {
          household_id: fx.alfa.householdId,
          purpose: 'linkage',
          decided_at: '2999-01-01T00:00:00Z',
        })
      ).json(),
    ).toMatchObject({ error: { message: expect.stringContaining('in the future') as unknown } });
    const audit = await ctx.database.db
      .selectFrom('audit_log')
      .select(['action', 'subject_id', 'region_code', 'details'])
      .where('action', 'like', 'consent.%')
      .where('actor', '=', 'pendamping-alfa')
      .execute();
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'consent.give',
        subject_id: String(fx.alfa.householdId),
        region_code: fx.alfa.village,
      }),
    ]);
  });

  it('lists consent history in scope only; the household detail shows each purpose with its verdict', async () => {
    const inside = await call('GET', `/api/v1/consents?household_id=${fx.alfa.householdId}`, auditor);
    expect(inside.json<{ items: unknown[] }>().items).toHaveLength(1);
    const outside = await call('GET', '/api/v1/consents', outsider);
    expect(outside.json()).toEqual({ items: [], next_cursor: null });
    expect(
      (await call('GET', `/api/v1/consents?household_id=${fx.alfa.householdId}`, outsider)).json(),
    ).toEqual({ items: [], next_cursor: null });
    const coop = (
      await tokenFor(ctx.database, 'kop', 'coop_officer', { cooperativeId: fx.alfa.cooperativeId })
    ).token;
    expect((await call('GET', '/api/v1/consents', coop)).statusCode).toBe(403);
    expect(await consentOf(fx.alfa.householdId)).toEqual([
      {
        purpose: 'cooperative_enrolment',
        has_consent: true,
        current: [expect.objectContaining({ person_id: null, status: 'given' })],
      },
    ]);
  });

  it('the DCI search returns a household only with data_sharing_dci consent, and not after a member withdraws', async () => {
    const nik = fx.alfa.nik;
    const unknown = await dciNik('9999999999999999');
    expect(unknown).toEqual([[], []]);
    // No consent yet: exactly the answer for an unknown NIK.
    expect(await dciNik(nik)).toEqual([[], []]);
    expect(
      (await record(facilitator, { household_id: fx.alfa.householdId, purpose: 'data_sharing_dci' }))
        .statusCode,
    ).toBe(201);
    expect(await dciNik(nik)).toEqual([[fx.alfa.householdId], [fx.alfa.householdId]]);
    // Another member withdraws: the household record (which lists them) is no longer shared.
    await record(facilitator, {
      household_id: fx.alfa.householdId,
      person_id: secondMember,
      purpose: 'data_sharing_dci',
      status: 'withdrawn',
      method: 'verbal_witnessed',
      evidence_ref: 'saksi: kepala dusun',
    });
    expect(await dciNik(nik)).toEqual([[], []]);
    // The KK holder consenting again does not override that member's withdrawal…
    await record(facilitator, { household_id: fx.alfa.householdId, purpose: 'data_sharing_dci' });
    expect(await dciNik(nik)).toEqual([[], []]);
    // …the member giving consent again does.
    await record(facilitator, {
      household_id: fx.alfa.householdId,
      person_id: secondMember,
      purpose: 'data_sharing_dci',
    });
    expect(await dciNik(nik)).toEqual([[fx.alfa.householdId], [fx.alfa.householdId]]);
  });

  it('completing a withdraw_consent request records the withdrawal against the request', async () => {
    const missing = await call('POST', '/api/v1/data-subject-requests', officer, {
      kind: 'withdraw_consent',
      person_id: fx.alfa.personId,
      requester_name: 'Siti',
    });
    expect(missing.statusCode).toBe(400);
    const created = await call('POST', '/api/v1/data-subject-requests', officer, {
      kind: 'withdraw_consent',
      person_id: fx.alfa.personId,
      requester_name: 'Siti',
      consent_purpose: 'data_sharing_dci',
    });
    expect(created.json()).toMatchObject({ kind: 'withdraw_consent', consent_purpose: 'data_sharing_dci' });
    const id = created.json<{ id: number }>().id;
    // Still shared while the request is open.
    expect((await dciNik(fx.alfa.nik))[0]).toEqual([fx.alfa.householdId]);
    const done = await call('POST', `/api/v1/data-subject-requests/${id}/resolve`, officer, {
      status: 'completed',
      resolution: 'persetujuan berbagi data DCI dicabut',
    });
    expect(done.statusCode).toBe(200);
    expect(await dciNik(fx.alfa.nik)).toEqual([[], []]);
    const dci = (await consentOf(fx.alfa.householdId)).find((c) => c.purpose === 'data_sharing_dci')!;
    expect(dci.has_consent).toBe(false);
    expect(dci.current).toContainEqual(
      expect.objectContaining({ person_id: fx.alfa.personId, status: 'withdrawn', request_id: id }),
    );
    const all = await call('POST', '/api/v1/data-subject-requests', officer, {
      kind: 'withdraw_consent',
      person_id: fx.alfa.personId,
      requester_name: 'Siti',
      consent_purpose: 'all',
    });
    await call('POST', `/api/v1/data-subject-requests/${all.json<{ id: number }>().id}/resolve`, officer, {
      status: 'completed',
      resolution: 'semua persetujuan dicabut',
    });
    const after = await consentOf(fx.alfa.householdId);
    expect(after.map((c) => [c.purpose, c.has_consent])).toEqual([
      ['cooperative_enrolment', false],
      ['data_sharing_dci', false],
      ['linkage', false],
    ]);
    expect((await verifyAuditChain(ctx.database.db)).ok).toBe(true);
  });

  it('the SQL form of the rule agrees with the pure one on every household', async () => {
    await consentFor(ctx.database, fx.bravo.householdId, 'linkage', 'withdrawn');
    await consentFor(ctx.database, fx.bravo.householdId, 'data_sharing_dci');
    for (const householdId of [fx.alfa.householdId, fx.bravo.householdId]) {
      const pure = await householdConsents(ctx.database.db, householdId);
      for (const purpose of ['cooperative_enrolment', 'data_sharing_dci', 'linkage'] as const) {
        const row = await ctx.database.db
          .selectFrom('households as h')
          .select(sql<boolean>`${householdConsentCondition('h.id', purpose)}`.as('ok'))
          .where('h.id', '=', householdId)
          .executeTakeFirstOrThrow();
        expect(row.ok, `${householdId} ${purpose}`).toBe(
          pure.find((c) => c.purpose === purpose)?.has_consent ?? false,
        );
      }
    }
  });

  it('a child’s consent without a guardian is refused with guardian_required and nothing is written', async () => {
    const child = await ctx.database.db
      .insertInto('persons')
      .values({
        province_code: provinceCode(fx.alfa.village),
        household_id: fx.alfa.householdId,
        name: 'Yosef ALFA',
        name_normalized: 'YOSEF ALFA',
        relation: 3,
        birth_date: '2012-05-20',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const body = {
      household_id: fx.alfa.householdId,
      person_id: child.id,
      purpose: 'linkage',
      method: 'thumbprint',
      decided_at: '2026-03-01T09:00:00+07:00',
    };
    const refused = await record(facilitator, body);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ error: { code: 'guardian_required' } });
    expect(refused.json<{ error: { message: string } }>().error.message).toContain('aged 13 on 2026-03-01');
    const written = await ctx.database.db
      .selectFrom('consent_records')
      .select('id')
      .where('person_id', '=', child.id)
      .execute();
    expect(written).toEqual([]);
    const halfGuardian = await record(facilitator, { ...body, guardian_name: 'Maria ALFA' });
    expect(halfGuardian.json()).toMatchObject({ error: { code: 'guardian_incomplete' } });
    const given = await record(facilitator, {
      ...body,
      guardian_name: 'Maria ALFA',
      guardian_relation: 'ibu',
    });
    expect(given.statusCode).toBe(201);
    expect(given.json()).toMatchObject({
      person_id: child.id,
      method: 'thumbprint',
      guardian_name: 'Maria ALFA',
      guardian_relation: 'ibu',
    });
    const listed = await call('GET', `/api/v1/consents?person_id=${child.id}`, facilitator);
    expect(listed.json()).toMatchObject({
      items: [{ guardian_name: 'Maria ALFA', guardian_relation: 'ibu' }],
    });
  });
});
