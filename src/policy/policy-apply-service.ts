import crypto from 'node:crypto';
import { auditChange, type AuditActor } from '../audit/access-audit.js';
import { sequentialShardWrites } from '../db/citus.js';
import type { Database, Tx } from '../db/database.js';
import { UserError } from '../shared/errors.js';
import { CooperativeAssigner, type CapacityWarning } from './cooperative-assignment.js';
import {
  loadContextLookups,
  openPageReaders,
  readHouseholdPages,
  type ContextLookups,
} from './context-repository.js';
import { PageWork, type PageDecisions } from './page-work.js';
import { startPageWorkers } from './page-workers.js';
import { PolicyApplicationRepository } from './policy-application-repository.js';
import type { CompiledPolicy } from './policy-compiler.js';

export interface ApplyOptions {
  effective: string;
  region?: string;
  /** Who applies: written to the stored version, the application and its audit entry. */
  actor: AuditActor;
  pageSize?: number;
  onProgress?: (households: number) => void;
  /**
   * Runs inside the application's transaction once its decisions are written, before commit (a job saves its
   * checkpoint there, so the decisions and the record that they were made commit together or not at all).
   */
  beforeCommit?: (tx: Tx, result: ApplyResult) => Promise<void>;
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

/** What the pages decided, summed. */
interface Tallies {
  households: number;
  byTreatment: Record<string, number>;
  matches: { village: number; district_nearest: number; none: number };
}

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
    await sequentialShardWrites(tx); // the application row is finished after the decisions (Citus)
    const repo = new PolicyApplicationRepository(tx);
    const storedId = await storePolicyVersion(repo, policy, text, options.actor.username);
    const applicationId = await repo.insertApplication({
      policyRowId: storedId,
      effective: options.effective,
      regionCode: options.region ?? null,
      appliedBy: options.actor.username,
    });
    const lookups = await loadContextLookups(tx.db, d.asOf);
    const assigner = new CooperativeAssigner(lookups.cooperatives, d.defaultCooperativeCapacity ?? null);
    const tallies = await decideAllPages(tx, repo, policy, lookups, assigner, applicationId, options);
    const { households, byTreatment, matches } = tallies;
    const superseded = await repo.supersede(applicationId);
    const capacityWarnings = assigner.capacityWarnings(lookups.cooperatives);
    await repo.finishApplication(applicationId, households, {
      by_treatment: byTreatment,
      cooperatives: matches,
      superseded,
    });
    await auditChange(tx, options.actor, {
      action: 'policy.apply',
      subjectType: 'policy_application',
      subjectId: applicationId,
      regionCode: options.region ?? null,
      details: {
        policy_id: d.id,
        version: d.version,
        effective: options.effective,
        households,
        by_treatment: byTreatment,
      },
    });
    const result: ApplyResult = {
      application_id: applicationId,
      policy: { id: d.id, version: d.version, stored_id: storedId },
      effective: options.effective,
      region: options.region ?? null,
      households,
      by_treatment: byTreatment,
      superseded,
      cooperatives: { ...matches, capacity_warnings: capacityWarnings },
    };
    await options.beforeCommit?.(tx, result);
    return result;
  });
}

/**
 * Stores the policy version (id+version, immutable text) on its own, before work split into parts applies it:
 * parts on several workers then find it instead of racing to insert it.
 */
export async function storePolicy(
  database: Database,
  policy: CompiledPolicy,
  text: string,
  actor: string,
): Promise<number> {
  return database.transaction((tx) =>
    storePolicyVersion(new PolicyApplicationRepository(tx), policy, text, actor),
  );
}

/**
 * Decides every household in scope, page by page. Pages are read on connections sharing this transaction's
 * snapshot (PostgreSQL), evaluated in worker threads when available, and their decisions written on the
 * transaction itself, one COPY at a time; the assigner counts targeted households per village as they come.
 */
async function decideAllPages(
  tx: Tx,
  repo: PolicyApplicationRepository,
  policy: CompiledPolicy,
  lookups: ContextLookups,
  assigner: CooperativeAssigner,
  applicationId: number,
  options: ApplyOptions,
): Promise<Tallies> {
  const d = policy.definition;
  const tallies: Tallies = {
    households: 0,
    byTreatment: Object.fromEntries(d.treatments.map((t) => [t.code, 0])),
    matches: { village: 0, district_nearest: 0, none: 0 },
  };
  const writes: Array<Promise<number>> = [];
  const store = (p: PageDecisions) => {
    tallies.households += p.households;
    for (const [t, n] of Object.entries(p.byTreatment))
      tallies.byTreatment[t] = (tallies.byTreatment[t] ?? 0) + n;
    for (const k of ['village', 'district_nearest', 'none'] as const) tallies.matches[k] += p.matches[k];
    for (const [village, n] of p.targetedByVillage) assigner.assign(village, n);
    const write = repo.copyDecisions(p.lines);
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
        application: { id: applicationId, effective: options.effective },
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
  return tallies;
}

/** Stores id+version once; the same id+version with different text is refused (bump the version). */
async function storePolicyVersion(
  repo: PolicyApplicationRepository,
  policy: CompiledPolicy,
  text: string,
  actor: string,
): Promise<number> {
  const d = policy.definition;
  const hash = crypto.createHash('sha256').update(text).digest('hex');
  const existing = await repo.findVersion(d.id, d.version);
  if (existing) {
    if (existing.content_hash !== hash) {
      throw new UserError(
        `policy ${d.id} version ${d.version} is already stored with different content: raise "version" in the file`,
        'policy_version_conflict',
      );
    }
    return existing.id;
  }
  return repo.insertVersion({
    policyId: d.id,
    version: d.version,
    asOf: d.asOf,
    content: text,
    contentHash: hash,
    createdBy: actor,
  });
}
