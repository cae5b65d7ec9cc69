import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** One stored policy version (the YAML exactly as applied) and how often it was applied. */
export interface StoredPolicyVersion {
  policy_id: string;
  version: number;
  as_of: string;
  content_hash: string;
  created_by: string | null;
  created_at: Date;
  applications: number;
  last_applied_at: Date | null;
}

/** Every stored policy version, by policy id then newest version first. */
export async function listStoredPolicies(db: Kysely<DB>): Promise<StoredPolicyVersion[]> {
  const rows = await db
    .selectFrom('policies as p')
    .leftJoin('policy_applications as a', 'a.policy_row_id', 'p.id')
    .select((eb) => [
      'p.policy_id',
      'p.version',
      'p.as_of',
      'p.content_hash',
      'p.created_by',
      'p.created_at',
      eb.fn.count<string>('a.id').as('applications'),
      eb.fn.max('a.applied_at').as('last_applied_at'),
    ])
    .groupBy('p.id')
    .orderBy('p.policy_id')
    .orderBy('p.version', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, applications: Number(r.applications) }));
}

/** The YAML of one stored version exactly as applied, or null when there is no such version. */
export async function storedPolicyText(
  db: Kysely<DB>,
  policyId: string,
  version: number,
): Promise<{ policy_id: string; version: number; as_of: string; content: string } | null> {
  const row = await db
    .selectFrom('policies')
    .select(['policy_id', 'version', 'as_of', 'content'])
    .where('policy_id', '=', policyId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row ?? null;
}

/** A household's decisions still in force (not superseded by a later application), newest first. */
export interface CurrentDecision {
  policy_id: string;
  policy_version: number;
  effective: string;
  applied_at: Date;
  treatment: string;
  rule_id: string | null;
  cooperative_id: number | null;
  cooperative_match: string | null;
}

export function currentDecisions(db: Kysely<DB>, householdId: number): Promise<CurrentDecision[]> {
  return currentDecisionRows(db, householdId).execute();
}

/** The query behind currentDecisions (also run as a subquery of the household detail). */
export function currentDecisionRows(db: Kysely<DB>, householdId: number) {
  return db
    .selectFrom('policy_decisions as d')
    .innerJoin('policy_applications as a', 'a.id', 'd.application_id')
    .innerJoin('policies as p', 'p.id', 'a.policy_row_id')
    .select([
      'p.policy_id',
      'p.version as policy_version',
      'd.effective',
      'a.applied_at',
      'd.treatment',
      'd.rule_id',
      'd.cooperative_id',
      'd.cooperative_match',
    ])
    .where('d.household_id', '=', householdId)
    .where('d.superseded_by', 'is', null)
    .orderBy('d.id', 'desc')
    .limit(50);
}
