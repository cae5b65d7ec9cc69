import type { Database, SnapshotReader, Tx } from '../db/database.js';
import { CooperativeAssigner, type CapacityWarning } from './cooperative-assignment.js';
import {
  loadContextLookups,
  openPageReaders,
  readHouseholdPages,
  streamHouseholdData,
} from './context-repository.js';
import { PageWork } from './page-work.js';
import { startPageWorkers } from './page-workers.js';
import { buildHouseholdContext } from './household-context.js';
import type { CompiledPolicy } from './policy-compiler.js';
import { decide, type Engine } from './policy-evaluator.js';
import {
  compareSimulations,
  SimulationAccumulator,
  type PolicyComparison,
  type SimulationResult,
} from './simulation.js';

export interface SimulationOptions {
  region?: string;
  engine?: Engine;
  pageSize?: number;
  onProgress?: (households: number) => void;
}

export interface SimulationReport extends SimulationResult {
  region: string | null;
  cooperatives: {
    village: number;
    district_nearest: number;
    none: number;
    capacity_warnings: CapacityWarning[];
  };
  against?: SimulationResult & { cooperatives?: undefined };
  comparison?: PolicyComparison;
}

/**
 * Runs one policy (and optionally a second one over the very same households) on the current data without
 * storing anything: counts, costs, targeting quality, fairness splits and cooperative assignment.
 */
export async function simulatePolicy(
  database: Database,
  policy: CompiledPolicy,
  other: CompiledPolicy | null,
  options: SimulationOptions = {},
): Promise<SimulationReport> {
  // One read-only snapshot, so every page sees the same data; JIT compilation costs more than it saves on
  // the short per-page queries; page sorts fit in memory.
  return database.transaction(async (tx) => {
    await tx.exec(
      "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY; SET LOCAL jit = off; SET LOCAL work_mem = '64MB'",
    );
    // Pages are read on the transaction and on extra connections sharing its snapshot (PostgreSQL).
    const extra = await openPageReaders(tx);
    try {
      return await simulateIn(tx, [tx, ...extra], policy, other, options);
    } finally {
      await Promise.all(extra.map((r) => r.close()));
    }
  });
}

async function simulateIn(
  tx: Tx,
  readers: Array<Pick<SnapshotReader, 'copyTo'>>,
  policy: CompiledPolicy,
  other: CompiledPolicy | null,
  options: SimulationOptions,
): Promise<SimulationReport> {
  const asOf = policy.definition.asOf;
  const lookups = await loadContextLookups(tx.db, asOf);
  const assigner = new CooperativeAssigner(
    lookups.cooperatives,
    policy.definition.defaultCooperativeCapacity ?? null,
  );
  const main = new SimulationAccumulator(policy);
  const second = other ? new SimulationAccumulator(other) : null;
  const transitions: Record<string, number> = {};
  const matches = { village: 0, district_nearest: 0, none: 0 };
  const engine = options.engine ?? 'fast';
  const sameAsOf = !other || other.definition.asOf === asOf;
  // Member aggregates are computed by the database (at one as_of) unless a rule reads the member list.
  const members = policy.readsMembers || (other !== null && (other.readsMembers || !sameAsOf));
  const coopMembers = policy.readsCoopMembership || (other?.readsCoopMembership ?? false);
  // Only what the rules read is computed (the accumulator's own fields are always read).
  const fields = new Set([...policy.readsAll, ...(other?.readsAll ?? [])]);
  const scope = {
    region: options.region,
    asOf,
    pageSize: options.pageSize,
    members,
    coopMembers,
    fields,
    readers,
  };
  if (!other) {
    // One policy: pages are evaluated in worker threads when available, counts summed at the end.
    const read = await readHouseholdPages(tx, scope, lookups);
    if (read) {
      const setup = { asOf, lookups, side: await read.side, engine };
      const workers = startPageWorkers(policy, setup, (r) => options.onProgress?.(r.households));
      try {
        if (workers) {
          for await (const raw of read.pages) await workers.submit(raw);
          for (const counts of await workers.finish()) main.absorb(counts);
        } else {
          const work = new PageWork(policy, setup);
          for await (const raw of read.pages) {
            const n = work.simulate(raw);
            options.onProgress?.(n);
          }
          main.absorb(work.counts());
        }
      } finally {
        await workers?.close();
      }
    }
  } else {
    for await (const page of streamHouseholdData(tx, scope, lookups)) {
      for (const data of page) {
        const h = buildHouseholdContext(data, asOf);
        const treatment = main.add(h, decide(policy, h, engine));
        if (second) {
          const h2 = sameAsOf ? h : buildHouseholdContext(data, other.definition.asOf);
          const t2 = second.add(h2, decide(other, h2, engine));
          const key = `${treatment} -> ${t2}`;
          transitions[key] = (transitions[key] ?? 0) + 1;
        }
      }
      options.onProgress?.(page.length);
    }
  }
  // Assignment depends only on the village, so it is done once per village for all its targeted households.
  for (const [village, n] of main.targetedByVillage()) matches[assigner.assign(village, n).match] += n;
  const result = main.result();
  const report: SimulationReport = {
    ...result,
    region: options.region ?? null,
    cooperatives: { ...matches, capacity_warnings: assigner.capacityWarnings(lookups.cooperatives) },
  };
  if (second) {
    const otherResult = second.result();
    report.against = otherResult;
    report.comparison = compareSimulations(result, otherResult, transitions);
  }
  return report;
}
