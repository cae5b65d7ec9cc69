import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.js';

export interface CoreCounts {
  households: number;
  persons: number;
  cooperatives: number;
  members: number;
  enrolments: number;
  batches: number;
}

export async function countCoreRows(db: Kysely<DB>): Promise<CoreCounts> {
  const count = (table: keyof DB) => sql<number>`(SELECT count(*)::int FROM ${sql.table(table)})`;
  const row = await db
    .selectNoFrom([
      count('households').as('households'),
      count('persons').as('persons'),
      count('cooperatives').as('cooperatives'),
      count('cooperative_members').as('members'),
      count('program_enrolments').as('enrolments'),
      count('source_batches').as('batches'),
    ])
    .executeTakeFirstOrThrow();
  return row;
}
