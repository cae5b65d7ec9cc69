import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Database } from '../db/database.js';
import { CooperativeAssigner, type CapacityWarning } from './cooperative-assignment.js';
import { loadContextLookups, streamHouseholdData } from './context-repository.js';
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
  database: Database | Kysely<DB>,
  policy: CompiledPolicy,
  other: CompiledPolicy | null,
  options: SimulationOptions = {},
): Promise<SimulationReport> {
  if (!isDatabase(database)) return simulateIn(database, policy, other, options);
  // Given a Database: one read-only snapshot, so every page sees the same data; JIT compilation costs more
  // than it saves on the short per-page queries.
  return database.transaction(async (tx) => {
    await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY; SET LOCAL jit = off');
    return simulateIn(tx.db, policy, other, options);
  });
}

async function simulateIn(
  db: Kysely<DB>,
  policy: CompiledPolicy,
  other: CompiledPolicy | null,
  options: SimulationOptions,
): Promise<SimulationReport> {
  const asOf = policy.definition.asOf;
  const lookups = await loadContextLookups(db, asOf);
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
  for await (const page of streamHouseholdData(
    db,
    { region: options.region, asOf, pageSize: options.pageSize },
    lookups,
  )) {
    for (const data of page) {
      const h = buildHouseholdContext(data, asOf);
      const treatment = main.add(h, decide(policy, h, engine));
      if (main.isTargeted(treatment)) matches[assigner.assign(data.villageCode).match]++;
      if (other && second) {
        const h2 = sameAsOf ? h : buildHouseholdContext(data, other.definition.asOf);
        const t2 = second.add(h2, decide(other, h2, engine));
        const key = `${treatment} -> ${t2}`;
        transitions[key] = (transitions[key] ?? 0) + 1;
      }
    }
    options.onProgress?.(page.length);
  }
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

function isDatabase(value: Database | Kysely<DB>): value is Database {
  return 'exec' in value && 'kind' in value;
}
