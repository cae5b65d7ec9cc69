import { fileURLToPath } from 'node:url';
import { localActor } from '../audit/access-audit.js';
import type { Database } from '../db/database.js';
import { linkPlatform } from '../linkage/platform/platform-link-service.js';
import { applyPolicy } from '../policy/policy-apply-service.js';
import { loadPolicyFile } from '../policy/policy-file.js';
import { civilToday } from '../shared/civil-date.js';

/** The default policy shipped with entas (policies/default.yaml at the package root; same path from src/ and dist/src/). */
export const DEFAULT_POLICY_FILE = fileURLToPath(
  new URL(
    import.meta.url.includes('/dist/') ? '../../../policies/default.yaml' : '../../policies/default.yaml',
    import.meta.url,
  ),
);

export interface DemoCompletion {
  linkage: { run_id: number | null; linked: number; review: number; unlinked: number };
  policy: { application_id: number; id: string; version: number; effective: string; households: number };
}

/**
 * What makes freshly generated demo data a working system: planner statistics for the new rows, the platform
 * linkage of every recipient and member row to DTSEN persons (`entas link run`), and the default policy's
 * decisions for the demo's region (`entas policy apply --policy policies/default.yaml --region R`). Without them reports and household pages
 * show unlinked recipients and no decisions. `entas demo` and the first `entas start` both run it.
 */
export async function completeDemo(
  database: Database,
  options: {
    actor: string;
    /** The demo's province or regency: the default policy is applied there. */
    region: string;
    effective?: string;
    onStage?: (stage: string) => void;
  },
): Promise<DemoCompletion> {
  const stage = options.onStage ?? (() => undefined);
  // Fresh bulk-loaded tables have no statistics yet (PGlite has no autovacuum): plan on real row counts.
  await database.exec('ANALYZE');
  stage('linking recipient and member rows to DTSEN persons (entas link run)');
  const link = await linkPlatform(database, { source: 'all', actor: options.actor });
  await database.exec('ANALYZE');
  stage(`applying the default policy (entas policy apply --policy ${DEFAULT_POLICY_FILE})`);
  const loaded = loadPolicyFile(DEFAULT_POLICY_FILE);
  const effective = options.effective ?? civilToday();
  const applied = await applyPolicy(database, loaded.policy, loaded.text, {
    effective,
    region: options.region,
    actor: localActor(options.actor),
  });
  await database.exec('ANALYZE');
  const sum = (counts: Partial<Record<string, number>>) =>
    Object.values(counts).reduce<number>((a, b) => a + (b ?? 0), 0);
  return {
    linkage: {
      run_id: link.run_id,
      linked: sum(link.linked),
      review: link.review,
      unlinked: link.unlinked,
    },
    policy: {
      application_id: applied.application_id,
      id: applied.policy.id,
      version: applied.policy.version,
      effective: applied.effective,
      households: applied.households,
    },
  };
}
