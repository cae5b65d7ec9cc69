import fs from 'node:fs';
import { sql, type Kysely } from 'kysely';
import { auditChange, type AuditActor } from '../audit/access-audit.js';
import type { Database, Tx } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { anonymisePersons } from './person-anonymiser.js';
import {
  cutoff,
  requireConfigurable,
  RETENTION_RULES,
  type RetentionCategory,
  type RetentionRule,
} from './retention-rules.js';

export interface RetentionOutcome {
  category: RetentionCategory;
  action: RetentionRule['action'];
  days: number | null;
  /** 'configured' when retention_settings overrides the default. */
  source: 'default' | 'configured' | 'never';
  /** Records past their period. */
  due: number;
  /** Of those, kept because an exception applies (legal hold, open request, current membership). */
  held: number;
  /** Removed or anonymised by this run (0 on a dry run). */
  applied: number;
  description: string;
}

export interface RetentionReport {
  dry_run: boolean;
  as_of: string;
  rules: RetentionOutcome[];
}

type Period = { days: number | null; source: RetentionOutcome['source'] };

export async function retentionPeriods(db: Kysely<DB>): Promise<Map<RetentionCategory, Period>> {
  const configured = new Map(
    (await db.selectFrom('retention_settings').select(['category', 'days']).execute()).map((r) => [
      r.category,
      r.days,
    ]),
  );
  const periods = new Map<RetentionCategory, Period>();
  for (const rule of RETENTION_RULES) {
    const days = configured.get(rule.category);
    periods.set(
      rule.category,
      rule.defaultDays === null
        ? { days: null, source: 'never' }
        : days === undefined
          ? { days: rule.defaultDays, source: 'default' }
          : { days, source: 'configured' },
    );
  }
  return periods;
}

/** Changes one category's period (audited). */
export async function setRetentionPeriod(
  database: Database,
  category: string,
  days: number,
  actor: AuditActor,
): Promise<void> {
  requireConfigurable(category, days);
  await database.transaction(async (tx) => {
    await tx.db
      .insertInto('retention_settings')
      .values({ category, days, updated_by: actor.username })
      .onConflict((oc) =>
        oc.column('category').doUpdateSet({ days, updated_by: actor.username, updated_at: sql`now()` }),
      )
      .execute();
    await auditChange(tx, actor, { action: 'retention.set', details: { category, days } });
  });
}

/**
 * Applies every retention rule (or, with dryRun, only counts): deletions and anonymisations in one transaction
 * with one audit entry holding the counts; rejects files are removed from disk after the commit.
 */
export async function runRetention(
  database: Database,
  options: { dryRun: boolean; actor: AuditActor; now?: Date },
): Promise<RetentionReport> {
  const now = options.now ?? new Date();
  const periods = await retentionPeriods(database.db);
  const filesToDelete: string[] = [];
  const rules = await database.transaction(async (tx) => {
    const outcomes: RetentionOutcome[] = [];
    for (const rule of RETENTION_RULES) {
      const period = periods.get(rule.category)!;
      const base = {
        category: rule.category,
        action: rule.action,
        days: period.days,
        source: period.source,
        description: rule.description,
      };
      if (period.days === null) {
        outcomes.push({ ...base, due: 0, held: 0, applied: 0 });
        continue;
      }
      const before = cutoff(now, period.days);
      const counts = await APPLY[rule.category](tx, before, options.dryRun, filesToDelete);
      outcomes.push({ ...base, ...counts });
    }
    await auditChange(tx, options.actor, {
      action: options.dryRun ? 'retention.dry_run' : 'retention.run',
      details: {
        as_of: now.toISOString(),
        rules: Object.fromEntries(
          outcomes.map((o) => [o.category, { days: o.days, due: o.due, held: o.held, applied: o.applied }]),
        ),
      },
    });
    return outcomes;
  });
  for (const file of filesToDelete) fs.rmSync(file, { force: true });
  return { dry_run: options.dryRun, as_of: now.toISOString(), rules };
}

type Counts = { due: number; held: number; applied: number };
type Apply = (tx: Tx, before: Date, dryRun: boolean, files: string[]) => Promise<Counts>;

const APPLY: Record<RetentionCategory, Apply> = {
  rejects_files: async (tx, before, dryRun, files) => {
    const batches = await tx.db
      .selectFrom('source_batches')
      .select(['id', sql<string>`meta->>'rejects_file'`.as('file')])
      .where('created_at', '<', before)
      .where(sql<boolean>`meta->>'rejects_file' IS NOT NULL`)
      .execute();
    if (!dryRun && batches.length > 0) {
      await tx.db
        .updateTable('source_batches')
        .set({
          meta: sql`(meta - 'rejects_file') || jsonb_build_object('rejects_deleted_at', now())`,
        })
        .where(
          'id',
          'in',
          batches.map((b) => b.id),
        )
        .execute();
      files.push(...batches.map((b) => b.file));
    }
    return { due: batches.length, held: 0, applied: dryRun ? 0 : batches.length };
  },

  intake_warnings: async (tx, before, dryRun) => {
    const old = tx.db.selectFrom('source_batches').select('id').where('created_at', '<', before);
    const due = await tx.db
      .selectFrom('intake_warnings')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('batch_id', 'in', old)
      .executeTakeFirstOrThrow();
    if (!dryRun && due.n > 0)
      await tx.db.deleteFrom('intake_warnings').where('batch_id', 'in', old).execute();
    return { due: due.n, held: 0, applied: dryRun ? 0 : due.n };
  },

  sessions: async (tx, before, dryRun) => {
    const due = await tx.db
      .selectFrom('auth_tokens')
      .select(sql<number>`count(*)::int`.as('n'))
      .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)]))
      .executeTakeFirstOrThrow();
    if (!dryRun && due.n > 0) {
      await tx.db
        .deleteFrom('auth_tokens')
        .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)]))
        .execute();
    }
    return { due: due.n, held: 0, applied: dryRun ? 0 : due.n };
  },

  departed_households: async (tx, before, dryRun) => {
    const day = before.toISOString().slice(0, 10);
    const rows = await sql<{ id: number; held: boolean }>`
      WITH newest AS (SELECT max(snapshot_date) AS d FROM households)
      SELECT h.id,
             (EXISTS (SELECT 1 FROM legal_holds l WHERE l.household_id = h.id AND l.released_at IS NULL)
              OR EXISTS (SELECT 1 FROM data_subject_requests r JOIN persons p ON p.id = r.person_id
                         WHERE p.household_id = h.id AND (r.legal_hold OR r.resolved_at IS NULL))
              OR EXISTS (SELECT 1 FROM cooperative_members m JOIN persons p ON p.id = m.person_id
                         WHERE p.household_id = h.id AND m.left_on IS NULL)) AS held
      FROM households h, newest
      WHERE h.kk IS NOT NULL AND h.snapshot_date < newest.d AND h.snapshot_date < ${day}::date
      ORDER BY h.id`.execute(tx.db);
    const free = rows.rows.filter((r) => !r.held).map((r) => r.id);
    if (!dryRun) {
      await anonymiseHouseholds(tx, free);
    }
    return { due: rows.rows.length, held: rows.rows.length - free.length, applied: dryRun ? 0 : free.length };
  },

  audit_log: () => Promise.resolve({ due: 0, held: 0, applied: 0 }),
  consent_records: () => Promise.resolve({ due: 0, held: 0, applied: 0 }),
};

/** Every member anonymised (as for an erasure), and the households' own identifiers cleared. */
async function anonymiseHouseholds(tx: Tx, householdIds: readonly number[]): Promise<void> {
  await anonymisePersons(tx, { householdIds });
  for (let i = 0; i < householdIds.length; i += 10_000) {
    const chunk = householdIds.slice(i, i + 10_000);
    // Enrolment rows of the household that never linked to a member carry its No. KK too.
    await tx.db
      .updateTable('program_enrolments')
      .set({ nik: null, kk: null, name: '(dihapus)', name_normalized: '' })
      .where('household_id', 'in', chunk)
      .execute();
    await tx.db
      .updateTable('households')
      .set({ kk: null, address: null, updated_at: new Date() })
      .where('id', 'in', chunk)
      .execute();
  }
}
