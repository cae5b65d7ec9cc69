import crypto from 'node:crypto';
import { auditChange, type AuditActor } from '../audit/access-audit.js';
import type { Database, Tx } from '../db/database.js';
import { UserError } from '../shared/errors.js';
import { CooperativeAssigner, type CapacityWarning } from './cooperative-assignment.js';
import { loadContextLookups, openPageReaders, readHouseholdPages } from './context-repository.js';
import { PageWork, type PageDecisions } from './page-work.js';
import { startPageWorkers } from './page-workers.js';
import type { CompiledPolicy } from './policy-compiler.js';

export interface ApplyOptions {
  effective: string;
  region?: string;
  /** Who applies: written to the stored version, the application and its audit entry. */
  actor: AuditActor;
  pageSize?: number;
  onProgress?: (households: number) => void;
}

export interface ApplyResult {
  application_id: number;
  policy: { id: string; version: number; stored_id: number };
  effective: string;
  region: string | null;
  households: number;
  by_treatment: Record<string, number>;
  superseded: number;
  cooperatives: {
    village: number;
    district_nearest: number;
    none: number;
    capacity_warnings: CapacityWarning[];
  };
}

const DECISION_COLUMNS = [
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

/**
 * Stores the policy version (its text is immutable per id+version) and one decision per household with the
 * rule that fired, the inputs it read and the assigned cooperative. Decisions are append-only: earlier current
 * decisions of the same households are marked superseded by this application, never deleted. One transaction.
 */
export async function applyPolicy(
  database: Database,
  policy: CompiledPolicy,
  text: string,
  options: ApplyOptions,
): Promise<ApplyResult> {
  const d = policy.definition;
  return database.transaction(async (tx) => {
    await tx.exec("SET LOCAL jit = off; SET LOCAL work_mem = '64MB'");
    const storedId = await storePolicyVersion(tx, policy, text, options.actor.username);
    const app = await tx.db
      .insertInto('policy_applications')
      .values({
        policy_row_id: storedId,
        effective: options.effective,
        region_code: options.region ?? null,
        applied_by: options.actor.username,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const lookups = await loadContextLookups(tx.db, d.asOf);
    const assigner = new CooperativeAssigner(lookups.cooperatives, d.defaultCooperativeCapacity ?? null);
    const byTreatment: Record<string, number> = Object.fromEntries(d.treatments.map((t) => [t.code, 0]));
    const matches = { village: 0, district_nearest: 0, none: 0 };
    let households = 0;
    // Pages are read on connections sharing this transaction's snapshot (PostgreSQL), evaluated in worker
    // threads when available, and their decisions written on the transaction itself, one COPY at a time.
    const writes: Array<Promise<number>> = [];
    const store = (p: PageDecisions) => {
      households += p.households;
      for (const [t, n] of Object.entries(p.byTreatment)) byTreatment[t] = (byTreatment[t] ?? 0) + n;
      for (const k of ['village', 'district_nearest', 'none'] as const) matches[k] += p.matches[k];
      for (const [village, n] of p.targetedByVillage) assigner.assign(village, n);
      const write = tx.copyFrom('policy_decisions', DECISION_COLUMNS, [p.lines]);
      write.catch(() => undefined); // awaited below
      writes.push(write);
      options.onProgress?.(p.households);
    };
    const readers = await openPageReaders(tx);
    try {
      const read = await readHouseholdPages(
        tx,
        {
          region: options.region,
          asOf: d.asOf,
          pageSize: options.pageSize,
          members: policy.readsMembers,
          coopMembers: policy.readsCoopMembership,
          fields: new Set(policy.readsAll),
          readers, // none on PGlite: readHouseholdPages then reads on the transaction
        },
        lookups,
      );
      if (read) {
        const setup = {
          asOf: d.asOf,
          lookups,
          side: await read.side,
          application: { id: app.id, effective: options.effective },
        };
        const workers = startPageWorkers(policy, setup, (r) => r.decisions && store(r.decisions));
        const work = workers ? null : new PageWork(policy, setup);
        try {
          for await (const raw of read.pages) {
            if (workers) await workers.submit(raw);
            else store(work!.decisions(raw));
            // Bounded memory: at most a few pages of decisions wait for the server.
            while (writes.length > 2) await writes.shift();
          }
          await workers?.finish();
        } finally {
          await workers?.close();
        }
      }
      for (const write of writes.splice(0)) await write;
    } finally {
      await Promise.all(readers.map((r) => r.close()));
    }
    const superseded = await supersede(tx, app.id);
    const capacityWarnings = assigner.capacityWarnings(lookups.cooperatives);
    await tx.db
      .updateTable('policy_applications')
      .set({
        households,
        summary: JSON.stringify({ by_treatment: byTreatment, cooperatives: matches, superseded }),
      })
      .where('id', '=', app.id)
      .execute();
    await auditChange(tx, options.actor, {
      action: 'policy.apply',
      subjectType: 'policy_application',
      subjectId: app.id,
      regionCode: options.region ?? null,
      details: {
        policy_id: d.id,
        version: d.version,
        effective: options.effective,
        households,
        by_treatment: byTreatment,
      },
    });
    return {
      application_id: app.id,
      policy: { id: d.id, version: d.version, stored_id: storedId },
      effective: options.effective,
      region: options.region ?? null,
      households,
      by_treatment: byTreatment,
      superseded,
      cooperatives: { ...matches, capacity_warnings: capacityWarnings },
    };
  });
}

/** Stores id+version once; the same id+version with different text is refused (bump the version). */
async function storePolicyVersion(
  tx: Tx,
  policy: CompiledPolicy,
  text: string,
  actor: string,
): Promise<number> {
  const d = policy.definition;
  const hash = crypto.createHash('sha256').update(text).digest('hex');
  const existing = await tx.db
    .selectFrom('policies')
    .select(['id', 'content_hash'])
    .where('policy_id', '=', d.id)
    .where('version', '=', d.version)
    .executeTakeFirst();
  if (existing) {
    if (existing.content_hash !== hash) {
      throw new UserError(
        `policy ${d.id} version ${d.version} is already stored with different content: raise "version" in the file`,
        'policy_version_conflict',
      );
    }
    return existing.id;
  }
  const row = await tx.db
    .insertInto('policies')
    .values({
      policy_id: d.id,
      version: d.version,
      as_of: d.asOf,
      content: text,
      content_hash: hash,
      created_by: actor,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function supersede(tx: Tx, applicationId: number): Promise<number> {
  const result = await tx.db
    .updateTable('policy_decisions as old')
    .set({ superseded_by: applicationId })
    .where('old.superseded_by', 'is', null)
    .where('old.application_id', '<>', applicationId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('policy_decisions as new')
          .select('new.id')
          .whereRef('new.household_id', '=', 'old.household_id')
          .where('new.application_id', '=', applicationId),
      ),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
