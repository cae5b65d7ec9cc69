import type { Kysely } from 'kysely';
import type { AuditActor } from '../audit/access-audit.js';
import type { DB } from '../db/schema.js';
import { buildCooperative, buildHousehold } from '../policy/test-builders.js';
import { provinceCode } from '../regions/region-code.js';
import { householdProvince } from '../testing/builders.js';

/** Typed builders for pilot tests: a policy with decisions over real villages of a regency. */
export const TEST_ACTOR: AuditActor = {
  username: 'test',
  role: 'local_operator',
  origin: 'cli',
  purpose: null,
  identifiersRevealed: false,
};

export interface PilotWorld {
  villages: string[];
  /** Per village: the cooperative id and its households (head person id first). */
  byVillage: Map<string, { cooperativeId: number; households: { id: number; persons: number[] }[] }>;
  policyRowId: number;
}

/**
 * `villages` real villages of `regency`, each with a cooperative and `perVillage` households: a married adult
 * head (treatment ANGGOTA_SIMPANAN, assigned to the village's cooperative) and a child; the last household of
 * each village gets PERLINDUNGAN (not a member treatment).
 */
export async function buildPilotWorld(
  db: Kysely<DB>,
  options: { regency?: string; villages?: number; perVillage?: number; policyId?: string } = {},
): Promise<PilotWorld> {
  const regency = options.regency ?? '53.01';
  const codes = (
    await db
      .selectFrom('regions')
      .select('code')
      .where('level', '=', 4)
      .where('code', 'like', `${regency}.%`)
      .orderBy('code')
      .limit(options.villages ?? 12)
      .execute()
  ).map((r) => r.code);
  const policy = await db
    .insertInto('policies')
    .values({
      policy_id: options.policyId ?? 'pilot-test',
      version: 1,
      as_of: '2026-01-01',
      content: 'id: pilot-test',
      content_hash: 'test',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const application = await db
    .insertInto('policy_applications')
    .values({ policy_row_id: policy.id, effective: '2026-01-01' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const byVillage: PilotWorld['byVillage'] = new Map();
  let n = 0;
  for (const village of codes) {
    const cooperativeId = await buildCooperative(db, { village });
    const households: { id: number; persons: number[] }[] = [];
    const per = options.perVillage ?? 3;
    for (let i = 0; i < per; i++) {
      n++;
      const id = await buildHousehold(db, {
        village,
        decile: 1 + ((n * 7) % 10),
        members: [
          { birth: '1985-04-02', sex: n % 3 === 0 ? 'P' : 'L', nik: `530105${String(n).padStart(10, '0')}` },
          { birth: '2015-08-09', relation: 4 },
        ],
      });
      await db
        .updateTable('persons')
        .set({ marital_status: 'KAWIN' })
        .where('household_id', '=', id)
        .where('relation', '=', 1)
        .execute();
      const persons = (
        await db
          .selectFrom('persons')
          .select('id')
          .where('household_id', '=', id)
          .orderBy('relation')
          .execute()
      ).map((p) => p.id);
      await db
        .insertInto('policy_decisions')
        .values({
          province_code: provinceCode(village),
          application_id: application.id,
          household_id: id,
          treatment: i === per - 1 ? 'PERLINDUNGAN' : 'ANGGOTA_SIMPANAN',
          cooperative_id: cooperativeId,
          cooperative_match: 'village',
          effective: '2026-01-01',
        })
        .execute();
      households.push({ id, persons });
    }
    byVillage.set(village, { cooperativeId, households });
  }
  return { villages: codes, byVillage, policyRowId: policy.id };
}

/**
 * A later application of the world's policy re-decides one household: same treatment, now assigned to
 * `cooperativeId` (the earlier decision is superseded, as a re-application would do).
 */
export async function reassignHousehold(
  db: Kysely<DB>,
  world: PilotWorld,
  householdId: number,
  cooperativeId: number,
  match: 'village' | 'district_nearest' = 'district_nearest',
): Promise<void> {
  const application = await db
    .insertInto('policy_applications')
    .values({ policy_row_id: world.policyRowId, effective: '2026-02-01' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const previous = await db
    .updateTable('policy_decisions')
    .set({ superseded_by: application.id })
    .where('household_id', '=', householdId)
    .where('superseded_by', 'is', null)
    .returning('treatment')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('policy_decisions')
    .values({
      province_code: await householdProvince(db, householdId),
      application_id: application.id,
      household_id: householdId,
      treatment: previous.treatment,
      cooperative_id: cooperativeId,
      cooperative_match: match,
      effective: '2026-02-01',
    })
    .execute();
}
