import { Type } from 'typebox';
import type { CooperativeDetail, CooperativeSummary, MemberRecord } from '../../access/cooperative-access.js';
import type { Page } from '../../access/pagination.js';
import { Nullable, pageOf } from '../schemas.js';

export const CooperativeSummarySchema = Type.Object({
  id: Type.Integer(),
  registration_no: Type.String(),
  name: Type.String(),
  village_code: Type.String(),
  kind: Type.String(),
  type: Type.String(),
  status: Type.String(),
  member_count: Type.Integer(),
});
export const CooperativeDetailSchema = Type.Object({
  ...CooperativeSummarySchema.properties,
  business_units: Type.Array(Type.String()),
  established_on: Nullable(Type.String()),
  member_capacity: Nullable(Type.Integer()),
  officers: Type.Array(
    Type.Object({
      id: Type.Integer(),
      position: Type.String(),
      name: Type.String(),
      start_date: Nullable(Type.String()),
      end_date: Nullable(Type.String()),
    }),
  ),
});
export const MemberSchema = Type.Object({
  id: Type.Integer(),
  member_no: Nullable(Type.String()),
  nik: Nullable(Type.String({ description: 'masked unless pii:read and X-Purpose' })),
  name: Type.String(),
  joined_on: Nullable(Type.String()),
  left_on: Nullable(Type.String()),
  savings_paid: Type.Integer({ description: 'rupiah' }),
  person_id: Nullable(Type.Integer()),
});
export const CooperativePageSchema = pageOf(CooperativeSummarySchema);
export const MemberPageSchema = pageOf(MemberSchema);

export function presentCooperativeSummary(c: CooperativeSummary) {
  return {
    id: c.id,
    registration_no: c.registration_no,
    name: c.name,
    village_code: c.village_code,
    kind: c.kind,
    type: c.type,
    status: c.status,
    member_count: c.member_count,
  };
}

export function presentCooperativePage(page: Page<CooperativeSummary>) {
  return { items: page.items.map(presentCooperativeSummary), next_cursor: page.nextCursor };
}

export function presentCooperativeDetail(c: CooperativeDetail) {
  return {
    ...presentCooperativeSummary(c),
    business_units: c.business_units,
    established_on: c.established_on,
    member_capacity: c.member_capacity,
    officers: c.officers.map((o) => ({
      id: o.id,
      position: o.position,
      name: o.name,
      start_date: o.start_date,
      end_date: o.end_date,
    })),
  };
}

export function presentMemberPage(page: Page<MemberRecord>) {
  return {
    items: page.items.map((m) => ({
      id: m.id,
      member_no: m.member_no,
      nik: m.nik,
      name: m.name,
      joined_on: m.joined_on,
      left_on: m.left_on,
      savings_paid: m.savings_paid,
      person_id: m.person_id,
    })),
    next_cursor: page.nextCursor,
  };
}
