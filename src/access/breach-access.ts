import type { Selectable } from 'kysely';
import type { BreachesTable } from '../db/tables/security.js';
import { dueAt } from '../privacy/deadlines.js';
import { NotFoundError, UserError } from '../shared/errors.js';
import type { AccessContext } from './access-context.js';

const columns = [
  'id',
  'discovered_at',
  'description',
  'data_categories',
  'subjects_affected',
  'notify_due_at',
  'notified_at',
  'created_by',
] as const;

export type BreachRecord = Pick<Selectable<BreachesTable>, (typeof columns)[number]>;

/** The breach register (UU 27/2022: notify within 3 × 24 hours). National administrators only. */
export class BreachAccess {
  constructor(private readonly ctx: AccessContext) {}

  private check(): boolean {
    this.ctx.require('breaches:manage');
    return this.ctx.principal.scope.kind === 'national';
  }

  async list(): Promise<BreachRecord[]> {
    if (!this.check()) return [];
    return this.ctx.db.selectFrom('breaches').select(columns).orderBy('id').execute();
  }

  async record(input: {
    discoveredAt: Date;
    description: string;
    dataCategories: string[];
    subjectsAffected?: number | undefined;
  }): Promise<BreachRecord> {
    if (!this.check()) throw new NotFoundError('breach register not found');
    if (input.discoveredAt.getTime() > Date.now() + 60_000) {
      throw new UserError('discovered_at lies in the future', 'invalid_date');
    }
    return this.ctx.database.transaction(async (tx) => {
      const row = await tx.db
        .insertInto('breaches')
        .values({
          discovered_at: input.discoveredAt,
          description: input.description,
          data_categories: input.dataCategories,
          subjects_affected: input.subjectsAffected ?? null,
          notify_due_at: dueAt(input.discoveredAt),
          created_by: this.ctx.principal.username,
        })
        .returning(columns)
        .executeTakeFirstOrThrow();
      await this.ctx.auditIn(tx, { action: 'breach.record', subjectType: 'breach', subjectId: row.id });
      return row;
    });
  }

  async markNotified(id: number): Promise<BreachRecord> {
    if (!this.check()) throw new NotFoundError(`breach ${id} not found`);
    return this.ctx.database.transaction(async (tx) => {
      const row = await tx.db
        .updateTable('breaches')
        .set({ notified_at: new Date() })
        .where('id', '=', id)
        .where('notified_at', 'is', null)
        .returning(columns)
        .executeTakeFirst();
      if (!row) throw new NotFoundError(`breach ${id} not found or already notified`);
      await this.ctx.auditIn(tx, { action: 'breach.notified', subjectType: 'breach', subjectId: id });
      return row;
    });
  }
}
