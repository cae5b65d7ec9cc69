import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_DEFINITIONS, ROLES, type Permission, type Role } from '../shared/roles.js';
import { LinkageRepository } from '../linkage/storage/linkage-repository.js';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { submitJob } from '../jobs/job-service.js';
import { buildApp } from './app.js';
import {
  buildFixture,
  buildPilotFixture,
  buildVerificationFixture,
  tokenFor,
  type Fixture,
} from './test-fixtures.js';

/**
 * Walks EVERY registered route with, for each role, a user whose scope covers the ALFA fixture and one whose
 * scope does not. Out of scope must look exactly like absent (404 with the same body as a nonexistent id),
 * lists must not mention ALFA, and a role without the route's permission gets 403 whatever its scope.
 * A new route fails this test until it is added to ROUTE_PERMISSION (and so gets walked).
 */
const ROUTE_PERMISSION: Record<string, Permission | Permission[] | 'authenticated' | 'public'> = {
  'GET /healthz': 'public',
  // The dashboard's bundle and index.html (web-app.ts): no data.
  'GET /*': 'public',
  'GET /api/openapi.json': 'public',
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/logout': 'authenticated',
  'GET /api/v1/auth/me': 'authenticated',
  'GET /api/v1/households': 'households:read',
  'GET /api/v1/households/:id': 'households:read',
  'GET /api/v1/persons': 'persons:read',
  'GET /api/v1/persons/:id': 'persons:read',
  'GET /api/v1/regions': 'regions:read',
  'GET /api/v1/regions/:code': 'regions:read',
  'GET /api/v1/indicators/households': 'indicators:read',
  'GET /api/v1/indicators/households/children': 'indicators:read',
  'GET /api/v1/indicators/households/snapshots': 'indicators:read',
  'GET /api/v1/indicators': 'indicators:read',
  'GET /api/v1/indicators/values': 'indicators:read',
  'GET /api/v1/indicators/:indicator/children': 'indicators:read',
  'GET /api/v1/indicators/:indicator/children/export': 'indicators:read',
  'GET /api/v1/cooperatives': 'cooperatives:read',
  'GET /api/v1/cooperatives/:id': 'cooperatives:read',
  'GET /api/v1/cooperatives/:id/members': 'members:read',
  'GET /api/v1/cooperatives/:id/trial-balance': 'cooperatives:read',
  'GET /api/v1/cooperatives/:id/financial-statements': 'cooperatives:read',
  'GET /api/v1/cooperatives/:id/savings': 'members:read',
  'GET /api/v1/cooperatives/:id/loans': 'members:read',
  'GET /api/v1/cooperative-members/:id/statement': 'members:read',
  'GET /api/v1/cooperatives/:id/shu': 'members:read',
  // Postings are walked in coop-ledger-api.test.ts (scope, permission, idempotency, audit).
  'POST /api/v1/cooperatives/:id/savings-transactions': 'ledger:post',
  'POST /api/v1/cooperatives/:id/loans': 'ledger:post',
  'POST /api/v1/cooperatives/:id/loan-repayments': 'ledger:post',
  'POST /api/v1/cooperatives/:id/reversals': 'ledger:post',
  'GET /api/v1/cooperatives/:id/bank-loans': 'cooperatives:read',
  'POST /api/v1/cooperatives/:id/bank-loans': 'ledger:post',
  'POST /api/v1/cooperatives/:id/loan-write-offs': 'ledger:post',
  'POST /api/v1/cooperatives/:id/loan-restructurings': 'ledger:post',
  'POST /api/v1/cooperatives/:id/loan-penalties': 'ledger:post',
  // Cooperative operations: changes are walked in coop-operations-api.test.ts.
  'GET /api/v1/cooperatives/:id/mentoring-sessions': 'members:read',
  'POST /api/v1/cooperatives/:id/mentoring-sessions': 'cooperatives:manage',
  'POST /api/v1/cooperatives/:id/followup-closures': 'cooperatives:manage',
  'GET /api/v1/cooperatives/:id/register-check': 'cooperatives:read',
  'POST /api/v1/cooperatives/:id/business-units': 'cooperatives:manage',
  'POST /api/v1/cooperatives/:id/officers': 'cooperatives:manage',
  'POST /api/v1/cooperatives/:id/officer-terms-ended': 'cooperatives:manage',
  'POST /api/v1/cooperatives/:id/rat-meetings': 'cooperatives:manage',
  'GET /api/v1/cooperatives/:id/health': 'cooperatives:read',
  'POST /api/v1/cooperative-members/:id/exit': 'ledger:post',
  'GET /api/v1/cooperative-members/:id/history': 'members:read',
  'GET /api/v1/cooperative-foundings': 'cooperatives:read',
  'POST /api/v1/cooperative-foundings': 'cooperatives:manage',
  'GET /api/v1/cooperative-foundings/:id': 'cooperatives:read',
  'POST /api/v1/cooperative-foundings/:id/steps': 'cooperatives:manage',
  'POST /api/v1/cooperative-foundings/:id/register': 'cooperatives:manage',
  'GET /api/v1/cooperatives/:id/report': 'members:read',
  'GET /api/v1/cooperatives/:id/rat-report.pdf': 'members:read',
  'GET /api/v1/source-batches': 'batches:read',
  'GET /api/v1/source-batches/:id': 'batches:read',
  // Batch jobs are national-only; cancelling and retrying are walked in jobs-api.test.ts.
  'GET /api/v1/jobs': 'batches:read',
  // Submitting needs the permission of its kind (jobs-api.test.ts walks each).
  'POST /api/v1/jobs': 'policies:read',
  'GET /api/v1/jobs/:id': 'batches:read',
  'POST /api/v1/jobs/:id/cancel': 'imports:write',
  'POST /api/v1/jobs/:id/retry': 'imports:write',
  'GET /api/v1/users': 'users:read',
  'GET /api/v1/users/:id': 'users:read',
  'POST /api/v1/users': 'users:manage',
  'POST /api/v1/users/:id/disable': 'users:manage',
  // Issue and revoke are walked below ("machine tokens") and in api-tokens.test.ts.
  'GET /api/v1/api-tokens': 'users:read',
  'POST /api/v1/api-tokens': 'users:manage',
  'POST /api/v1/api-tokens/:id/revoke': 'users:manage',
  'GET /api/v1/audit': 'audit:read',
  'GET /api/v1/audit/verify': 'audit:read',
  // Mutating data-protection routes are walked in data-protection.test.ts.
  'POST /api/v1/data-subject-requests': 'dsr:manage',
  'GET /api/v1/data-subject-requests': 'dsr:read',
  'GET /api/v1/data-subject-requests/:id': 'dsr:read',
  'POST /api/v1/data-subject-requests/:id/resolve': 'dsr:manage',
  'GET /api/v1/data-subject-requests/:id/export': ['dsr:manage', 'pii:read'],
  'GET /api/v1/breaches': 'breaches:manage',
  // Recording consent is walked in consent.test.ts.
  'GET /api/v1/consents': 'consent:read',
  'POST /api/v1/consents': 'consent:manage',
  'GET /api/v1/programs': 'indicators:read',
  'GET /api/v1/villages/ranking': 'indicators:read',
  'GET /api/v1/reports/targeting': 'indicators:read',
  'GET /api/v1/reports/targeting/unmatched': 'persons:read',
  // Imports and policies are exercised in imports-policies.test.ts.
  'POST /api/v1/imports': 'imports:write',
  'GET /api/v1/source-batches/:id/rejects': 'batches:read',
  'POST /api/v1/source-batches/:id/revert': 'imports:write',
  'GET /api/v1/policies': 'policies:read',
  'GET /api/v1/policies/:policy/versions/:version': 'policies:read',
  'POST /api/v1/policies/validate': 'policies:read',
  'POST /api/v1/policies/simulate': 'policies:read',
  'POST /api/v1/policies/apply': 'policies:write',
  'GET /api/v1/households/:id/decisions': 'households:read',
  'GET /api/v1/linkage/runs': 'linkage:review',
  'GET /api/v1/linkage/runs/:id/review': 'linkage:review',
  // Deciding a pair is tested in linkage.test.ts.
  'POST /api/v1/linkage/runs/:id/review': 'linkage:review',
  // The DCI search is walked in dci.test.ts.
  'POST /api/v1/dci/registry/sync/search': 'authenticated',
  'POST /api/v1/breaches': 'breaches:manage',
  'POST /api/v1/breaches/:id/notified': 'breaches:manage',
  // Pilots and enrolment: changes are exercised in pilots-api.test.ts.
  'GET /api/v1/pilots': 'pilots:read',
  'POST /api/v1/pilots': 'pilots:manage',
  'GET /api/v1/pilots/:id': 'pilots:read',
  'GET /api/v1/pilots/:id/assignments': 'pilots:read',
  'GET /api/v1/pilots/:id/balance': 'pilots:read',
  'POST /api/v1/pilots/:id/randomize': 'pilots:manage',
  'POST /api/v1/pilots/:id/match': 'pilots:manage',
  'POST /api/v1/pilots/:id/publish': 'pilots:manage',
  'POST /api/v1/pilots/:id/waves/open': 'pilots:manage',
  // The fixture pilot has no follow-up snapshot: 200 with each outcome's problem (pilot-evaluation-api.test.ts).
  'GET /api/v1/pilots/:id/evaluation': 'pilots:read',
  'GET /api/v1/pilots/:id/evaluation.pdf': 'pilots:read',
  'GET /api/v1/pilots/:id/evaluation.xlsx': 'pilots:read',
  'GET /api/v1/enrolments': 'enrolment:read',
  'GET /api/v1/enrolment-funnel': 'enrolment:read',
  'GET /api/v1/enrolments/:id': 'enrolment:read',
  'POST /api/v1/enrolments': 'enrolment:manage',
  'POST /api/v1/enrolments/:id/transitions': 'enrolment:manage',
  'POST /api/v1/enrolments/:id/visits': 'enrolment:manage',
  'GET /api/v1/work-list': 'enrolment:read',
  'GET /api/v1/work-list/export': 'enrolment:read',
  'GET /api/v1/villages/:code/work-list.pdf': 'enrolment:read',
  'POST /api/v1/facilitators/:id/villages': 'facilitators:manage',
  // Field verification: proposing and reviewing are exercised in verification-api.test.ts.
  'GET /api/v1/verification-proposals': 'verification:read',
  'GET /api/v1/verification-proposals/export': 'verification:review',
  'GET /api/v1/verification-proposals/:id': 'verification:read',
  'POST /api/v1/verification-proposals': 'verification:propose',
  'POST /api/v1/verification-proposals/:id/review': 'verification:review',
};

/** Served by plugins, not data routes: the docs UI (no data) and the CORS preflight (tested in hardening). */
const isInfrastructure = (r: { method: string; url: string }) =>
  r.url.startsWith('/api/docs') || r.method === 'OPTIONS';

const ABSENT_ID = 987654321;
const WALK_POLICY = fs.readFileSync('policies/default.yaml', 'utf8');
const ABSENT_REGION = '99.99.99.9999';

describe.each(testEngines())('every route, every role, in and out of scope on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  let app: FastifyInstance;
  let fx: Fixture;
  const users = new Map<string, { token: string; userId: number }>();
  let alfaUserId = 0;
  let alfaRequestId = 0;
  let runId = 0;
  let alfaPilot = { pilotId: 0, enrolmentId: 0 };
  let alfaProposalId = 0;
  let alfaFoundingId = 0;
  let jobId = 0;
  let alfaTokenId = 0;

  beforeAll(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database });
    for (const role of ROLES) {
      const rule = ROLE_DEFINITIONS[role].scope;
      const inScope =
        rule === 'cooperative'
          ? { cooperativeId: fx.alfa.cooperativeId }
          : rule === 'regions'
            ? { regions: [fx.alfa.regency] }
            : {};
      const outScope =
        rule === 'cooperative' ? { cooperativeId: fx.bravo.cooperativeId } : { regions: [fx.bravo.regency] };
      users.set(`in:${role}`, await tokenFor(ctx.database, `alfa-${role.replace('_', '-')}`, role, inScope));
      users.set(
        `out:${role}`,
        await tokenFor(ctx.database, `bravo-${role.replace('_', '-')}`, role, outScope),
      );
    }
    alfaUserId = users.get('in:pemda_officer')!.userId;
    alfaTokenId = (
      await ctx.database.db
        .selectFrom('auth_tokens')
        .select('id')
        .where('user_id', '=', alfaUserId)
        .executeTakeFirstOrThrow()
    ).id;
    alfaPilot = await buildPilotFixture(ctx.database, fx.alfa, users.get('in:pendamping')!.userId);
    alfaProposalId = await buildVerificationFixture(ctx.database, fx.alfa);
    // A founding that ended in ALFA's cooperative (so its coop_officer sees it too).
    alfaFoundingId = (
      await ctx.database.db
        .insertInto('coop_foundings')
        .values({
          province_code: fx.alfa.village.slice(0, 2),
          village_code: fx.alfa.village,
          name: 'Kopdes ALFA',
          status: 'registered',
          cooperative_id: fx.alfa.cooperativeId,
          created_by: 'test',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const dsr = await ctx.database.db
      .insertInto('data_subject_requests')
      .values({
        kind: 'access',
        person_id: fx.alfa.personId,
        region_code: fx.alfa.village,
        requester_name: 'Siti ALFA',
        due_at: new Date(Date.now() + 72 * 3_600_000),
        created_by: 'test',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    alfaRequestId = dsr.id;
    runId = await ctx.database.transaction((tx) =>
      new LinkageRepository(tx.db).recordRun({
        kind: 'dedupe',
        leftSource: 'dtsen.csv',
        rightSource: null,
        settings: {},
        model: {},
        blocking: {},
        quality: null,
        candidatePairs: 1,
        matches: 0,
        startedAt: new Date(),
        runBy: 'test',
        review: [{ leftKey: 'a', rightKey: 'b', probability: 0.5, explanation: {} }],
      }),
    );
    // A queued job (its one part is ALFA's province): national users see it, everyone else nothing.
    jobId = await submitJob(ctx.database, 'policy-simulate', { policy_text: WALK_POLICY }, 'test');
    const rejects = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'entas-walk-')), 'rejects.csv');
    fs.writeFileSync(rejects, 'line,field,value\n2,NAMA,Siti ALFA\n');
    await ctx.database.db
      .updateTable('source_batches')
      .set({ meta: JSON.stringify({ rejects_file: rejects }) })
      .where('id', '=', fx.batchId)
      .execute();
    // Policies are national rules (no region, no people): every role with policies:read sees the same text.
    await ctx.database.db
      .insertInto('policies')
      .values({
        policy_id: 'walk-policy',
        version: 1,
        as_of: '2026-01-01',
        content: 'id: walk-policy\n',
        content_hash: 'walk',
        created_by: 'test',
      })
      .execute();
  }, 60_000);
  afterAll(async () => app?.close());

  const get = (url: string, who?: string) =>
    app.inject({
      method: 'GET',
      url,
      headers: who
        ? {
            authorization: `Bearer ${users.get(who)!.token}`,
            // The data-subject export shows full identifiers, so it needs a stated purpose.
            ...(url.endsWith('/export') ? { 'x-purpose': 'route walk' } : {}),
          }
        : {},
    });

  /** The URL of a route's ALFA record, and the same URL for a record that does not exist. */
  function urls(route: string): { present: string; absent: string; presentKey: string; absentKey: string } {
    const [, path] = route.split(' ') as [string, string];
    const ids: Record<string, number> = {
      households: fx.alfa.householdId,
      persons: fx.alfa.personId,
      cooperatives: fx.alfa.cooperativeId,
      'cooperative-members': fx.alfa.memberId,
      'source-batches': fx.batchId,
      users: alfaUserId,
      'api-tokens': alfaTokenId,
      'data-subject-requests': alfaRequestId,
      linkage: runId,
      pilots: alfaPilot.pilotId,
      enrolments: alfaPilot.enrolmentId,
      facilitators: users.get('in:pendamping')!.userId,
      'verification-proposals': alfaProposalId,
      'cooperative-foundings': alfaFoundingId,
      jobs: jobId,
    };
    if (path.startsWith('/api/v1/indicators/:indicator/children')) {
      const base = path.replace(':indicator', 'kpm_conversion');
      return {
        present: `${base}?region=${fx.alfa.regency}`,
        absent: `${base}?region=${ABSENT_REGION}`,
        presentKey: fx.alfa.regency,
        absentKey: ABSENT_REGION,
      };
    }
    if (path.includes(':policy')) {
      return {
        present: path.replace(':policy', 'walk-policy').replace(':version', '1'),
        absent: path.replace(':policy', 'walk-policy').replace(':version', '2'),
        presentKey: '',
        absentKey: '',
      };
    }
    if (path.includes(':code')) {
      return {
        present: path.replace(':code', fx.alfa.village),
        absent: path.replace(':code', ABSENT_REGION),
        presentKey: fx.alfa.village,
        absentKey: ABSENT_REGION,
      };
    }
    if (path === '/api/v1/cooperatives/:id/shu') {
      const query = '?year=2026&reserve=40&jasa_usaha=30&jasa_modal=30';
      const id = String(fx.alfa.cooperativeId);
      return {
        present: path.replace(':id', id) + query,
        absent: path.replace(':id', String(ABSENT_ID)) + query,
        presentKey: id,
        absentKey: String(ABSENT_ID),
      };
    }
    if (path.includes(':id')) {
      const id = ids[path.split('/')[3]!]!;
      return {
        present: path.replace(':id', String(id)),
        absent: path.replace(':id', String(ABSENT_ID)),
        presentKey: String(id),
        absentKey: String(ABSENT_ID),
      };
    }
    if (path === '/api/v1/indicators/values') {
      return {
        present: `${path}?indicator=kpm_conversion&region=${fx.alfa.regency}`,
        absent: `${path}?indicator=kpm_conversion&region=${ABSENT_REGION}`,
        presentKey: fx.alfa.regency,
        absentKey: ABSENT_REGION,
      };
    }
    if (path === '/api/v1/indicators/households' || path === '/api/v1/indicators/households/snapshots') {
      return {
        present: `${path}?region=${fx.alfa.regency}`,
        absent: `${path}?region=${ABSENT_REGION}`,
        presentKey: fx.alfa.regency,
        absentKey: ABSENT_REGION,
      };
    }
    return { present: path, absent: path, presentKey: '', absentKey: '' };
  }

  function assertNoAlfa(body: string, where: string): void {
    expect(body.toLowerCase(), where).not.toContain('alfa');
    expect(body, where).not.toContain(fx.alfa.village);
    expect(body, where).not.toContain(fx.alfa.nik.slice(-4) + '"');
  }

  it('every registered route is in the walk table, and the table has no stale entries', () => {
    const registered = app.routeList.filter((r) => !isInfrastructure(r)).map((r) => `${r.method} ${r.url}`);
    expect(registered.filter((r) => !(r in ROUTE_PERMISSION))).toEqual([]);
    expect(Object.keys(ROUTE_PERMISSION).filter((r) => !registered.includes(r))).toEqual([]);
    for (const r of app.routeList) {
      if (isInfrastructure(r)) continue;
      expect(r.public, `${r.method} ${r.url}`).toBe(ROUTE_PERMISSION[`${r.method} ${r.url}`] === 'public');
    }
  });

  it('every non-public route answers 401 without a token and with a revoked-looking token', async () => {
    for (const r of app.routeList) {
      if (r.public || isInfrastructure(r)) continue;
      const { present } = urls(`${r.method} ${r.url}`);
      for (const headers of [{}, { authorization: 'Bearer entas_api_not-a-real-token-at-all' }]) {
        const res = await app.inject({
          method: r.method as 'GET',
          url: present,
          headers,
          payload: r.method === 'POST' ? {} : undefined,
        });
        expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
        const code = 'authorization' in headers ? 'invalid_token' : 'unauthorized';
        expect(res.json()).toMatchObject({ error: { code } });
      }
    }
  });

  it.each(ROLES)(
    'GET routes for %s: permission → 403 regardless of scope; out of scope = absent',
    async (role: Role) => {
      for (const r of app.routeList) {
        const key = `${r.method} ${r.url}`;
        const permission = ROUTE_PERMISSION[key];
        if (r.method !== 'GET' || r.public || isInfrastructure(r) || permission === 'authenticated') continue;
        const needed = [permission].flat() as Permission[];
        const allowed = needed.every((p) => ROLE_DEFINITIONS[role].permissions.includes(p));
        const u = urls(key);
        const inside = await get(u.present, `in:${role}`);
        const outside = await get(u.present, `out:${role}`);
        if (!allowed) {
          expect(inside.statusCode, `${role} ${key}`).toBe(403);
          expect(outside.statusCode, `${role} ${key}`).toBe(403);
          expect(outside.json()).toEqual(inside.json());
          continue;
        }
        // Source batches are national-only; every other route shows ALFA to the in-scope user.
        const nationalOnly =
          r.url.startsWith('/api/v1/source-batches') ||
          r.url.startsWith('/api/v1/jobs') ||
          r.url.startsWith('/api/v1/linkage') ||
          r.url === '/api/v1/audit/verify';
        const insideSeesIt = !(nationalOnly && ROLE_DEFINITIONS[role].scope !== 'national_or_regions');
        if (insideSeesIt) expect(inside.statusCode, `${role} ${key} in scope`).toBe(200);
        if (u.presentKey !== '') {
          const absent = await get(u.absent, `out:${role}`);
          expect(outside.statusCode, `${role} ${key} out of scope`).toBe(absent.statusCode);
          expect(outside.body.replaceAll(u.presentKey, '<key>'), `${role} ${key}`).toBe(
            absent.body.replaceAll(u.absentKey, '<key>'),
          );
          if (insideSeesIt) expect(outside.statusCode, `${role} ${key} out of scope`).toBe(404);
        } else {
          expect(outside.statusCode, `${role} ${key} out of scope`).toBe(200);
          assertNoAlfa(outside.body, `${role} ${key} out of scope`);
          for (const query of [`region=${fx.alfa.regency}`, `region=${fx.alfa.village}`]) {
            const filtered = await get(`${u.present}?${query}`, `out:${role}`);
            if (filtered.statusCode === 400) continue; // route has no region filter
            expect(filtered.statusCode, `${role} ${key}?${query}`).toBe(200);
            assertNoAlfa(filtered.body, `${role} ${key}?${query}`);
          }
        }
        if (insideSeesIt && /^\/api\/v1\/households(\/:id)?$/.test(r.url)) {
          expect(inside.body, `${role} ${key}`).toContain('ALFA');
        }
      }
    },
    60_000,
  );

  it('machine tokens: issued within separation of duties, shown once, revoked; out of scope = absent', async () => {
    const post = (url: string, who: string, payload: object = {}) =>
      app.inject({
        method: 'POST',
        url,
        payload,
        headers: { authorization: `Bearer ${users.get(who)!.token}` },
      });
    const target = await tokenFor(ctx.database, 'alfa-token-target', 'pendamping', {
      regions: [fx.alfa.regency],
    });
    const targetToken = (
      await ctx.database.db
        .selectFrom('auth_tokens')
        .select('id')
        .where('user_id', '=', target.userId)
        .executeTakeFirstOrThrow()
    ).id;
    // Out of scope looks like absent, for revoking and for issuing.
    const outside = await post(`/api/v1/api-tokens/${targetToken}/revoke`, 'out:admin');
    const absent = await post(`/api/v1/api-tokens/${ABSENT_ID}/revoke`, 'out:admin');
    expect(outside.statusCode).toBe(404);
    expect(outside.body.replaceAll(String(targetToken), 'X')).toBe(
      absent.body.replaceAll(String(ABSENT_ID), 'X'),
    );
    const issueOutside = await post('/api/v1/api-tokens', 'out:admin', {
      username: 'alfa-auditor',
      name: 'x',
    });
    const issueAbsent = await post('/api/v1/api-tokens', 'out:admin', {
      username: 'no-such-user',
      name: 'x',
    });
    expect(issueOutside.statusCode).toBe(404);
    expect(issueOutside.body.replaceAll('alfa-auditor', 'X')).toBe(
      issueAbsent.body.replaceAll('no-such-user', 'X'),
    );
    expect(
      (await post('/api/v1/api-tokens', 'in:auditor', { username: 'alfa-auditor', name: 'x' })).statusCode,
    ).toBe(403);
    // A token acts as its user: an administrator cannot mint one for a pendamping (pii:read).
    const beyond = await post('/api/v1/api-tokens', 'in:admin', { username: 'alfa-token-target', name: 'x' });
    expect(beyond.statusCode).toBe(403);
    expect(beyond.body).toContain('pii:read');
    const issued = await post('/api/v1/api-tokens', 'in:admin', {
      username: 'alfa-auditor',
      name: 'sync',
      days: 30,
    });
    expect(issued.statusCode).toBe(201);
    expect(issued.headers['cache-control']).toBe('no-store');
    const { id, token, expires_at } = issued.json<{ id: number; token: string; expires_at: string }>();
    expect(new Date(expires_at).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const me = await app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json()).toMatchObject({ username: 'alfa-auditor' });
    // Listed without the secret; then revoked, and the token no longer signs in.
    const list = await get('/api/v1/api-tokens', 'in:auditor');
    expect(list.json<{ items: { id: number }[] }>().items.map((t) => t.id)).toContain(id);
    expect(list.body).not.toContain(token);
    expect((await post(`/api/v1/api-tokens/${id}/revoke`, 'in:admin')).json()).toEqual({ id, revoked: true });
    const after = await app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(after.statusCode).toBe(401);
    const audit = await ctx.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'in', ['token.create', 'token.revoke', 'token.list'])
      .where('actor', 'in', ['alfa-admin', 'alfa-auditor'])
      .execute();
    expect(new Set(audit.map((a) => a.action))).toEqual(
      new Set(['token.create', 'token.revoke', 'token.list']),
    );
  });

  it('user management: out-of-scope admin gets 404 (as for an absent user), others 403', async () => {
    const target = await tokenFor(ctx.database, 'alfa-target', 'pendamping', { regions: [fx.alfa.regency] });
    const post = (url: string, who: string, payload: object = {}) =>
      app.inject({
        method: 'POST',
        url,
        payload,
        headers: { authorization: `Bearer ${users.get(who)!.token}` },
      });
    const outside = await post(`/api/v1/users/${target.userId}/disable`, 'out:admin');
    const absent = await post(`/api/v1/users/${ABSENT_ID}/disable`, 'out:admin');
    expect(outside.statusCode).toBe(404);
    expect(outside.body.replace(String(target.userId), 'X')).toBe(
      absent.body.replace(String(ABSENT_ID), 'X'),
    );
    expect((await post(`/api/v1/users/${target.userId}/disable`, 'in:auditor')).statusCode).toBe(403);
    const newUser = {
      username: 'alfa-new',
      password: 'Perahu-Layar-Mangga-Kuning-8',
      role: 'auditor',
      regions: [fx.alfa.regency],
    };
    expect((await post('/api/v1/users', 'out:admin', newUser)).statusCode).toBe(404);
    expect((await post('/api/v1/users', 'in:kemensos_officer', newUser)).statusCode).toBe(403);
    // Separation of duties: a pendamping carries pii:read, which the administrator lacks.
    const beyond = await post('/api/v1/users', 'in:admin', { ...newUser, role: 'pendamping' });
    expect(beyond.statusCode).toBe(403);
    expect(beyond.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect(beyond.body).toContain('pii:read');
    const created = await post('/api/v1/users', 'in:admin', newUser);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      user: { username: 'alfa-new', role: 'auditor', regions: ['53.01'] },
    });
    expect(created.body).not.toContain('password');
    expect((await post(`/api/v1/users/${target.userId}/disable`, 'in:admin')).json()).toEqual({
      disabled: true,
    });
    const afterDisable = await app.inject({
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${target.token}` },
    });
    expect(afterDisable.statusCode).toBe(401);
  });
});
