import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { localActor } from '../audit/access-audit.js';
import type { Database } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { runDemo } from '../demo/run-demo.js';
import { writeDtsenFile } from '../intake/testing/dtsen-file.js';
import { applyPolicy } from '../policy/policy-apply-service.js';
import { compilePolicy } from '../policy/policy-compiler.js';
import { targetingReport } from '../reports/targeting-report.js';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import type { PartContext } from './job-kind.js';
import { JOB_KINDS } from './job-kinds.js';
import { JobRepository } from './job-repository.js';
import { runJobHere, showJob, submitJob } from './job-service.js';

const policyText = fs.readFileSync('policies/default.yaml', 'utf8');
const actor = localActor('batch-jobs-test');
const REGENCIES = ['53.01', '31.71'];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-batch-jobs-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const json = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;

async function runToEnd(database: Database, id: number) {
  const detail = await runJobHere(database, id, { leaseMs: 30_000 });
  expect(detail.job.error).toBeNull();
  expect(detail.job.state).toBe('done');
  return detail;
}

/** The current decision of every household: treatment, rule and cooperative. */
async function currentDecisions(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ line: string }>`
    SELECT concat_ws('|', household_id, treatment, rule_id, cooperative_id, cooperative_match) AS line
    FROM policy_decisions WHERE superseded_by IS NULL ORDER BY household_id`.execute(db);
  return rows.map((r) => r.line);
}

const count = async (db: Kysely<DB>, table: 'persons' | 'households' | 'source_batches') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function demoData(database: Database) {
  for (const regency of REGENCIES)
    await runDemo(database, { regency, households: 120, seed: regency, actor: 'batch-jobs-test' });
}

/**
 * Claims the job's first pending part as a worker that then dies: `killAt` 'work' throws inside the part's
 * transaction (nothing commits), 'after-commit' lets the work and its checkpoint commit and dies before the part
 * is marked done. Then the lease runs out, as it does for a dead worker.
 */
async function dieInPart(database: Database, id: number, killAt: 'work' | 'after-commit') {
  const repo = new JobRepository(database.db);
  const claimed = (await repo.claim('dead-worker', 60_000, id))!;
  const context: PartContext = {
    jobId: id,
    key: claimed.part_key,
    province: claimed.province_code,
    checkpoint: null,
    save: async (tx, checkpoint, done, total) => {
      if (killAt === 'work') throw new Error('killed');
      await new JobRepository(tx.db).renew('dead-worker', claimed, 60_000, { done, total, checkpoint });
    },
    progress: () => undefined,
  };
  const kind = JOB_KINDS.get((await repo.job(id))!.kind)!;
  const params = kind.parse((await repo.job(id))!.params);
  if (killAt === 'work') await expect(kind.runPart(database, params, context)).rejects.toThrow('killed');
  else await kind.runPart(database, params, context);
  await database.exec(
    `UPDATE job_parts SET lease_expires_at = now() - interval '1 second' WHERE job_id = ${id}`,
  );
  return claimed.part_key;
}

describe.each(testEngines())('batch jobs on %s', (kind) => {
  const ctx = useTestDatabase(kind);

  it('imports a file as a job; killed inside or after its transaction, it resumes without duplicating rows', async () => {
    const database = ctx.database;
    const file = path.join(dir, `dtsen-${kind}-2026-03-31.csv`);
    const households = await writeDtsenFile(file, 3_000, { villages: 40, province: '53' });
    const params = { profile: 'dtsen', path: file, rejects_dir: dir, actor: 'batch-jobs-test' };

    // Killed while importing: nothing of the batch stays; the resumed part imports it once.
    const id = await submitJob(database, 'import', params, 'batch-jobs-test');
    expect(await dieInPart(database, id, 'work')).toBe('file');
    expect(await count(database.db, 'persons')).toBe(0);
    const done = await runToEnd(database, id);
    expect(done.parts[0]).toMatchObject({ state: 'done', attempts: 2, progress_done: 3_000 });
    expect(done.job.result).toMatchObject({ status: 'imported', rows: 3_000, accepted: 3_000 });
    expect(await count(database.db, 'persons')).toBe(3_000);
    expect(await count(database.db, 'households')).toBe(households);

    // Killed after the commit: the checkpoint holds the result, so the resumed part imports nothing again.
    const file2 = path.join(dir, `dtsen-${kind}-b-2026-04-30.csv`);
    fs.writeFileSync(file2, fs.readFileSync(file, 'utf8').replace(/,petani\n/g, ',nelayan\n'));
    const id2 = await submitJob(database, 'import', { ...params, path: file2 }, 'batch-jobs-test');
    await dieInPart(database, id2, 'after-commit');
    const batches = await count(database.db, 'source_batches');
    const done2 = await runToEnd(database, id2);
    expect(done2.job.result).toMatchObject({ status: 'imported', rows: 3_000 });
    expect(await count(database.db, 'source_batches')).toBe(batches);
    expect(await count(database.db, 'persons')).toBe(3_000);
    // The same file again: already imported, nothing changes.
    const again = await runToEnd(database, await submitJob(database, 'import', params, 'batch-jobs-test'));
    expect(again.job.result).toMatchObject({ status: 'already_imported' });
    expect(await count(database.db, 'source_batches')).toBe(batches);

    // A file changed after planning is refused rather than imported half-known.
    const id3 = await submitJob(database, 'import', { ...params, path: file2 }, 'batch-jobs-test');
    fs.appendFileSync(file2, '\n');
    fs.utimesSync(file2, new Date(), new Date(Date.now() + 5_000));
    const failed = await runJobHere(database, id3, { leaseMs: 30_000 });
    expect(failed.job.state).toBe('failed');
    expect(failed.job.error).toMatch(/changed since the job was planned/);
  }, 240_000);

  it('applies a policy by province; decisions equal one application; a part killed after commit is not applied twice', async () => {
    const database = ctx.database;
    await database.exec('TRUNCATE households, persons CASCADE');
    await demoData(database);
    const policy = compilePolicy(policyText).policy!;
    const whole = await applyPolicy(database, policy, policyText, { effective: '2026-04-01', actor });
    const reference = await currentDecisions(database.db);
    expect(reference).toHaveLength(whole.households);

    const id = await submitJob(
      database,
      'policy-apply',
      { policy_text: policyText, effective: '2026-04-01', actor: 'batch-jobs-test' },
      'batch-jobs-test',
    );
    expect((await showJob(database, id)).parts.map((p) => p.part_key)).toEqual(['31', '53']);
    const killed = await dieInPart(database, id, 'after-commit');
    const applications = async () =>
      (await database.db.selectFrom('policy_applications').select('id').execute()).length;
    const before = await applications();
    const done = await runToEnd(database, id);
    expect(await applications()).toBe(before + 1); // only the part not yet applied
    expect(done.parts.find((p) => p.part_key === killed)!.attempts).toBe(2);
    expect(done.job.result).toMatchObject({
      households: whole.households,
      by_treatment: whole.by_treatment,
      superseded: whole.households,
    });
    expect(await currentDecisions(database.db)).toEqual(reference);
  }, 240_000);

  it('links by province as a job, then people listed in another province by NIK; a finished part rerun compares nothing', async () => {
    const database = ctx.database;
    if ((await count(database.db, 'households')) === 0) await demoData(database); // run alone (-t)
    // Three people of province 31 are listed in a village of province 53, where they live now.
    const { rows: moved } = await sql<{ id: number; person_id: number }>`
      SELECT e.id, min(p.id) AS person_id FROM program_enrolments e JOIN persons p ON p.nik = e.nik
      WHERE e.province_code = '31' AND e.nik ~ '^[0-9]{16}$'
      GROUP BY e.id HAVING count(*) = 1 ORDER BY e.id LIMIT 3`.execute(database.db);
    expect(moved).toHaveLength(3);
    const village = (
      await database.db
        .selectFrom('households')
        .select('village_code')
        .where('province_code', '=', '53')
        .executeTakeFirstOrThrow()
    ).village_code;
    await sql`UPDATE program_enrolments SET province_code = '53', village_code = ${village}
              WHERE id = ANY(${moved.map((m) => m.id)}::bigint[])`.execute(database.db);
    await database.exec('UPDATE program_enrolments SET person_id = NULL, household_id = NULL');

    const id = await submitJob(database, 'link-run', { source: 'bansos', actor: 'batch-jobs-test' }, 'x');
    expect((await showJob(database, id)).parts.map((p) => p.part_key)).toEqual(['31', '53', 'moved']);
    const done = await runToEnd(database, id);
    const result = done.job.result as {
      runs: number[];
      linked: Record<string, number>;
      moved: { linked: Record<string, number>; by_key: { nik: number } };
    };
    expect(result.runs).toHaveLength(3);
    expect(result.linked.program_enrolments).toBeGreaterThan(0);
    expect(result.moved.linked.program_enrolments).toBeGreaterThanOrEqual(3);
    const { rows: now } = await sql<{ id: number; person_id: number }>`
      SELECT id, person_id FROM program_enrolments WHERE id = ANY(${moved.map((m) => m.id)}::bigint[]) ORDER BY id`.execute(
      database.db,
    );
    expect(now.map((r) => [Number(r.id), Number(r.person_id)])).toEqual(
      moved.map((m) => [Number(m.id), Number(m.person_id)]),
    );
    const link = JOB_KINDS.get('link-run')!;
    const rerun = (key: string, province: string) =>
      link.runPart(database, link.parse({ source: 'bansos' }), {
        jobId: id,
        key,
        province,
        checkpoint: null,
        save: () => Promise.resolve(),
        progress: () => undefined,
      });
    expect(await rerun('53', '53')).toMatchObject({ run_id: null, compared: { program_enrolments: 0 } });
    expect(await rerun('moved', '')).toMatchObject({ run_id: null, linked: { program_enrolments: 0 } });
  }, 240_000);

  it('builds the targeting report by province; each equals the report of that province', async () => {
    const database = ctx.database;
    if ((await count(database.db, 'households')) === 0) await demoData(database);
    const id = await submitJob(database, 'targeting-report', { program: 'pkh' }, 'x');
    const done = await runToEnd(database, id);
    const result = done.job.result as { provinces: unknown[] };
    expect(done.parts.map((p) => p.part_key)).toEqual(['31', '53']);
    expect(result.provinces).toEqual([
      json(await targetingReport(database.db, { program: 'PKH', region: '31' })),
      json(await targetingReport(database.db, { program: 'PKH', region: '53' })),
    ]);
  }, 240_000);
});
