import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORK_LIST_HEADERS } from '../pilots/enrolment/work-list.js';
import { buildPilotWorld, type PilotWorld } from '../pilots/test-builders.js';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { buildApp } from './app.js';
import { tokenFor } from './test-fixtures.js';

interface Enrolment {
  id: number;
  village_code: string;
  person_id: number;
  household_id: number;
  cooperative_id: number | null;
  state: string;
  version: number;
  facilitator: string | null;
  member_id: number | null;
  member_no: string | null;
}
interface Assignment {
  village_code: string;
  arm: string;
  wave_no: number | null;
}

/**
 * Pilots and the enrolment funnel through the real server, real roles and scopes: a kemenkop officer of the regency
 * designs and publishes, a pemda officer assigns facilitators, a pendamping works only the villages assigned to
 * them, a coop_officer sees only the enrolments registering into their cooperative, officers elsewhere see nothing.
 */
describe.each(testEngines())('pilots and enrolment over HTTP on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  let app: FastifyInstance;
  let world: PilotWorld;
  const users: Record<string, { token: string; userId: number }> = {};
  let pilotId = 0;
  let treated: string[] = [];
  let control: string[] = [];
  const purposeHeader = (purpose?: string) => (purpose ? { 'x-purpose': purpose } : {});

  const call = (method: 'GET' | 'POST', url: string, who: string, payload?: object, purpose?: string) =>
    app.inject({
      method,
      url,
      payload,
      headers: { authorization: `Bearer ${users[who]!.token}`, ...purposeHeader(purpose) },
    });
  const enrolmentsOf = async (who: string) => {
    const res = await call('GET', `/api/v1/enrolments?pilot_id=${pilotId}&limit=200`, who);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: Enrolment[] }>().items;
  };
  const audits = (action: string, actor: string) =>
    ctx.database.db
      .selectFrom('audit_log')
      .select(['actor', 'details'])
      .where('action', '=', action)
      .where('actor', '=', actor)
      .orderBy('id')
      .execute();
  const revealedFlags = async (action: string, actor: string) =>
    (await audits(action, actor)).map((a) => a.details['identifiers_revealed']);

  beforeAll(async () => {
    world = await buildPilotWorld(ctx.database.db, { villages: 8, perVillage: 3 });
    await ctx.database.db
      .updateTable('households')
      .set({ address: 'Jalan Kenari 7 RT 003 RW 002' })
      .execute();
    app = await buildApp({ database: ctx.database });
    const district = world.villages[0]!.split('.').slice(0, 3).join('.');
    const make = async (name: string, role: Parameters<typeof tokenFor>[2], regions: string[]) =>
      (users[name] = await tokenFor(ctx.database, name, role, { regions }));
    await make('kemenkop-kupang', 'kemenkop_officer', ['53.01']);
    await make('kemenkop-semarang', 'kemenkop_officer', ['33.74']);
    await make('analis-kecamatan', 'bptaskin_analyst', [district]);
    await make('dinsos-kupang', 'pemda_officer', ['53.01']);
    await make('pendamping-a', 'pendamping', ['53.01']);
    await make('pendamping-b', 'pendamping', ['53.01']);
    await make('auditor-kupang', 'auditor', ['53.01']);
  }, 60_000);
  afterAll(async () => app?.close());

  it('creates a pilot from a region, randomises, shows balance, publishes and supersedes only with a reason', async () => {
    const body = {
      name: 'Uji coba Kupang',
      region_code: '53.01',
      design: 'randomized',
      treated_share: '0.5',
      waves: [{ starts_on: '2026-03-01', ends_on: '2026-06-30' }],
      policy_id: 'pilot-test',
      member_treatments: ['ANGGOTA_SIMPANAN'],
      villages: world.villages,
    };
    expect((await call('POST', '/api/v1/pilots', 'pendamping-a', body)).statusCode).toBe(403);
    expect((await call('POST', '/api/v1/pilots', 'kemenkop-semarang', body)).statusCode).toBe(404);
    const created = await call('POST', '/api/v1/pilots', 'kemenkop-kupang', body);
    expect(created.statusCode, created.body).toBe(201);
    const pilot = created.json<{ id: number; clusters: number; status: string; randomization: null }>();
    expect(pilot).toMatchObject({ clusters: 8, status: 'draft', randomization: null });
    pilotId = pilot.id;
    expect((await call('GET', `/api/v1/pilots/${pilotId}`, 'kemenkop-semarang')).statusCode).toBe(404);
    expect(
      (await call('GET', '/api/v1/pilots', 'kemenkop-semarang')).json<{ items: unknown[] }>().items,
    ).toEqual([]);

    // A district analyst sees the pilot but may not change a pilot reaching beyond their district.
    const narrow = await call('POST', `/api/v1/pilots/${pilotId}/randomize`, 'analis-kecamatan', {
      seed: '11',
    });
    expect(narrow.statusCode).toBe(403);
    expect((await call('POST', `/api/v1/pilots/${pilotId}/publish`, 'kemenkop-kupang')).json()).toMatchObject(
      { error: { code: 'nothing_to_publish' } },
    );

    const draw = await call('POST', `/api/v1/pilots/${pilotId}/randomize`, 'kemenkop-kupang', { seed: '11' });
    expect(draw.statusCode, draw.body).toBe(201);
    const first = draw.json<{
      id: number;
      status: string;
      treated: number;
      control: number;
      output_sha256: string;
    }>();
    expect(first).toMatchObject({
      status: 'draft',
      treated: 4,
      control: 4,
      algorithm: 'entas-randomize/1',
      seed: '11',
    });
    // Same seed, same clusters: the same assignment (a new draft replaces the old one).
    const again = await call('POST', `/api/v1/pilots/${pilotId}/randomize`, 'kemenkop-kupang', {
      seed: '11',
    });
    expect(again.json<{ output_sha256: string }>().output_sha256).toBe(first.output_sha256);

    const balance = await call('GET', `/api/v1/pilots/${pilotId}/balance`, 'analis-kecamatan');
    expect(balance.statusCode).toBe(200);
    expect(balance.json<{ rows: { covariate: string }[] }>().rows.map((r) => r.covariate)).toEqual([
      'share_decile_1_2',
      'household_size',
      'share_female_headed',
      'recipients',
      'cooperative_presence',
    ]);

    const published = await call('POST', `/api/v1/pilots/${pilotId}/publish`, 'kemenkop-kupang');
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ status: 'published', published_by: 'kemenkop-kupang' });
    const noReason = await call('POST', `/api/v1/pilots/${pilotId}/randomize`, 'kemenkop-kupang', {
      seed: '12',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json()).toMatchObject({ error: { code: 'reason_required' } });
    const redraw = await call('POST', `/api/v1/pilots/${pilotId}/randomize`, 'kemenkop-kupang', {
      seed: '12',
      reason: 'daftar desa dikoreksi oleh Bappeda',
    });
    expect(redraw.statusCode, redraw.body).toBe(201);
    const second = redraw.json<{ id: number; supersedes: number; status: string }>();
    expect(second).toMatchObject({ status: 'draft', reason: 'daftar desa dikoreksi oleh Bappeda' });
    const publishedId = (
      await ctx.database.db
        .selectFrom('pilot_randomizations')
        .select('id')
        .where('pilot_id', '=', pilotId)
        .where('status', '=', 'published')
        .executeTakeFirstOrThrow()
    ).id;
    expect(second.supersedes).toBe(publishedId);
    expect((await call('POST', `/api/v1/pilots/${pilotId}/publish`, 'kemenkop-kupang')).statusCode).toBe(200);
    const statuses = await ctx.database.db
      .selectFrom('pilot_randomizations')
      .select(['id', 'status'])
      .where('pilot_id', '=', pilotId)
      .orderBy('id')
      .execute();
    expect(statuses.filter((s) => s.status === 'published').map((s) => s.id)).toEqual([second.id]);
    expect(statuses.find((s) => s.id === publishedId)!.status).toBe('superseded');
    expect((await audits('pilot.randomize', 'kemenkop-kupang')).length).toBe(3);
    expect((await audits('pilot.publish', 'kemenkop-kupang')).length).toBe(2);

    const all = await call('GET', `/api/v1/pilots/${pilotId}/assignments`, 'kemenkop-kupang');
    const clusters = all.json<{ clusters: Assignment[] }>().clusters;
    expect(clusters).toHaveLength(8);
    treated = clusters.filter((c) => c.arm === 'treatment').map((c) => c.village_code);
    control = clusters.filter((c) => c.arm === 'control').map((c) => c.village_code);
    const narrowView = (await call('GET', `/api/v1/pilots/${pilotId}/assignments`, 'analis-kecamatan')).json<{
      clusters: Assignment[];
    }>().clusters;
    const district = world.villages[0]!.split('.').slice(0, 3).join('.');
    expect(narrowView.length).toBeGreaterThan(0);
    expect(narrowView.every((c) => c.village_code.startsWith(`${district}.`))).toBe(true);
  });

  it('opens a wave for the treatment clusters only, once', async () => {
    expect(
      (await call('POST', `/api/v1/pilots/${pilotId}/waves/open`, 'dinsos-kupang', { wave_no: 1 }))
        .statusCode,
    ).toBe(403);
    const opened = await call('POST', `/api/v1/pilots/${pilotId}/waves/open`, 'kemenkop-kupang', {
      wave_no: 1,
    });
    expect(opened.statusCode, opened.body).toBe(200);
    // Two member-treatment households per village (the third gets PERLINDUNGAN), heads only.
    expect(opened.json()).toEqual({ wave_no: 1, clusters: 4, identified: 8 });
    const twice = await call('POST', `/api/v1/pilots/${pilotId}/waves/open`, 'kemenkop-kupang', {
      wave_no: 1,
    });
    expect(twice.json()).toMatchObject({ error: { code: 'wave_open' } });
    expect(
      (await call('POST', `/api/v1/pilots/${pilotId}/waves/open`, 'kemenkop-kupang', { wave_no: 2 }))
        .statusCode,
    ).toBe(404);
    const rows = await enrolmentsOf('kemenkop-kupang');
    expect(rows).toHaveLength(8);
    expect(new Set(rows.map((r) => r.village_code))).toEqual(new Set(treated));
  });

  it('assigns facilitators; a pendamping sees their villages, a coop_officer their cooperative, others nothing', async () => {
    const [t1, t2] = treated as [string, string];
    const url = `/api/v1/facilitators/${users['pendamping-a']!.userId}/villages`;
    expect((await call('POST', url, 'pendamping-a', { village_code: t1 })).statusCode).toBe(403);
    expect((await call('POST', url, 'kemenkop-semarang', { village_code: t1 })).statusCode).toBe(404);
    const notFacilitator = await call(
      'POST',
      `/api/v1/facilitators/${users['auditor-kupang']!.userId}/villages`,
      'dinsos-kupang',
      { village_code: t1 },
    );
    expect(notFacilitator.json()).toMatchObject({ error: { code: 'not_a_facilitator' } });
    const assigned = await call('POST', url, 'dinsos-kupang', { village_code: t1 });
    expect(assigned.statusCode, assigned.body).toBe(201);
    expect(assigned.json()).toEqual({ user_id: users['pendamping-a']!.userId, village_code: t1 });
    expect((await audits('facilitator.assign', 'dinsos-kupang')).length).toBe(1);

    users['koperasi-t1'] = await tokenFor(ctx.database, 'koperasi-t1', 'coop_officer', {
      cooperativeId: world.byVillage.get(t1)!.cooperativeId,
    });
    users['koperasi-t2'] = await tokenFor(ctx.database, 'koperasi-t2', 'coop_officer', {
      cooperativeId: world.byVillage.get(t2)!.cooperativeId,
    });
    const mine = await enrolmentsOf('pendamping-a');
    expect(mine).toHaveLength(2);
    expect(mine.every((e) => e.village_code === t1)).toBe(true);
    expect(await enrolmentsOf('pendamping-b')).toEqual([]);
    const coop1 = await enrolmentsOf('koperasi-t1');
    expect(coop1.map((e) => e.village_code)).toEqual([t1, t1]);
    expect((await enrolmentsOf('koperasi-t2')).every((e) => e.village_code === t2)).toBe(true);
    expect(await enrolmentsOf('kemenkop-semarang')).toEqual([]);
    const someone = mine[0]!;
    for (const outsider of ['pendamping-b', 'koperasi-t2', 'kemenkop-semarang'])
      expect((await call('GET', `/api/v1/enrolments/${someone.id}`, outsider)).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/enrolments/${someone.id}`, 'koperasi-t1')).statusCode).toBe(200);
  });

  it('moves through the funnel with consent enforced; a stale version is 409 with the current state', async () => {
    const t1 = treated[0]!;
    const head = world.byVillage.get(t1)!.households[0]!;
    const e = (await enrolmentsOf('pendamping-a')).find((x) => x.person_id === head.persons[0])!;
    const move = (who: string, to: string, expected: number, extra: object = {}) =>
      call('POST', `/api/v1/enrolments/${e.id}/transitions`, who, {
        to,
        expected_version: expected,
        ...extra,
      });

    expect((await move('pendamping-b', 'contacted', 1)).statusCode).toBe(404);
    const contacted = await move('pendamping-a', 'contacted', 1, { place: 'rumah', note: 'ramah' });
    expect(contacted.statusCode, contacted.body).toBe(200);
    expect(contacted.json()).toMatchObject({ state: 'contacted', version: 2, facilitator: 'pendamping-a' });
    // The second facilitator saw version 1: refused, and told the current state.
    const stale = await move('kemenkop-kupang', 'unreachable', 1);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({
      error: { code: 'version_conflict' },
      current: { id: e.id, state: 'contacted', version: 2 },
    });
    expect((await move('pendamping-a', 'active', 2)).json()).toMatchObject({
      error: { code: 'invalid_transition' },
    });
    const noConsent = await move('pendamping-a', 'consented', 2);
    expect(noConsent.statusCode).toBe(400);
    expect(noConsent.json()).toMatchObject({ error: { code: 'consent_required' } });

    const consent = await call('POST', '/api/v1/consents', 'pendamping-a', {
      household_id: head.id,
      person_id: head.persons[0],
      purpose: 'cooperative_enrolment',
      status: 'given',
      method: 'verbal_witnessed',
      evidence_ref: 'saksi: Kepala Dusun',
    });
    expect(consent.statusCode, consent.body).toBe(201);
    expect((await move('pendamping-a', 'consented', 2)).json()).toMatchObject({
      state: 'consented',
      version: 3,
    });
    const registered = await move('pendamping-a', 'registered', 3, { joined_on: '2026-03-10' });
    expect(registered.statusCode, registered.body).toBe(200);
    const member = registered.json<Enrolment>();
    expect(member).toMatchObject({ state: 'registered', version: 4 });
    expect(member.member_no).toMatch(/^P\d+-\d{6}$/);
    const row = await ctx.database.db
      .selectFrom('cooperative_members')
      .select(['cooperative_id', 'status', 'joined_on', 'person_id'])
      .where('id', '=', member.member_id!)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      cooperative_id: world.byVillage.get(t1)!.cooperativeId,
      status: 'registered',
      person_id: head.persons[0],
    });
    // The cooperative's officer takes the next step (simpanan pokok paid); another cooperative's cannot.
    const other = await call('POST', `/api/v1/enrolments/${e.id}/transitions`, 'koperasi-t2', {
      to: 'paid_pokok',
      expected_version: 4,
    });
    expect(other.statusCode).toBe(404);
    const paid = await call('POST', `/api/v1/enrolments/${e.id}/transitions`, 'koperasi-t1', {
      to: 'paid_pokok',
      expected_version: 4,
    });
    expect(paid.json()).toMatchObject({ state: 'paid_pokok', version: 5 });

    const detail = await call('GET', `/api/v1/enrolments/${e.id}`, 'pendamping-a');
    const history = detail.json<{ history: { to_state: string; actor: string; place: string | null }[] }>()
      .history;
    expect(history.map((h) => h.to_state)).toEqual([
      'identified',
      'contacted',
      'consented',
      'registered',
      'paid_pokok',
    ]);
    expect(history[1]).toMatchObject({ actor: 'pendamping-a', place: 'rumah' });
    expect(history[4]!.actor).toBe('koperasi-t1');
    expect((await audits('enrolment.move', 'pendamping-a')).length).toBe(3);
  });

  it('counts the funnel of the scope, a region or a pilot: steps reached and side exits, no one named', async () => {
    type Funnel = {
      total: number;
      steps: { state: string; reached: number; now: number; share: number | null }[];
      exits: { state: string; now: number }[];
    };
    const funnel = async (who: string, query = '') => {
      const res = await call('GET', `/api/v1/enrolment-funnel${query}`, who);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<Funnel>();
    };
    // After the previous test: every enrolment identified, one of them taken to paid_pokok.
    const all = await enrolmentsOf('kemenkop-kupang');
    const n = all.length;
    expect(n).toBeGreaterThan(1);
    const whole = await funnel('kemenkop-kupang');
    expect(whole.total).toBe(n);
    expect(whole.steps.map((s) => [s.state, s.reached, s.now])).toEqual([
      ['identified', n, n - 1],
      ['contacted', 1, 0],
      ['consented', 1, 0],
      ['registered', 1, 0],
      ['paid_pokok', 1, 1],
      ['active', 0, 0],
    ]);
    expect(whole.steps[1]!.share).toBeCloseTo(1 / n, 12);
    expect(whole.exits.every((e) => e.now === 0)).toBe(true);
    expect(await funnel('kemenkop-kupang', `?pilot_id=${pilotId}`)).toMatchObject({ total: n });

    // One village: only its enrolments.
    const t1 = treated[0]!;
    const inT1 = all.filter((e) => e.village_code === t1).length;
    const village = await funnel('kemenkop-kupang', `?region=${t1}`);
    expect(village.total).toBe(inT1);
    expect(village.steps[4]).toMatchObject({ state: 'paid_pokok', reached: 1, now: 1 });

    // A pendamping counts their own villages; a cooperative's officer their cooperative; elsewhere nothing.
    expect((await funnel('pendamping-a')).total).toBe((await enrolmentsOf('pendamping-a')).length);
    expect((await funnel('pendamping-b')).total).toBe((await enrolmentsOf('pendamping-b')).length);
    expect((await funnel('koperasi-t1')).total).toBe((await enrolmentsOf('koperasi-t1')).length);
    expect((await funnel('kemenkop-semarang')).total).toBe(0);
    expect((await audits('enrolment.funnel', 'kemenkop-kupang')).length).toBe(3);
  });

  it('refuses a control cluster with the reason, and the registrar refuses a child', async () => {
    const c1 = control[0]!;
    const head = world.byVillage.get(c1)!.households[0]!;
    const refused = await call('POST', '/api/v1/enrolments', 'dinsos-kupang', {
      pilot_id: pilotId,
      person_id: head.persons[0],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'control_cluster',
    });
    expect(refused.json<{ error: { message: string } }>().error.message).toMatch(
      /control cluster|klaster kontrol/,
    );

    // The child of an enrolled household in the facilitator's village: enrolled, but the registrar says no.
    const t1 = treated[0]!;
    const household = world.byVillage.get(t1)!.households[1]!;
    const child = household.persons[1]!;
    expect(
      (await call('POST', '/api/v1/enrolments', 'pendamping-b', { pilot_id: pilotId, person_id: child }))
        .statusCode,
    ).toBe(404);
    const added = await call('POST', '/api/v1/enrolments', 'pendamping-a', {
      pilot_id: pilotId,
      person_id: child,
    });
    expect(added.statusCode, added.body).toBe(201);
    const e = added.json<Enrolment>();
    expect(e).toMatchObject({ state: 'identified', version: 1, facilitator: 'pendamping-a' });
    const dup = await call('POST', '/api/v1/enrolments', 'pendamping-a', {
      pilot_id: pilotId,
      person_id: child,
    });
    expect(dup.json()).toMatchObject({ error: { code: 'already_enrolled' } });
    const step = (to: string, v: number) =>
      call('POST', `/api/v1/enrolments/${e.id}/transitions`, 'pendamping-a', { to, expected_version: v });
    expect((await step('contacted', 1)).statusCode).toBe(200);
    await call('POST', '/api/v1/consents', 'pendamping-a', {
      household_id: household.id,
      person_id: child,
      purpose: 'cooperative_enrolment',
      status: 'given',
      method: 'written',
      evidence_ref: 'formulir 12',
      guardian_name: 'Ibu kandung',
      guardian_relation: 'ibu',
    });
    expect((await step('consented', 2)).statusCode).toBe(200);
    const tooYoung = await step('registered', 3);
    expect(tooYoung.statusCode).toBe(400);
    expect(tooYoung.json()).toMatchObject({ error: { code: 'registrar_refused' } });
  });

  it('logs visits of the facilitator’s own enrolments', async () => {
    const e = (await enrolmentsOf('pendamping-a'))[0]!;
    const body = { visited_on: '2026-03-05', outcome: 'met', next_visit_on: '2026-03-12', note: 'bawa KK' };
    expect((await call('POST', `/api/v1/enrolments/${e.id}/visits`, 'pendamping-b', body)).statusCode).toBe(
      404,
    );
    expect((await call('POST', `/api/v1/enrolments/${e.id}/visits`, 'auditor-kupang', body)).statusCode).toBe(
      403,
    );
    const visit = await call('POST', `/api/v1/enrolments/${e.id}/visits`, 'pendamping-a', body);
    expect(visit.statusCode, visit.body).toBe(201);
    expect(visit.json()).toMatchObject({
      enrolment_id: e.id,
      outcome: 'met',
      next_visit_on: '2026-03-12',
      facilitator: 'pendamping-a',
    });
    const list = await call('GET', '/api/v1/work-list', 'pendamping-a');
    const item = list.json<{ items: { enrolment_id: number; next_visit_on: string | null }[] }>().items;
    expect(item.find((i) => i.enrolment_id === e.id)!.next_visit_on).toBe('2026-03-12');
  });

  it('masks NIK and address in JSON, CSV and XLSX work lists unless pii:read and a purpose; audited', async () => {
    const t1 = treated[0]!;
    const masked = await call('GET', '/api/v1/work-list', 'pendamping-a');
    expect(masked.statusCode).toBe(200);
    const items = masked.json<{
      items: { village_code: string; nik: string | null; address: string | null }[];
    }>().items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.village_code === t1)).toBe(true);
    expect(items.every((i) => i.address === 'Jalan ***')).toBe(true);
    expect(items.some((i) => i.nik !== null && !/^\d{16}$/.test(i.nik))).toBe(true);
    expect(masked.body).not.toContain('Kenari');

    const revealed = await call('GET', '/api/v1/work-list', 'pendamping-a', undefined, 'kunjungan rumah');
    const full = revealed.json<{ items: { nik: string | null; address: string | null }[] }>().items;
    expect(full.every((i) => i.address === 'Jalan Kenari 7 RT 003 RW 002')).toBe(true);
    expect(full.some((i) => i.nik !== null && /^\d{16}$/.test(i.nik))).toBe(true);
    // An auditor has no pii:read: a purpose does not reveal anything.
    const auditor = await call('GET', '/api/v1/work-list', 'auditor-kupang', undefined, 'pemeriksaan');
    expect(auditor.body).not.toContain('Kenari');
    expect(await revealedFlags('enrolment.work_list', 'pendamping-a')).toEqual([false, false, true]);

    const csv = await call('GET', '/api/v1/work-list/export?format=csv', 'pendamping-a');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe(WORK_LIST_HEADERS.join(','));
    expect(lines.length - 1).toBe(items.length);
    expect(csv.body).not.toContain('Kenari');
    expect(csv.body).not.toMatch(/\b\d{16}\b/);
    const csvFull = await call('GET', '/api/v1/work-list/export', 'pendamping-a', undefined, 'cetak daftar');
    expect(csvFull.body).toContain('Jalan Kenari 7 RT 003 RW 002');
    expect(csvFull.body).toMatch(/\b\d{16}\b/);

    const xlsx = await call('GET', '/api/v1/work-list/export?format=xlsx', 'pendamping-a');
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(xlsx.rawPayload).buffer);
    const sheet = workbook.worksheets[0]!;
    const addressColumn = WORK_LIST_HEADERS.indexOf('address') + 1;
    expect(sheet.getRow(1).getCell(addressColumn).value).toBe('address');
    expect(sheet.getRow(2).getCell(addressColumn).value).toBe('Jalan ***');
    expect(await revealedFlags('enrolment.work_list_export', 'pendamping-a')).toEqual([false, true, false]);

    // The coop_officer's list: only enrolments registering into their cooperative.
    const coop = (await call('GET', '/api/v1/work-list', 'koperasi-t2')).json<{
      items: { village_code: string }[];
    }>().items;
    expect(coop.every((i) => i.village_code === treated[1])).toBe(true);
    expect(
      (await call('GET', '/api/v1/work-list/export', 'kemenkop-semarang')).body.trim().split('\n'),
    ).toHaveLength(1);
  });

  it('a withdrawn consent moves the person to withdrawn, off the work list and out of the export', async () => {
    const t1 = treated[0]!;
    const household = world.byVillage.get(t1)!.households[1]!;
    const headId = household.persons[0]!;
    const e = (await enrolmentsOf('pendamping-a')).find((x) => x.person_id === headId)!;
    expect(
      (await call('GET', '/api/v1/work-list', 'pendamping-a'))
        .json<{ items: { enrolment_id: number }[] }>()
        .items.map((i) => i.enrolment_id),
    ).toContain(e.id);
    const withdrawn = await call('POST', '/api/v1/consents', 'pendamping-a', {
      household_id: household.id,
      person_id: headId,
      purpose: 'cooperative_enrolment',
      status: 'withdrawn',
      method: 'written',
      evidence_ref: 'surat penarikan',
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(201);
    const after = (await call('GET', `/api/v1/enrolments/${e.id}`, 'pendamping-a')).json<{
      enrolment: Enrolment;
    }>();
    expect(after.enrolment).toMatchObject({ state: 'withdrawn', version: e.version + 1 });
    const list = (await call('GET', '/api/v1/work-list', 'pendamping-a')).json<{
      items: { enrolment_id: number }[];
    }>();
    expect(list.items.map((i) => i.enrolment_id)).not.toContain(e.id);
    const csv = await call('GET', '/api/v1/work-list/export', 'pendamping-a', undefined, 'cetak daftar');
    expect(csv.body).not.toContain(`\n${e.id},`);
    const next = await call('POST', `/api/v1/enrolments/${e.id}/transitions`, 'pendamping-a', {
      to: 'contacted',
      expected_version: e.version + 1,
    });
    expect(next.json()).toMatchObject({ error: { code: 'invalid_transition' } });
    expect((await audits('enrolment.withdraw', 'pendamping-a')).length).toBe(1);
  });

  it('non-randomised: matches comparisons to the chosen villages, shows the matched balance, publishes, opens', async () => {
    const created = await call('POST', '/api/v1/pilots', 'kemenkop-kupang', {
      name: 'Uji coba pembanding',
      region_code: '53.01',
      design: 'non_randomized',
      waves: [{ starts_on: '2026-03-01' }],
      policy_id: 'pilot-test',
      member_treatments: ['ANGGOTA_SIMPANAN'],
      villages: world.villages,
    });
    expect(created.statusCode, created.body).toBe(201);
    const pilot = created.json<{ id: number; comparison_method: string }>();
    expect(pilot.comparison_method).toMatch(/^entas-match\/1: nearest neighbour/);
    expect(
      (await call('POST', `/api/v1/pilots/${pilot.id}/randomize`, 'kemenkop-kupang', { seed: '1' })).json(),
    ).toMatchObject({ error: { code: 'not_randomized' } });
    const chosen = [world.villages[1]!, world.villages[6]!];
    const body = { treated: chosen.map((cluster) => ({ cluster, wave_no: 1 })) };
    expect(
      (await call('POST', `/api/v1/pilots/${pilot.id}/match`, 'analis-kecamatan', body)).statusCode,
    ).toBe(403);
    const bad = await call('POST', `/api/v1/pilots/${pilot.id}/match`, 'kemenkop-kupang', {
      treated: [{ cluster: '53.01.99.9999' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { message: string } }>().error.message).toMatch(
      /treated\[0\] \(53\.01\.99\.9999\)/,
    );
    const matched = await call('POST', `/api/v1/pilots/${pilot.id}/match`, 'kemenkop-kupang', body);
    expect(matched.statusCode, matched.body).toBe(201);
    const draw = matched.json<{
      algorithm: string;
      treated: number;
      control: number;
      matching: { pairs: { treated: string; control: string }[]; unmatched: string[] };
    }>();
    expect(draw).toMatchObject({ algorithm: 'entas-match/1', treated: 2 });
    expect(draw.matching.pairs.length + draw.matching.unmatched.length).toBe(2);
    expect(draw.control).toBe(draw.matching.pairs.length);
    const balance = (await call('GET', `/api/v1/pilots/${pilot.id}/balance`, 'kemenkop-kupang')).json<{
      rows: { n_treatment: number }[];
      before_matching: { n_treatment: number; n_control: number }[];
    }>();
    expect(balance.rows[0]!.n_treatment).toBe(draw.matching.pairs.length);
    expect(balance.before_matching[0]).toMatchObject({ n_treatment: 2, n_control: 6 });
    expect((await call('POST', `/api/v1/pilots/${pilot.id}/publish`, 'kemenkop-kupang')).statusCode).toBe(
      200,
    );
    const clusters = (await call('GET', `/api/v1/pilots/${pilot.id}/assignments`, 'kemenkop-kupang')).json<{
      clusters: Assignment[];
    }>().clusters;
    expect(clusters.filter((c) => c.arm === 'treatment').map((c) => c.village_code)).toEqual(chosen);
    expect(clusters.filter((c) => c.arm === 'control').map((c) => c.village_code)).toEqual(
      draw.matching.pairs.map((p) => p.control).sort(),
    );
    const opened = await call('POST', `/api/v1/pilots/${pilot.id}/waves/open`, 'kemenkop-kupang', {
      wave_no: 1,
    });
    expect(opened.json()).toEqual({ wave_no: 1, clusters: 2, identified: 4 });
    expect((await audits('pilot.match', 'kemenkop-kupang')).length).toBe(1);
  });

  it('creates a pilot over the region’s cooperatives with cluster_kind cooperative', async () => {
    const body = {
      name: 'Uji coba koperasi',
      region_code: '53.01',
      design: 'randomized',
      waves: [{ starts_on: '2026-03-01' }],
      policy_id: 'pilot-test',
      member_treatments: ['ANGGOTA_SIMPANAN'],
      villages: world.villages,
    };
    const wrong = await call('POST', '/api/v1/pilots', 'kemenkop-kupang', {
      ...body,
      cluster_kind: 'district',
    });
    expect(wrong.statusCode).toBe(400);
    const created = await call('POST', '/api/v1/pilots', 'kemenkop-kupang', {
      ...body,
      cluster_kind: 'cooperative',
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ cluster_kind: 'cooperative', clusters: 8, status: 'draft' });
    const id = created.json<{ id: number }>().id;
    expect((await call('GET', `/api/v1/pilots/${pilotId}`, 'kemenkop-kupang')).json()).toMatchObject({
      cluster_kind: 'village',
    });
    const keys = await ctx.database.db
      .selectFrom('pilot_clusters as c')
      .innerJoin('cooperatives as k', 'k.id', 'c.cooperative_id')
      .select(['c.cluster_key', 'k.registration_no'])
      .where('c.pilot_id', '=', id)
      .execute();
    expect(keys).toHaveLength(8);
    for (const k of keys) expect(k.cluster_key).toBe(k.registration_no);
  });
});
