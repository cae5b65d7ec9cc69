import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/audit-log.js';
import { testEngines } from '../testing/test-database.js';
import { useTestApp } from './test-app.js';
import type { Fixture } from './test-fixtures.js';

interface Dsr {
  id: number;
  status: string;
  received_at: string;
  due_at: string;
  overdue: boolean;
  hours_left: number | null;
}

describe.each(testEngines())('data-subject requests and breach register on %s', (kind) => {
  const ctx = useTestApp(kind);
  let app: FastifyInstance;
  let fx: Fixture;
  let officer: string;
  let outsider: string;
  let admin: string;
  let regionalAdmin: string;

  beforeAll(async () => {
    fx = ctx.fx;
    app = ctx.app;
    officer = await ctx.token('pemda_officer', { regions: [fx.alfa.regency] }, 'pemda-alfa');
    outsider = await ctx.token('pemda_officer', { regions: [fx.bravo.regency] }, 'pemda-bravo');
    admin = await ctx.token('admin', {}, 'dpo');
    regionalAdmin = await ctx.token('admin', { regions: [fx.bravo.regency] }, 'admin-bravo');
  });

  const call = (method: 'GET' | 'POST', url: string, token: string, payload?: object) =>
    app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });
  const lastEntry = (action: string) =>
    ctx.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', action)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();

  it('registers a request with a 72-hour deadline; out-of-scope persons and requests are absent', async () => {
    const res = await call('POST', '/api/v1/data-subject-requests', officer, {
      kind: 'access',
      person_id: fx.alfa.personId,
      requester_name: 'Siti',
    });
    expect(res.statusCode).toBe(201);
    const dsr = res.json<Dsr>();
    expect(new Date(dsr.due_at).getTime() - new Date(dsr.received_at).getTime()).toBe(72 * 3_600_000);
    expect(dsr).toMatchObject({ status: 'open', overdue: false, hours_left: 71 });
    const outside = await call('POST', '/api/v1/data-subject-requests', outsider, {
      kind: 'access',
      person_id: fx.alfa.personId,
      requester_name: 'Siti',
    });
    expect(outside.statusCode).toBe(404);
    expect((await call('GET', `/api/v1/data-subject-requests/${dsr.id}`, outsider)).statusCode).toBe(404);
    expect((await call('GET', '/api/v1/data-subject-requests', outsider)).json()).toEqual({
      items: [],
      next_cursor: null,
    });
    const resolveOutside = await call('POST', `/api/v1/data-subject-requests/${dsr.id}/resolve`, outsider, {
      status: 'completed',
      resolution: 'x',
    });
    expect(resolveOutside.statusCode).toBe(404);

    // The export shows full identifiers (the subject's right to their record): only with a stated purpose.
    const withoutPurpose = await call('GET', `/api/v1/data-subject-requests/${dsr.id}/export`, officer);
    expect(withoutPurpose.statusCode).toBe(400);
    expect(withoutPurpose.json()).toMatchObject({ error: { code: 'purpose_required' } });
    const exported = await app.inject({
      url: `/api/v1/data-subject-requests/${dsr.id}/export`,
      headers: { authorization: `Bearer ${officer}`, 'x-purpose': 'UU 27/2022 access request' },
    });
    expect(exported.statusCode).toBe(200);
    const exportEntry = await lastEntry('dsr.export');
    expect(exportEntry).toMatchObject({ actor: 'pemda-alfa', purpose: 'UU 27/2022 access request' });
    expect(exportEntry.details).toMatchObject({ identifiers_revealed: true, role: 'pemda_officer' });
    expect(exported.json()).toMatchObject({
      person: { nik: fx.alfa.nik, kk: fx.alfa.kk, name: 'Siti ALFA' },
      enrolments: [{ program_code: 'PKH', period: '2026-03', amount: 750000 }],
      cooperative_memberships: [{ cooperative: 'Kopdes ALFA' }],
    });
    // The administrator manages requests but has no pii:read: no export.
    expect((await call('GET', `/api/v1/data-subject-requests/${dsr.id}/export`, admin)).statusCode).toBe(403);
  });

  it('reading one request, the audit log and the user list is audited with role, origin and purpose', async () => {
    const created = (
      await call('POST', '/api/v1/data-subject-requests', officer, {
        kind: 'correction',
        person_id: fx.alfa.personId,
        requester_name: 'Siti',
      })
    ).json<Dsr>();
    expect((await call('GET', `/api/v1/data-subject-requests/${created.id}`, officer)).statusCode).toBe(200);
    const read = await lastEntry('dsr.read');
    expect(read).toMatchObject({ actor: 'pemda-alfa', subject_id: String(created.id), origin: '127.0.0.1' });
    expect(read.details).toMatchObject({ role: 'pemda_officer', identifiers_revealed: false });

    expect((await call('GET', '/api/v1/audit?limit=5', admin)).statusCode).toBe(200);
    expect((await lastEntry('audit.list')).details).toMatchObject({ role: 'admin', returned: 5 });
    expect((await call('GET', '/api/v1/users', admin)).statusCode).toBe(200);
    const users = await lastEntry('user.list');
    expect(users).toMatchObject({ actor: 'dpo', origin: '127.0.0.1' });
    expect(users.details).toMatchObject({ role: 'admin', identifiers_revealed: false });
  });

  it('objections go to human review; erasure under legal hold is refused, otherwise anonymises', async () => {
    const objection = await call('POST', '/api/v1/data-subject-requests', officer, {
      kind: 'objection',
      person_id: fx.alfa.personId,
      requester_name: 'Siti',
      details: 'tidak setuju dikeluarkan dari PKH oleh sistem',
    });
    expect(objection.json<Dsr>().status).toBe('in_review');

    const erasure = (
      await call('POST', '/api/v1/data-subject-requests', officer, {
        kind: 'erasure',
        person_id: fx.alfa.personId,
        requester_name: 'Siti',
      })
    ).json<Dsr>();
    const held = await call('POST', `/api/v1/data-subject-requests/${erasure.id}/resolve`, officer, {
      status: 'completed',
      resolution: 'hapus',
      legal_hold: true,
    });
    expect(held.statusCode).toBe(400);
    expect(held.json()).toMatchObject({ error: { code: 'legal_hold' } });
    const done = await call('POST', `/api/v1/data-subject-requests/${erasure.id}/resolve`, officer, {
      status: 'completed',
      resolution: 'dianonimkan',
    });
    expect(done.statusCode).toBe(200);
    expect(done.json<Dsr>()).toMatchObject({ status: 'completed', overdue: false, hours_left: null });
    const person = await ctx.database.db
      .selectFrom('persons')
      .select(['nik', 'name', 'birth_date', 'household_id'])
      .where('id', '=', fx.alfa.personId)
      .executeTakeFirstOrThrow();
    expect(person).toEqual({
      nik: null,
      name: '(dihapus)',
      birth_date: null,
      household_id: fx.alfa.householdId,
    });
    const member = await ctx.database.db
      .selectFrom('cooperative_members')
      .select(['nik', 'name'])
      .where('person_id', '=', fx.alfa.personId)
      .executeTakeFirstOrThrow();
    expect(member).toEqual({ nik: null, name: '(dihapus)' });
    const again = await call('POST', `/api/v1/data-subject-requests/${erasure.id}/resolve`, officer, {
      status: 'rejected',
      resolution: 'x',
    });
    expect(again.json()).toMatchObject({ error: { code: 'already_resolved' } });
  });

  it('breach register: 72-hour notification deadline, national administrators only', async () => {
    const discovered = new Date(Date.now() - 80 * 3_600_000);
    const res = await call('POST', '/api/v1/breaches', admin, {
      discovered_at: discovered.toISOString(),
      description: 'laptop with an export lost',
      data_categories: ['nik', 'income'],
      subjects_affected: 1200,
    });
    expect(res.statusCode).toBe(201);
    const breach = res.json<{ id: number; overdue: boolean; hours_left: number; notify_due_at: string }>();
    expect(breach).toMatchObject({ overdue: true, hours_left: -8 });
    expect(new Date(breach.notify_due_at).getTime()).toBe(discovered.getTime() + 72 * 3_600_000);
    expect((await call('GET', '/api/v1/breaches', regionalAdmin)).json()).toEqual({ items: [] });
    expect((await call('POST', `/api/v1/breaches/${breach.id}/notified`, regionalAdmin)).statusCode).toBe(
      404,
    );
    expect((await call('POST', `/api/v1/breaches/${breach.id}/notified`, officer)).statusCode).toBe(403);
    const notified = await call('POST', `/api/v1/breaches/${breach.id}/notified`, admin);
    expect(notified.json()).toMatchObject({ overdue: true, hours_left: null });
    expect(await verifyAuditChain(ctx.database.db)).toMatchObject({ ok: true });
  });
});
