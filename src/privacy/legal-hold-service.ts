import { auditChange, type AuditActor } from '../audit/access-audit.js';
import type { Database } from '../db/database.js';
import { NotFoundError, say } from '../shared/errors.js';
import { LegalHoldRepository } from './legal-hold-repository.js';

/** Places a legal hold on a household (audited in the same transaction); returns the hold's id. */
export async function placeLegalHold(
  database: Database,
  actor: AuditActor,
  householdId: number,
  reason: string,
): Promise<number> {
  return database.transaction(async (tx) => {
    const holds = new LegalHoldRepository(tx.db);
    const provinceCode = await holds.householdProvince(householdId);
    if (provinceCode === undefined)
      throw new NotFoundError(
        say(`household ${householdId} not found`, `rumah tangga ${householdId} tidak ditemukan`),
      );
    const id = await holds.place({ id: householdId, provinceCode }, reason, actor.username);
    await auditChange(tx, actor, {
      action: 'legal_hold.place',
      subjectType: 'household',
      subjectId: householdId,
      details: { hold_id: id, reason },
    });
    return id;
  });
}

/** Releases an active legal hold (audited in the same transaction). */
export async function releaseLegalHold(database: Database, actor: AuditActor, holdId: number): Promise<void> {
  await database.transaction(async (tx) => {
    if (!(await new LegalHoldRepository(tx.db).release(holdId, actor.username)))
      throw new NotFoundError(
        say(`no active legal hold ${holdId}`, `tidak ada penahanan hukum aktif ${holdId}`),
      );
    await auditChange(tx, actor, {
      action: 'legal_hold.release',
      subjectType: 'legal_hold',
      subjectId: holdId,
    });
  });
}
