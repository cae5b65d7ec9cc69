import fs from 'node:fs';
import type { Kysely } from 'kysely';
import { auditChange, type AuditActor } from '../audit/access-audit.js';
import type { Database, Tx } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { anonymisePersons } from './person-anonymiser.js';
import { RetentionRepository } from './retention-repository.js';
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
  const configured = await new RetentionRepository(db).configuredDays();
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
    await new RetentionRepository(tx.db).setDays(category, days, actor.username);
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
    const repo = new RetentionRepository(tx.db);
    const batches = await repo.rejectsFilesBefore(before);
    if (!dryRun) {
      await repo.markRejectsDeleted(batches.map((b) => b.id));
      files.push(...batches.map((b) => b.file));
    }
    return { due: batches.length, held: 0, applied: dryRun ? 0 : batches.length };
  },

  intake_warnings: async (tx, before, dryRun) => {
    const repo = new RetentionRepository(tx.db);
    const due = await repo.countIntakeWarningsBefore(before);
    if (!dryRun && due > 0) await repo.deleteIntakeWarningsBefore(before);
    return { due, held: 0, applied: dryRun ? 0 : due };
  },

  sessions: async (tx, before, dryRun) => {
    const repo = new RetentionRepository(tx.db);
    const due = await repo.countEndedTokensBefore(before);
    if (!dryRun && due > 0) await repo.deleteEndedTokensBefore(before);
    return { due, held: 0, applied: dryRun ? 0 : due };
  },

  departed_households: async (tx, before, dryRun) => {
    const rows = await new RetentionRepository(tx.db).departedHouseholds(before.toISOString().slice(0, 10));
    const free = rows.filter((r) => !r.held).map((r) => r.id);
    if (!dryRun) await anonymiseHouseholds(tx, free);
    return { due: rows.length, held: rows.length - free.length, applied: dryRun ? 0 : free.length };
  },

  audit_log: () => Promise.resolve({ due: 0, held: 0, applied: 0 }),
  consent_records: () => Promise.resolve({ due: 0, held: 0, applied: 0 }),
};

/** Every member anonymised (as for an erasure), and the households' own identifiers cleared. */
async function anonymiseHouseholds(tx: Tx, householdIds: readonly number[]): Promise<void> {
  await anonymisePersons(tx, { householdIds });
  const repo = new RetentionRepository(tx.db);
  for (let i = 0; i < householdIds.length; i += 10_000) {
    await repo.clearHouseholdIdentifiers(householdIds.slice(i, i + 10_000));
  }
}
