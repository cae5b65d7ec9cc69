import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { referenceRegionCodes } from '../regions/reference-regions.js';
import type { ValidationContext } from './profiles/profile.js';

/** Loads, once per import, everything validation looks up: village codes, region prefixes, cooperatives. */
export async function loadValidationContext(
  db: Kysely<DB>,
  options: { today: string; withCooperatives: boolean },
): Promise<ValidationContext> {
  const villages = await db.selectFrom('regions').select('code').where('level', '=', 4).execute();
  const cooperatives = options.withCooperatives
    ? new Map(
        (await db.selectFrom('cooperatives').select(['id', 'registration_no']).execute()).map((c) => [
          c.registration_no,
          c.id,
        ]),
      )
    : undefined;
  return {
    villageCodes: new Set(villages.map((v) => v.code)),
    regionCodes: referenceRegionCodes(),
    today: options.today,
    cooperatives,
  };
}
