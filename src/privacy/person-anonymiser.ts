import type { Tx } from '../db/database.js';

/**
 * Erasure by anonymisation: the person row stays (so counts, enrolment history and linkage keep their shape)
 * but every identifying field is cleared, here and in the copies other tables hold (enrolment lists,
 * cooperative registers). Returns how many rows were touched per table.
 */
export async function anonymisePerson(tx: Tx, personId: number): Promise<Record<string, number>> {
  const person = await tx.db
    .updateTable('persons')
    .set({
      nik: null,
      name: '(dihapus)',
      name_normalized: '',
      birth_date: null,
      occupation: null,
      education: null,
      marital_status: null,
      updated_at: new Date(),
    })
    .where('id', '=', personId)
    .executeTakeFirst();
  const enrolments = await tx.db
    .updateTable('program_enrolments')
    .set({ nik: null, kk: null, name: '(dihapus)', name_normalized: '' })
    .where('person_id', '=', personId)
    .executeTakeFirst();
  const members = await tx.db
    .updateTable('cooperative_members')
    .set({ nik: null, name: '(dihapus)', name_normalized: '' })
    .where('person_id', '=', personId)
    .executeTakeFirst();
  const officers = await tx.db
    .updateTable('cooperative_officers')
    .set({ nik: null, name: '(dihapus)' })
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return {
    persons: Number(person.numUpdatedRows),
    program_enrolments: Number(enrolments.numUpdatedRows),
    cooperative_members: Number(members.numUpdatedRows),
    cooperative_officers: Number(officers.numUpdatedRows),
  };
}
