import { Type } from 'typebox';
import type { Page } from '../../access/pagination.js';
import type { PersonRecord } from '../../access/person-access.js';
import { recordRef } from '../../privacy/record-ref.js';
import { Nullable, pageOf, RefField } from '../schemas.js';

export const PersonSchema = Type.Object({
  id: Type.Integer(),
  ref: RefField,
  household_id: Nullable(Type.Integer()),
  village_code: Nullable(Type.String()),
  nik: Nullable(Type.String({ description: 'masked unless pii:read and X-Purpose' })),
  name: Type.String(),
  sex: Nullable(Type.String()),
  birth_date: Nullable(Type.String()),
  relation: Nullable(Type.Integer()),
  disability: Type.Boolean(),
  occupation: Nullable(Type.String()),
  education: Nullable(Type.String()),
  marital_status: Nullable(Type.String()),
  entity_id: Nullable(Type.Integer()),
});
export const PersonPageSchema = pageOf(PersonSchema);

export function presentPerson(p: PersonRecord) {
  return {
    id: p.id,
    ref: recordRef('person', p.id),
    household_id: p.household_id,
    village_code: p.village_code,
    nik: p.nik,
    name: p.name,
    sex: p.sex,
    birth_date: p.birth_date,
    relation: p.relation,
    disability: p.disability,
    occupation: p.occupation,
    education: p.education,
    marital_status: p.marital_status,
    entity_id: p.entity_id,
  };
}

export function presentPersonPage(page: Page<PersonRecord>) {
  return { items: page.items.map(presentPerson), next_cursor: page.nextCursor };
}
