import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditActor } from '../audit/access-audit.js';
import { verifyAuditChain } from '../audit/audit-log.js';
import { buildFixture, tokenFor, type Fixture } from '../server/test-fixtures.js';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import {
  retentionPeriods,
  runRetention,
  setRetentionPeriod,
  type RetentionReport,
} from './retention-service.js';
import { provinceCode } from '../regions/region-code.js';

const OPERATOR: AuditActor = {
  username: 'cli:test',
  role: 'local_operator',
  origin: 'cli',
  purpose: null,
  identifiersRevealed: false,
};
const NOW = new Date('2026-06-01T00:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);
const outcome = (report: RetentionReport, category: string) =>
  report.rules.find((r) => r.category === category)!;

describe.each(testEngines())('retention on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  let fx: Fixture;
  let heldHousehold = 0;
  let rejectsFile = '';
  let oldBatch = 0;

  beforeAll(async () => {
    fx = await buildFixture(ctx.database);
    const db = ctx.database.db;
    // ALFA left DTSEN in 2012 and its membership ended; BRAVO is in the newest extract.
    await db
      .updateTable('households')
      .set({ snapshot_date: '2012-01-31' })
      .where('id', '=', fx.alfa.householdId)
      .execute();
    await db
      .updateTable('households')
      .set({ snapshot_date: '2026-01-31' })
      .where('id', '=', fx.bravo.householdId)
      .execute();
    await db
      .updateTable('cooperative_members')
      .set({ left_on: '2012-06-30' })
      .where('person_id', '=', fx.alfa.personId)
      .execute();
    // A third household, departed as long, under a legal hold.
    const held = await db
      .insertInto('households')
      .values({
        province_code: provinceCode(fx.alfa.village),
        kk: '5301010101999999',
        village_code: fx.alfa.village,
        snapshot_date: '2011-01-31',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    heldHousehold = held.id;
    await db
      .insertInto('persons')
      .values({
        province_code: provinceCode(fx.alfa.village),
        household_id: held.id,
        nik: '5301015506800001',
        name: 'Yohana',
        name_normalized: 'YOHANA',
      })
      .execute();
    await db
      .insertInto('legal_holds')
      .values({
        province_code: provinceCode(fx.alfa.village),
        household_id: held.id,
        reason: 'perkara 12/2026',
        placed_by: 'test',
      })
      .execute();
    // Sign-in tokens: one expired 40 days ago, one revoked 40 days ago, one live.
    const { userId } = await tokenFor(ctx.database, 'petugas', 'pemda_officer', {
      regions: [fx.alfa.regency],
    });
    await db
      .insertInto('auth_tokens')
      .values([
        { user_id: userId, kind: 'session', token_hash: 'a'.repeat(64), expires_at: daysAgo(40) },
        { user_id: userId, kind: 'api', token_hash: 'b'.repeat(64), revoked_at: daysAgo(40) },
        { user_id: userId, kind: 'session', token_hash: 'c'.repeat(64), expires_at: daysAgo(-1) },
      ])
      .execute();
    // An import batch 200 days old with a rejects file and warnings; the fixture's batch is new.
    rejectsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'entas-retention-')), 'rejects.csv');
    fs.writeFileSync(rejectsFile, 'line,field,value\n2,NAMA,Yohana\n');
    const batch = await db
      .insertInto('source_batches')
      .values({
        source: 'dtsen',
        file_name: 'old.csv',
        created_at: daysAgo(200),
        meta: { rejects_file: rejectsFile },
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    oldBatch = batch.id;
    await db
      .insertInto('intake_warnings')
      .values(
        [1, 2, 3].map((line) => ({
          batch_id: batch.id,
          line,
          field: 'NIK',
          value: 'x',
          code: 'w',
          message: 'm',
          message_id: 'm',
        })),
      )
      .execute();
  });

  it('a dry run counts what is due and what is held, changes nothing, and is audited', async () => {
    const report = await runRetention(ctx.database, { dryRun: true, actor: OPERATOR, now: NOW });
    expect(report.dry_run).toBe(true);
    expect(outcome(report, 'rejects_files')).toMatchObject({ days: 180, due: 1, applied: 0 });
    expect(outcome(report, 'intake_warnings')).toMatchObject({ days: 365, due: 0 });
    expect(outcome(report, 'sessions')).toMatchObject({ days: 30, due: 2, applied: 0 });
    expect(outcome(report, 'departed_households')).toMatchObject({ days: 3650, due: 2, held: 1, applied: 0 });
    expect(outcome(report, 'audit_log')).toMatchObject({ action: 'keep', days: null, source: 'never' });
    expect(fs.existsSync(rejectsFile)).toBe(true);
    const person = await ctx.database.db
      .selectFrom('persons')
      .select('name')
      .where('id', '=', fx.alfa.personId)
      .executeTakeFirstOrThrow();
    expect(person.name).toBe('Siti ALFA');
    const audit = await ctx.database.db
      .selectFrom('audit_log')
      .select(['actor', 'origin', 'details'])
      .where('action', '=', 'retention.dry_run')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'cli:test', origin: 'cli' });
    expect(audit[0]!.details).toMatchObject({
      rules: { sessions: { due: 2, applied: 0 } },
      role: 'local_operator',
      identifiers_revealed: false,
    });
  });

  it('a configured period replaces the default', async () => {
    await setRetentionPeriod(ctx.database, 'intake_warnings', 100, OPERATOR);
    expect((await retentionPeriods(ctx.database.db)).get('intake_warnings')).toEqual({
      days: 100,
      source: 'configured',
    });
    await expect(setRetentionPeriod(ctx.database, 'audit_log', 10, OPERATOR)).rejects.toThrow(
      /audit_log is never removed/,
    );
    await expect(setRetentionPeriod(ctx.database, 'photos', 10, OPERATOR)).rejects.toThrow(
      /unknown retention category "photos"/,
    );
  });

  it('a run deletes and anonymises what is due, spares held households, and a second run finds nothing', async () => {
    const report = await runRetention(ctx.database, { dryRun: false, actor: OPERATOR, now: NOW });
    expect(outcome(report, 'rejects_files')).toMatchObject({ due: 1, applied: 1 });
    expect(outcome(report, 'intake_warnings')).toMatchObject({
      days: 100,
      source: 'configured',
      due: 3,
      applied: 3,
    });
    expect(outcome(report, 'sessions')).toMatchObject({ due: 2, applied: 2 });
    expect(outcome(report, 'departed_households')).toMatchObject({ due: 2, held: 1, applied: 1 });
    expect(fs.existsSync(rejectsFile)).toBe(false);
    const db = ctx.database.db;
    const batch = await db
      .selectFrom('source_batches')
      .select('meta')
      .where('id', '=', oldBatch)
      .executeTakeFirstOrThrow();
    expect(batch.meta.rejects_file).toBeUndefined();
    expect(batch.meta.rejects_deleted_at).toEqual(expect.any(String));
    expect(
      (
        await db
          .selectFrom('auth_tokens')
          .select('token_hash')
          .where('token_hash', 'in', ['a'.repeat(64), 'b'.repeat(64), 'c'.repeat(64)])
          .execute()
      ).map((t) => t.token_hash),
    ).toEqual(['c'.repeat(64)]);
    const alfa = await db
      .selectFrom('households')
      .select(['kk', 'address'])
      .where('id', '=', fx.alfa.householdId)
      .executeTakeFirstOrThrow();
    expect(alfa).toEqual({ kk: null, address: null });
    const persons = await db
      .selectFrom('persons')
      .select(['household_id', 'nik', 'name'])
      .where('household_id', 'in', [fx.alfa.householdId, fx.bravo.householdId, heldHousehold])
      .orderBy('id')
      .execute();
    expect(persons).toEqual([
      { household_id: fx.alfa.householdId, nik: null, name: '(dihapus)' },
      { household_id: fx.bravo.householdId, nik: fx.bravo.nik, name: 'Siti BRAVO' },
      { household_id: heldHousehold, nik: '5301015506800001', name: 'Yohana' },
    ]);
    const enrolment = await db
      .selectFrom('program_enrolments')
      .select(['nik', 'kk', 'name'])
      .where('household_id', '=', fx.alfa.householdId)
      .executeTakeFirstOrThrow();
    expect(enrolment).toEqual({ nik: null, kk: null, name: '(dihapus)' });
    const again = await runRetention(ctx.database, { dryRun: false, actor: OPERATOR, now: NOW });
    expect(again.rules.map((r) => [r.category, r.due - r.held])).toEqual([
      ['rejects_files', 0],
      ['intake_warnings', 0],
      ['sessions', 0],
      ['departed_households', 0],
      ['audit_log', 0],
      ['consent_records', 0],
    ]);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});
