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
  type AccumulatedCounts,
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
    main.absorb(await countPages(tx, scope, lookups, policy, engine, options.onProgress));
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

type PageScope = Parameters<typeof readHouseholdPages>[1];

/** One policy's raw counts over the scope's pages: evaluated in worker threads when available. */
async function countPages(
  tx: Tx,
  scope: PageScope,
  lookups: Awaited<ReturnType<typeof loadContextLookups>>,
  policy: CompiledPolicy,
  engine: Engine,
  onProgress: ((households: number) => void) | undefined,
): Promise<AccumulatedCounts> {
  const read = await readHouseholdPages(tx, scope, lookups);
  if (!read) return new SimulationAccumulator(policy).counts();
  const setup = { asOf: scope.asOf, lookups, side: await read.side, engine };
  const workers = startPageWorkers(policy, setup, (r) => onProgress?.(r.households));
  try {
    if (workers) {
      const total = new SimulationAccumulator(policy);
      for await (const raw of read.pages) await workers.submit(raw);
      for (const counts of await workers.finish()) total.absorb(counts);
      return total.counts();
    }
    const work = new PageWork(policy, setup);
    for await (const raw of read.pages) {
      // Not `onProgress?.(work.simulate(raw))`: without a callback that would skip the page itself.
      const n = work.simulate(raw);
      onProgress?.(n);
    }
    return work.counts();
  } finally {
    await workers?.close();
  }
}

/** One region's share of a simulation, as plain data a job stores per province and `reportFromParts` adds up. */
export interface SimulationPart {
  counts: AccumulatedCounts;
  cooperatives: SimulationReport['cooperatives'];
}

/**
 * The counts of one policy over one region (a province part of a simulation job), with its cooperative
 * assignment: villages are assigned within their district, so provinces never share a cooperative.
 */
export async function simulatePolicyPart(
  database: Database,
  policy: CompiledPolicy,
  options: SimulationOptions & { region: string },
): Promise<SimulationPart> {
  return database.transaction(async (tx) => {
    await tx.exec(
      "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY; SET LOCAL jit = off; SET LOCAL work_mem = '64MB'",
    );
    const extra = await openPageReaders(tx);
    try {
      const asOf = policy.definition.asOf;
      const lookups = await loadContextLookups(tx.db, asOf);
      const scope = {
        region: options.region,
        asOf,
        pageSize: options.pageSize,
        members: policy.readsMembers,
        coopMembers: policy.readsCoopMembership,
        fields: new Set(policy.readsAll),
        readers: [tx, ...extra],
      };
      const main = new SimulationAccumulator(policy);
      main.absorb(await countPages(tx, scope, lookups, policy, options.engine ?? 'fast', options.onProgress));
      const assigner = new CooperativeAssigner(
        lookups.cooperatives,
        policy.definition.defaultCooperativeCapacity ?? null,
      );
      const matches = { village: 0, district_nearest: 0, none: 0 };
      for (const [village, n] of main.targetedByVillage()) matches[assigner.assign(village, n).match] += n;
      return {
        counts: main.counts(),
        cooperatives: { ...matches, capacity_warnings: assigner.capacityWarnings(lookups.cooperatives) },
      };
    } finally {
      await Promise.all(extra.map((r) => r.close()));
    }
  });
}

/** The simulation report of the regions whose parts are given (pure): counts are summed, warnings listed by cooperative. */
export function reportFromParts(
  policy: CompiledPolicy,
  parts: readonly SimulationPart[],
  region: string | null,
): SimulationReport {
  const main = new SimulationAccumulator(policy);
  const cooperatives: SimulationReport['cooperatives'] = {
    village: 0,
    district_nearest: 0,
    none: 0,
    capacity_warnings: [],
  };
  for (const part of parts) {
    main.absorb(part.counts);
    cooperatives.village += part.cooperatives.village;
    cooperatives.district_nearest += part.cooperatives.district_nearest;
    cooperatives.none += part.cooperatives.none;
    cooperatives.capacity_warnings.push(...part.cooperatives.capacity_warnings);
  }
  cooperatives.capacity_warnings.sort((a, b) => a.cooperative_id - b.cooperative_id);
  return { ...main.result(), region, cooperatives };
}
