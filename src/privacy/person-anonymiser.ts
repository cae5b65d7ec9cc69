import type { Tx } from '../db/database.js';

/** Which persons to anonymise: by their ids, or every member of these households. */
export type PersonSelection = { personIds: readonly number[] } | { householdIds: readonly number[] };

/** Keeps each statement's parameter list well below PostgreSQL's 65,535 bind parameters. */
const CHUNK = 10_000;

/**
 * Erasure by anonymisation: the person row stays (so counts, enrolment history and linkage keep their shape)
 * but every identifying field is cleared, here and in the copies other tables hold (enrolment lists,
 * cooperative registers). Set-based, so a retention run over many households costs a few statements per
 * 10,000 of them. Returns how many rows were touched per table.
 */
export async function anonymisePersons(tx: Tx, selection: PersonSelection): Promise<Record<string, number>> {
  const [column, ids] =
    'personIds' in selection
      ? (['id', selection.personIds] as const)
      : (['household_id', selection.householdIds] as const);
  const touched = { persons: 0, program_enrolments: 0, cooperative_members: 0, cooperative_officers: 0 };
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const selected = tx.db.selectFrom('persons').select('id').where(column, 'in', chunk);
    // The copies first: they are found through the persons selected, whatever their state.
    const enrolments = await tx.db
      .updateTable('program_enrolments')
      .set({ nik: null, kk: null, name: '(dihapus)', name_normalized: '' })
      .where('person_id', 'in', selected)
      .executeTakeFirst();
    const members = await tx.db
      .updateTable('cooperative_members')
      .set({ nik: null, name: '(dihapus)', name_normalized: '' })
      .where('person_id', 'in', selected)
      .executeTakeFirst();
    const officers = await tx.db
      .updateTable('cooperative_officers')
      .set({ nik: null, name: '(dihapus)' })
      .where('person_id', 'in', selected)
      .executeTakeFirst();
    const persons = await tx.db
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
      .where(column, 'in', chunk)
      .executeTakeFirst();
    touched.persons += Number(persons.numUpdatedRows);
    touched.program_enrolments += Number(enrolments.numUpdatedRows);
    touched.cooperative_members += Number(members.numUpdatedRows);
    touched.cooperative_officers += Number(officers.numUpdatedRows);
  }
  return touched;
}

/** One person (a data subject's erasure request). */
export function anonymisePerson(tx: Tx, personId: number): Promise<Record<string, number>> {
  return anonymisePersons(tx, { personIds: [personId] });
}
