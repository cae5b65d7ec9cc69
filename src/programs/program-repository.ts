import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { NotFoundError } from '../shared/errors.js';

export interface Program {
  code: string;
  name: string;
  agency: string;
  unit: 'household' | 'person';
  eligibleDeciles: number[];
  monthlyBenefit: number | null;
  active: boolean;
}

/** Social programs and their eligibility configuration (deciles are policy, so they live in data). */
export class ProgramRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async list(): Promise<Program[]> {
    const rows = await this.db.selectFrom('programs').selectAll().orderBy('code').execute();
    return rows.map((r) => ({
      code: r.code,
      name: r.name,
      agency: r.agency,
      unit: r.unit,
      eligibleDeciles: r.eligible_deciles,
      monthlyBenefit: r.monthly_benefit,
      active: r.active,
    }));
  }

  async exists(code: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('programs')
      .select('code')
      .where('code', '=', code)
      .executeTakeFirst();
    return row !== undefined;
  }

  async update(
    code: string,
    changes: { eligibleDeciles?: number[]; monthlyBenefit?: number; active?: boolean },
  ): Promise<Program> {
    const result = await this.db
      .updateTable('programs')
      .set({
        ...(changes.eligibleDeciles ? { eligible_deciles: changes.eligibleDeciles } : {}),
        ...(changes.monthlyBenefit !== undefined ? { monthly_benefit: changes.monthlyBenefit } : {}),
        ...(changes.active !== undefined ? { active: changes.active } : {}),
      })
      .where('code', '=', code)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new NotFoundError(`unknown program "${code}"`);
    return (await this.list()).find((p) => p.code === code)!;
  }
}
