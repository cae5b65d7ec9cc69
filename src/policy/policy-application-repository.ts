import type { Tx } from '../db/database.js';

/** Columns of one COPY line of decisions (policy/page-work.ts writes the lines in this order). */
export const DECISION_COLUMNS = [
  'province_code',
  'application_id',
  'household_id',
  'treatment',
  'rule_index',
  'rule_id',
  'inputs',
  'errors',
  'cooperative_id',
  'cooperative_match',
  'effective',
] as const;

/** The SQL of applying a policy: its stored version, the application row and the decisions (append-only). */
export class PolicyApplicationRepository {
  constructor(private readonly tx: Tx) {}

  findVersion(policyId: string, version: number): Promise<{ id: number; content_hash: string } | undefined> {
    return this.tx.db
      .selectFrom('policies')
      .select(['id', 'content_hash'])
      .where('policy_id', '=', policyId)
      .where('version', '=', version)
      .executeTakeFirst();
  }

  /** Returns the stored row's id. */
  async insertVersion(row: {
    policyId: string;
    version: number;
    asOf: string;
    content: string;
    contentHash: string;
    createdBy: string;
  }): Promise<number> {
    const inserted = await this.tx.db
      .insertInto('policies')
      .values({
        policy_id: row.policyId,
        version: row.version,
        as_of: row.asOf,
        content: row.content,
        content_hash: row.contentHash,
        created_by: row.createdBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return inserted.id;
  }

  /** Starts an application of a stored version; returns its id. */
  async insertApplication(row: {
    policyRowId: number;
    effective: string;
    regionCode: string | null;
    appliedBy: string;
  }): Promise<number> {
    const inserted = await this.tx.db
      .insertInto('policy_applications')
      .values({
        policy_row_id: row.policyRowId,
        effective: row.effective,
        region_code: row.regionCode,
        applied_by: row.appliedBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return inserted.id;
  }

  /** Writes one page of decisions (COPY text lines in DECISION_COLUMNS order). */
  copyDecisions(lines: string): Promise<number> {
    return this.tx.copyFrom('policy_decisions', DECISION_COLUMNS, [lines]);
  }

  /** Marks earlier current decisions of the households this application decided as superseded by it. */
  async supersede(applicationId: number): Promise<number> {
    const result = await this.tx.db
      .updateTable('policy_decisions as old')
      .set({ superseded_by: applicationId })
      .where('old.superseded_by', 'is', null)
      .where('old.application_id', '<>', applicationId)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('policy_decisions as new')
            .select('new.id')
            .whereRef('new.province_code', '=', 'old.province_code')
            .whereRef('new.household_id', '=', 'old.household_id')
            .where('new.application_id', '=', applicationId),
        ),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async finishApplication(applicationId: number, households: number, summary: object): Promise<void> {
    await this.tx.db
      .updateTable('policy_applications')
      .set({ households, summary: JSON.stringify(summary) })
      .where('id', '=', applicationId)
      .execute();
  }
}
