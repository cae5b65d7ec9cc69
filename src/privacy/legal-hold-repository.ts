import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** Legal holds: a held household is not anonymised by retention until the hold is released. */
export class LegalHoldRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The household's province (the hold's key, migration 0910); undefined when there is no such household. */
  async householdProvince(householdId: number): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('households')
      .select('province_code')
      .where('id', '=', householdId)
      .executeTakeFirst();
    return row?.province_code;
  }

  /** Returns the new hold's id. */
  async place(
    household: { id: number; provinceCode: string },
    reason: string,
    placedBy: string,
  ): Promise<number> {
    const row = await this.db
      .insertInto('legal_holds')
      .values({
        province_code: household.provinceCode,
        household_id: household.id,
        reason,
        placed_by: placedBy,
      })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Releases an active hold; false when there is none with that id. */
  async release(holdId: number, releasedBy: string): Promise<boolean> {
    const result = await this.db
      .updateTable('legal_holds')
      .set({ released_at: new Date(), released_by: releasedBy })
      .where('id', '=', holdId)
      .where('released_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
