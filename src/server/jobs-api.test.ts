import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { runJobHere, submitJob } from '../jobs/job-service.js';
import { testEngines } from '../testing/test-database.js';
import { useTestApp } from './test-app.js';
import type { Fixture } from './test-fixtures.js';

const policyText = fs.readFileSync('policies/default.yaml', 'utf8');

describe.each(testEngines())('jobs through the API on %s', (kind) => {
  const ctx = useTestApp(kind);
  let app: FastifyInstance;
  let fx: Fixture;
  let operator: string;
  let regional: string;
  let reader: string;
  let jobId = 0;

  beforeAll(async () => {
    fx = ctx.fx;
    app = ctx.app;
    operator = await ctx.token('kemensos_officer', {}, 'kemensos-pusat');
    regional = await ctx.token('kemensos_officer', { regions: [fx.alfa.regency] }, 'kemensos-ntt');
    // An administrator reads source batches (batches:read) but does not run batch work (no imports:write).
    reader = await ctx.token('admin', {}, 'admin-pusat');
    jobId = await submitJob(ctx.database, 'policy-simulate', { policy_text: policyText }, 'test');
  });

  const call = (method: 'GET' | 'POST', url: string, token: string) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${token}` } });

  it('lists and shows a job with its province parts; the policy text is not echoed', async () => {
    const list = await call('GET', '/api/v1/jobs?state=queued', operator);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({
      items: [{ id: jobId, kind: 'policy-simulate', state: 'queued', parts: { total: 2, pending: 2 } }],
    });
    expect(list.body).not.toContain('policy_text');
    // What the dashboard offers to start: the kinds whose permission the role holds (a Kemensos officer has
    // imports:write, policies:read, linkage:review and indicators:read, not policies:write); an administrator
    // only indicators:read.
    expect(list.json<{ submittable: string[] }>().submittable).toEqual([
      'indicator-refresh',
      'policy-simulate',
      'link-run',
      'targeting-report',
    ]);
    expect((await call('GET', '/api/v1/jobs', reader)).json<{ submittable: string[] }>().submittable).toEqual(
      ['targeting-report'],
    );
    const shown = await call('GET', `/api/v1/jobs/${jobId}`, operator);
    expect(shown.statusCode).toBe(200);
    const body = shown.json<{ parts: Array<{ key: string; state: string }>; result: unknown }>();
    expect(body.parts.map((p) => p.key)).toEqual(
      [fx.bravo.regency.slice(0, 2), fx.alfa.regency.slice(0, 2)].sort(),
    );
    expect(body.result).toBeNull();
    expect((await call('GET', '/api/v1/jobs?state=nonsense', operator)).statusCode).toBe(400);
  });

  it('regional users see no jobs; cancel and retry need imports:write and are audited', async () => {
    expect((await call('GET', '/api/v1/jobs', regional)).json()).toEqual({ items: [], submittable: [] });
    const hidden = await call('GET', `/api/v1/jobs/${jobId}`, regional);
    const absent = await call('GET', '/api/v1/jobs/987654321', regional);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body.replaceAll(String(jobId), 'X')).toBe(absent.body.replaceAll('987654321', 'X'));
    expect((await call('POST', `/api/v1/jobs/${jobId}/cancel`, regional)).statusCode).toBe(404);
    expect((await call('POST', `/api/v1/jobs/${jobId}/cancel`, reader)).statusCode).toBe(403);

    const cancelled = await call('POST', `/api/v1/jobs/${jobId}/cancel`, operator);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ job: { state: 'cancelled', parts: { cancelled: 2 } } });
    const twice = await call('POST', `/api/v1/jobs/${jobId}/cancel`, operator);
    expect(twice.statusCode).toBe(400);
    expect(twice.json()).toMatchObject({ error: { code: 'invalid_state' } });
    const retried = await call('POST', `/api/v1/jobs/${jobId}/retry`, operator);
    expect(retried.json()).toMatchObject({ job: { state: 'queued', parts: { pending: 2 } } });
    const audit = await ctx.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor', 'subject_id'])
      .where('action', 'like', 'job.%')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'job.cancel', actor: 'kemensos-pusat', subject_id: String(jobId) },
      { action: 'job.retry', actor: 'kemensos-pusat', subject_id: String(jobId) },
    ]);
  });
  it('submits jobs: permission per kind, national scope only; the job runs and shows its progress', async () => {
    const submit = (token: string, payload: unknown) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/jobs',
        headers: { authorization: `Bearer ${token}` },
        payload: payload as Record<string, unknown>,
      });
    const simulate = { kind: 'policy-simulate', params: { policy_text: policyText } };
    expect((await submit(reader, simulate)).statusCode).toBe(403); // no policies:read
    expect((await submit(regional, simulate)).statusCode).toBe(403); // not national
    // policy-apply needs policies:write, which a Kemensos officer lacks.
    const apply = { kind: 'policy-apply', params: { policy_text: policyText, effective: '2026-04-01' } };
    expect((await submit(operator, apply)).json()).toMatchObject({ error: { code: 'forbidden' } });
    // Imports name a file on the workers' disks: not through the API.
    expect((await submit(operator, { kind: 'import', params: { path: '/etc/passwd' } })).statusCode).toBe(
      400,
    );
    const bad = await submit(operator, { kind: 'policy-simulate', params: { policy_text: 'rules: [' } });
    expect(bad.statusCode).toBe(400);

    const created = await submit(operator, simulate);
    expect(created.statusCode).toBe(201);
    const job = created.json<{ job: { id: number; created_by: string; params: Record<string, unknown> } }>()
      .job;
    expect(job).toMatchObject({ created_by: 'kemensos-pusat' });
    expect(JSON.stringify(job.params)).not.toContain('policy_text');
    // The embedded database runs it in the server's own process; on a server, a worker does.
    if (kind === 'postgres') await runJobHere(ctx.database, job.id);
    let shown = await call('GET', `/api/v1/jobs/${job.id}`, operator);
    for (let i = 0; i < 600 && shown.json<{ job: { state: string } }>().job.state !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      shown = await call('GET', `/api/v1/jobs/${job.id}`, operator);
    }
    expect(shown.json()).toMatchObject({ job: { state: 'done', parts: { total: 2, done: 2 } } });
    expect(shown.json<{ result: { households: number } }>().result.households).toBeGreaterThan(0);
  });
});
