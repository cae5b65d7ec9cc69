import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { configureSavings, postSavings } from '../cooperatives/savings-service.js';
import { testEngines } from '../testing/test-database.js';
import { useTestApp } from './test-app.js';
import type { Fixture } from './test-fixtures.js';

describe.each(testEngines())('cooperative operations over the API on %s', (kind) => {
  const ctx = useTestApp(kind, { timeout: 180_000 });
  let app: FastifyInstance;
  let fx: Fixture;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    fx = ctx.fx;
    app = ctx.app;
    tokens.alfaOfficer = await ctx.token(
      'coop_officer',
      { cooperativeId: fx.alfa.cooperativeId },
      'alfa-ketua',
    );
    tokens.bravoOfficer = await ctx.token(
      'coop_officer',
      { cooperativeId: fx.bravo.cooperativeId },
      'bravo-ketua',
    );
    tokens.kemenkop = await ctx.token('kemenkop_officer', {}, 'kemenkop-ops');
    tokens.auditor = await ctx.token('auditor', {}, 'auditor-ops');
    tokens.pendampingBravo = await ctx.token(
      'pendamping',
      { regions: [fx.bravo.regency] },
      'pendamping-bravo',
    );
  }, 180_000);

  const send = (method: 'POST' | 'GET', url: string, who: string, payload?: object, key?: string) =>
    app.inject({
      method,
      url,
      payload,
      headers: {
        authorization: `Bearer ${tokens[who]!}`,
        ...(key === undefined ? {} : { 'idempotency-key': key }),
      },
    });
  const audited = async (action: string) =>
    (
      await ctx.database.db.selectFrom('audit_log').select('details').where('action', '=', action).execute()
    ).map((a) => a.details);

  it('mentoring: an officer records and closes follow-ups of their own cooperative only; read roles cannot', async () => {
    const url = `/api/v1/cooperatives/${fx.alfa.cooperativeId}/mentoring-sessions`;
    const session = {
      held_on: '2026-03-10',
      mentor: 'Pendamping Kemenkop Rina',
      topic: 'Pembukuan simpan pinjam',
      attendees: ['Budi ALFA', 'Siti ALFA'],
      findings: 'Buku kas belum direkonsiliasi',
      followups: [
        { action: 'Rekonsiliasi kas bulanan', due_on: '2026-04-10' },
        { action: 'Susun SOP pinjaman', due_on: '2026-05-10' },
      ],
    };
    expect((await send('POST', url, 'auditor', session)).statusCode).toBe(403);
    const outside = await send('POST', url, 'bravoOfficer', session);
    const absent = await send(
      'POST',
      '/api/v1/cooperatives/987654321/mentoring-sessions',
      'bravoOfficer',
      session,
    );
    expect(outside.statusCode).toBe(404);
    expect(outside.body.replaceAll(String(fx.alfa.cooperativeId), 'X')).toBe(
      absent.body.replaceAll('987654321', 'X'),
    );
    const bad = await send('POST', url, 'alfaOfficer', {
      ...session,
      followups: [{ action: 'x', due_on: '2026-03-01' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('before the session');
    const created = await send('POST', url, 'alfaOfficer', session);
    expect(created.statusCode).toBe(201);
    const { followup_ids } = created.json<{ followup_ids: number[] }>();
    expect(followup_ids).toHaveLength(2);

    const closeUrl = `/api/v1/cooperatives/${fx.alfa.cooperativeId}/followup-closures`;
    const close = { followup_id: followup_ids[0], closed_on: '2026-04-08', note: 'selesai' };
    expect((await send('POST', closeUrl, 'bravoOfficer', close)).statusCode).toBe(404);
    expect((await send('POST', closeUrl, 'alfaOfficer', close)).json()).toEqual({
      followup_id: followup_ids[0],
      closed_on: '2026-04-08',
    });
    const again = await send('POST', closeUrl, 'alfaOfficer', close);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'already_closed' } });

    const list = await send('GET', url, 'kemenkop');
    expect(list.json()).toMatchObject({
      open_followups: 1,
      items: [{ topic: 'Pembukuan simpan pinjam', attendees: ['Budi ALFA', 'Siti ALFA'] }],
    });
    expect((await send('GET', url, 'bravoOfficer')).statusCode).toBe(404);
    expect(await audited('coop_mentoring.record')).toHaveLength(1);
    expect(await audited('coop_mentoring.close_followup')).toHaveLength(1);
    expect((await audited('coop_mentoring.list')).length).toBeGreaterThan(0);
  });

  it('register: business units, officers and the registrar findings', async () => {
    const coop = `/api/v1/cooperatives/${fx.alfa.cooperativeId}`;
    const units = await send('POST', `${coop}/business-units`, 'alfaOfficer', {
      units: ['sembako_outlet', 'savings_and_loan', 'Bengkel motor'],
    });
    expect(units.json()).toEqual({ units: ['sembako_outlet', 'savings_and_loan', 'custom:Bengkel motor'] });
    // The fixture has one ketua; add a board and pengawas, two of them on one family card.
    const add = (body: object) =>
      send('POST', `${coop}/officers`, 'alfaOfficer', { start_date: '2026-01-01', ...body });
    for (const [position, name] of [
      ['wakil_ketua_usaha', 'Citra'],
      ['wakil_ketua_anggota', 'Dedi'],
      ['sekretaris', 'Eka'],
    ])
      expect((await add({ position, name })).statusCode).toBe(201);
    let check = await send('GET', `${coop}/register-check?as_of=2026-06-01`, 'kemenkop');
    expect(check.json<{ findings: { rule: string }[] }>().findings.map((f) => f.rule)).toEqual([
      'pengurus_odd',
      'pengurus_missing',
      'pengawas_missing',
    ]);
    expect(check.json()).toMatchObject({ in_order: false });
    const bendahara = await add({ position: 'bendahara', name: 'Fitri', kk: '5301010101019999' });
    expect(
      (await add({ position: 'ketua_pengawas', name: 'Kades Gunawan', ex_officio: true })).statusCode,
    ).toBe(201);
    expect((await add({ position: 'pengawas', name: 'Hana', kk: '5301010101019999' })).statusCode).toBe(201);
    expect((await add({ position: 'sekretaris', name: 'X', ex_officio: true })).statusCode).toBe(400);
    check = await send('GET', `${coop}/register-check?as_of=2026-06-01`, 'alfaOfficer');
    expect(check.json()).toMatchObject({
      in_order: true,
      business_units: { standard: ['sembako_outlet', 'savings_and_loan'], custom: ['custom:Bengkel motor'] },
      findings: [{ rule: 'shared_family_card', severity: 'warning' }],
    });
    expect(check.body).not.toContain('5301010101019999');
    // Ending the bendahara's term makes the board even again (from the day after).
    const ended = await send('POST', `${coop}/officer-terms-ended`, 'alfaOfficer', {
      officer_id: bendahara.json<{ officer_id: number }>().officer_id,
      end_date: '2026-06-30',
    });
    expect(ended.statusCode).toBe(200);
    const later = await send('GET', `${coop}/register-check?as_of=2026-07-01`, 'alfaOfficer');
    expect(later.json<{ findings: { rule: string }[] }>().findings.map((f) => f.rule)).toEqual([
      'pengurus_odd',
      'pengurus_missing',
    ]);
    expect((await send('GET', `${coop}/register-check`, 'bravoOfficer')).statusCode).toBe(404);
  });

  it('member exit refunds savings through the books, keeps the history, and answers a retry without posting', async () => {
    const coopId = fx.alfa.cooperativeId;
    const member = fx.alfa.memberId;
    await ctx.database.transaction(async (tx) => {
      await configureSavings(tx, coopId, { pokok: 100_000n, wajib: 20_000n, wajibFrom: '2026-01' });
      const meta = (key: string) => ({ date: '2026-02-01', idempotencyKey: key, postedBy: 'test' });
      await postSavings(
        tx,
        coopId,
        { kind: 'deposit', product: 'pokok', memberId: member, amount: 100_000n, period: null },
        meta('p'),
      );
      await postSavings(
        tx,
        coopId,
        { kind: 'deposit', product: 'wajib', memberId: member, amount: 20_000n, period: '2026-01' },
        meta('w'),
      );
      await postSavings(
        tx,
        coopId,
        { kind: 'deposit', product: 'sukarela', memberId: member, amount: 55_000n, period: null },
        meta('s'),
      );
    });
    const url = `/api/v1/cooperative-members/${member}/exit`;
    expect((await send('POST', url, 'kemenkop', { date: '2026-08-01' }, 'exit-1')).statusCode).toBe(403);
    expect((await send('POST', url, 'bravoOfficer', { date: '2026-08-01' }, 'exit-1')).statusCode).toBe(404);
    expect((await send('POST', url, 'alfaOfficer', { date: '2026-08-01' })).statusCode).toBe(400);
    const first = await send('POST', url, 'alfaOfficer', { date: '2026-08-01' }, 'exit-1');
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      left_on: '2026-08-01',
      refund: { pokok: 100_000, wajib: 20_000, sukarela: 55_000, total: 175_000 },
      replayed: false,
    });
    const retry = await send('POST', url, 'alfaOfficer', { date: '2026-08-01' }, 'exit-1');
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual({ ...first.json(), replayed: true });
    const twice = await send('POST', url, 'alfaOfficer', { date: '2026-08-02' }, 'exit-2');
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ error: { code: 'member_left' } });
    const tb = await send('GET', `/api/v1/cooperatives/${coopId}/trial-balance`, 'kemenkop');
    expect(
      tb.json<{ rows: { account: string; balance: number }[] }>().rows.every((r) => r.balance === 0),
    ).toBe(true);
    const history = await send('GET', `/api/v1/cooperative-members/${member}/history`, 'alfaOfficer');
    expect(history.json()).toMatchObject({
      member: { status: 'left', left_on: '2026-08-01' },
      events: [{ kind: 'left', event_date: '2026-08-01', refund_total: 175_000 }],
    });
    expect(
      (await send('GET', `/api/v1/cooperative-members/${member}/history`, 'bravoOfficer')).statusCode,
    ).toBe(404);
    expect((await audited('coop_member.exit')).map((d) => [d.idempotency_key, d.replayed])).toEqual([
      ['exit-1', false],
      ['exit-1', true],
    ]);
  });

  it('health score shows its components; RAT recorded by a manager', async () => {
    const coop = `/api/v1/cooperatives/${fx.bravo.cooperativeId}`;
    await ctx.database.db
      .updateTable('cooperatives')
      .set({ established_on: '2025-03-01', business_units: ['office', 'clinic', 'pharmacy'] })
      .where('id', '=', fx.bravo.cooperativeId)
      .execute();
    expect(
      (await send('POST', `${coop}/rat-meetings`, 'auditor', { book_year: 2025, held_on: '2026-05-20' }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await send('POST', `${coop}/rat-meetings`, 'pendampingBravo', {
          book_year: 2025,
          held_on: '2025-12-01',
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await send('POST', `${coop}/rat-meetings`, 'pendampingBravo', {
          book_year: 2025,
          held_on: '2026-05-20',
        })
      ).statusCode,
    ).toBe(200);
    const h = await send('GET', `${coop}/health?as_of=2026-09-01`, 'auditor');
    expect(h.statusCode).toBe(200);
    const body = h.json<{
      score: number;
      components: { key: string; applicable: boolean; permille: number }[];
    }>();
    const by = Object.fromEntries(body.components.map((c) => [c.key, c]));
    // One member joined without a date and still active; no loans, no targeting, no follow-ups; RAT 2025 on time.
    expect(by.rat_on_time).toMatchObject({ applicable: true, permille: 1000 });
    expect(by.business_units).toMatchObject({ applicable: true, permille: 1000 });
    expect(by.par30).toMatchObject({ applicable: false });
    expect(by.membership_growth).toMatchObject({ applicable: true, permille: 0 });
    expect(by.savings_per_member).toMatchObject({ applicable: true, permille: 0 });
    // (15·0 + 15·0 + 10·1000 + 10·1000) / (10 × 50) = 40
    expect(body.score).toBe(40);
    expect((await send('GET', `${coop}/health`, 'alfaOfficer')).statusCode).toBe(404);
  });

  it('founding: a checklist in a village without a cooperative ends in a registered cooperative', async () => {
    const village = await ctx.database.db
      .selectFrom('regions')
      .select('code')
      .where('level', '=', 4)
      .where('code', 'like', `${fx.bravo.regency}.%`)
      .where('code', '<>', fx.bravo.village)
      .orderBy('code')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(
      (
        await send('POST', '/api/v1/cooperative-foundings', 'pendampingBravo', {
          village_code: fx.bravo.village,
          name: 'X',
        })
      ).json(),
    ).toMatchObject({ error: { code: 'already_served' } });
    expect(
      (
        await send('POST', '/api/v1/cooperative-foundings', 'pendampingBravo', {
          village_code: fx.alfa.village,
          name: 'X',
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await send('POST', '/api/v1/cooperative-foundings', 'auditor', {
          village_code: village.code,
          name: 'X',
        })
      ).statusCode,
    ).toBe(403);
    const opened = await send('POST', '/api/v1/cooperative-foundings', 'pendampingBravo', {
      village_code: village.code,
      name: 'Kopdes Merah Putih Baru',
    });
    expect(opened.statusCode).toBe(201);
    const id = opened.json<{ id: number }>().id;
    const step = (body: object) =>
      send('POST', `/api/v1/cooperative-foundings/${id}/steps`, 'pendampingBravo', body);
    const early = await send('POST', `/api/v1/cooperative-foundings/${id}/register`, 'pendampingBravo');
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ error: { code: 'checklist_incomplete' } });
    expect(
      (await step({ step: 'musdesus', done_on: '2026-01-10', document: 'BA Musdesus 01' })).statusCode,
    ).toBe(200);
    expect(
      (
        await step({ step: 'founders', done_on: '2026-01-20', document: 'Daftar pendiri', founders: 8 })
      ).json(),
    ).toMatchObject({ error: { code: 'step_refused' } });
    await step({ step: 'founders', done_on: '2026-01-20', document: 'Daftar pendiri', founders: 12 });
    await step({ step: 'ad_art', done_on: '2026-01-20', document: 'AD/ART' });
    await step({ step: 'officers_elected', done_on: '2026-01-20', document: 'BA pemilihan' });
    await step({
      step: 'legal_entity',
      done_on: '2026-02-15',
      document: 'SK AHU',
      legal_entity_no: 'AHU-0042.AH.01.29.2026',
    });
    const last = await step({
      step: 'bank_account',
      done_on: '2026-02-20',
      document: 'Buku rekening',
      bank: 'BRI',
      account_no: '0099',
    });
    expect(last.json()).toMatchObject({ ready: true, missing: [] });
    // Each step keeps what it recorded beside its document (the dashboard's checklist shows it).
    const steps = last.json<{ steps: { step: string; details: object | null }[] }>().steps;
    expect(Object.fromEntries(steps.map((s) => [s.step, s.details]))).toEqual({
      musdesus: {},
      founders: { founders: 12 },
      ad_art: {},
      legal_entity: { legal_entity_no: 'AHU-0042.AH.01.29.2026' },
      bank_account: { bank: 'BRI', account_no: '0099' },
      officers_elected: {},
    });
    expect((await send('GET', `/api/v1/cooperative-foundings/${id}`, 'alfaOfficer')).statusCode).toBe(404);
    const registered = await send('POST', `/api/v1/cooperative-foundings/${id}/register`, 'pendampingBravo');
    expect(registered.json()).toMatchObject({ status: 'registered' });
    const coopId = registered.json<{ cooperative_id: number }>().cooperative_id;
    const coop = await send('GET', `/api/v1/cooperatives/${coopId}`, 'kemenkop');
    expect(coop.json()).toMatchObject({
      registration_no: 'AHU-0042.AH.01.29.2026',
      name: 'Kopdes Merah Putih Baru',
      village_code: village.code,
      status: 'registered',
      established_on: '2026-02-15',
    });
    const list = await send('GET', `/api/v1/cooperative-foundings?region=${fx.bravo.regency}`, 'kemenkop');
    expect(list.json<{ items: { id: number }[] }>().items.map((f) => f.id)).toEqual([id]);
    expect((await audited('coop_founding.step')).length).toBe(6);
  });

  it('reports: CSV per kind and the RAT PDF, scoped and audited', async () => {
    const coop = `/api/v1/cooperatives/${fx.alfa.cooperativeId}`;
    const csv = await send('GET', `${coop}/report?kind=savings&format=csv&year=2026&lang=en`, 'alfaOfficer');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('Member no.,Name,Pokok,Wajib,Sukarela,Total');
    expect((await send('GET', `${coop}/report?kind=savings`, 'bravoOfficer')).statusCode).toBe(404);
    expect((await send('GET', `${coop}/report?kind=nope`, 'alfaOfficer')).statusCode).toBe(400);
    const pdf = await send('GET', `${coop}/rat-report.pdf?year=2026`, 'kemenkop');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await audited('coop_report.export')).length).toBe(1);
    expect((await audited('coop_report.rat_pdf')).length).toBe(1);
  });
});
