import fs from 'node:fs';
import type { Database } from '../db/database.js';
import { UserError } from '../shared/errors.js';
import { readProfileCsv, type ProfileProblem, type VillageProfileInput } from './village-profile.js';
import { VillageRepository } from './village-repository.js';
import { scoreVillages, type VillageScore } from './village-score.js';

export interface ImportResult {
  file: string;
  rows: number;
  created: number;
  updated: number;
}

/** Imports profiles from CSV in one transaction; any bad row (value or unknown village) rejects the file. */
export async function importProfiles(database: Database, file: string, actor: string): Promise<ImportResult> {
  let content: string;
  try {
    content = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const { profiles, problems } = readProfileCsv(content);
  const codes = [...new Set(profiles.map((p) => p.villageCode))];
  const known = new Set(
    codes.length
      ? (
          await database.db
            .selectFrom('regions')
            .select('code')
            .where('code', 'in', codes)
            .where('level', '=', 4)
            .execute()
        ).map((r) => r.code)
      : [],
  );
  profiles.forEach((p, i) => {
    if (!known.has(p.villageCode))
      problems.push({
        row: i + 2,
        field: 'village_code',
        message: `village ${p.villageCode} is not in the region reference`,
      });
  });
  if (problems.length) throw profileError(file, problems);
  return database.transaction(async (tx) => {
    const repo = new VillageRepository(tx.db);
    let created = 0;
    for (const p of profiles) if ((await repo.upsertProfile(p, actor)) === 'created') created++;
    return { file, rows: profiles.length, created, updated: profiles.length - created };
  });
}

export function profileError(file: string, problems: ProfileProblem[]): UserError {
  const first = problems.sort((a, b) => a.row - b.row)[0]!;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return new UserError(
    `${file}: row ${first.row}, field ${first.field}: ${first.message}${more}`,
    'invalid_profile',
    problems,
  );
}

export async function saveProfile(
  database: Database,
  profile: VillageProfileInput,
  actor: string,
): Promise<'created' | 'updated'> {
  const region = await database.db
    .selectFrom('regions')
    .select('level')
    .where('code', '=', profile.villageCode)
    .executeTakeFirst();
  if (!region || region.level !== 4)
    throw new UserError(`village ${profile.villageCode} is not in the region reference`);
  return new VillageRepository(database.db).upsertProfile(profile, actor);
}

export async function rankVillages(
  database: Database,
  options: { province?: string; top?: number },
): Promise<VillageScore[]> {
  const facts = await new VillageRepository(database.db).facts(options.province ?? null);
  const ranked = scoreVillages(facts);
  return options.top ? ranked.slice(0, options.top) : ranked;
}
