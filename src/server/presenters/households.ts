import { Type } from 'typebox';
import type { HouseholdDetail, HouseholdSummary } from '../../access/household-access.js';
import type { Page } from '../../access/pagination.js';
import { recordRef } from '../../privacy/record-ref.js';
import { serverSecretKey, type SecretKey } from '../../shared/secret-key.js';
import { Nullable, pageOf, RefField } from '../schemas.js';
import { presentHouseholdConsent } from '../../consent/consent-presenter.js';
import { HouseholdConsentSchema } from './consent.js';

export const HouseholdSummarySchema = Type.Object({
  id: Type.Integer(),
  ref: RefField,
  kk: Nullable(Type.String({ description: 'No. KK, masked unless pii:read and X-Purpose' })),
  village_code: Type.String(),
  address: Nullable(Type.String()),
  decile: Nullable(Type.Integer()),
  snapshot_date: Nullable(Type.String()),
  member_count: Type.Integer(),
});

export const HouseholdDetailSchema = Type.Object({
  ...HouseholdSummarySchema.properties,
  pmt_score: Nullable(Type.Number()),
  socio: Type.Record(Type.String(), Type.Unknown()),
  members: Type.Array(
    Type.Object({
      id: Type.Integer(),
      ref: RefField,
      nik: Nullable(Type.String()),
      name: Type.String(),
      sex: Nullable(Type.String()),
      birth_date: Nullable(Type.String()),
      relation: Nullable(Type.Integer()),
      disability: Type.Boolean(),
    }),
  ),
  enrolments: Type.Array(
    Type.Object({
      id: Type.Integer(),
      program_code: Type.String(),
      period: Type.String(),
      amount: Nullable(Type.Integer()),
      person_id: Nullable(Type.Integer()),
    }),
  ),
  cooperative_memberships: Type.Array(
    Type.Object({
      cooperative_id: Type.Integer(),
      cooperative_name: Type.String(),
      person_id: Nullable(Type.Integer()),
      member_no: Nullable(Type.String()),
      joined_on: Nullable(Type.String()),
      left_on: Nullable(Type.String()),
    }),
  ),
  consent: Type.Array(HouseholdConsentSchema),
  decisions: Type.Array(
    Type.Object({
      policy_id: Type.String(),
      policy_version: Type.Integer(),
      effective: Type.String({ format: 'date' }),
      applied_at: Type.String({ format: 'date-time' }),
      treatment: Type.String(),
      rule_id: Nullable(Type.String({ description: 'null: the policy default' })),
      cooperative_id: Nullable(Type.Integer()),
      cooperative_match: Nullable(Type.String()),
    }),
    {
      description: 'targeting decisions in force, newest first (GET /households/:id/decisions explains them)',
    },
  ),
});

export const HouseholdPageSchema = pageOf(HouseholdSummarySchema);

/** `secret`: the key of the references, looked up once per response rather than once per record. */
export function presentHouseholdSummary(h: HouseholdSummary, secret: SecretKey = serverSecretKey()) {
  return {
    id: h.id,
    ref: recordRef('household', h.id, secret),
    kk: h.kk,
    village_code: h.village_code,
    address: h.address,
    decile: h.decile,
    snapshot_date: h.snapshot_date,
    member_count: h.member_count,
  };
}

export function presentHouseholdPage(page: Page<HouseholdSummary>) {
  const secret = serverSecretKey();
  return { items: page.items.map((h) => presentHouseholdSummary(h, secret)), next_cursor: page.nextCursor };
}

export function presentHouseholdDetail(h: HouseholdDetail) {
  const secret = serverSecretKey();
  return {
    ...presentHouseholdSummary(h, secret),
    pmt_score: h.pmt_score,
    socio: h.socio,
    members: h.members.map((m) => ({
      id: m.id,
      ref: recordRef('person', m.id, secret),
      nik: m.nik,
      name: m.name,
      sex: m.sex,
      birth_date: m.birth_date,
      relation: m.relation,
      disability: m.disability,
    })),
    enrolments: h.enrolments.map((e) => ({
      id: e.id,
      program_code: e.program_code,
      period: e.period,
      amount: e.amount,
      person_id: e.person_id,
    })),
    cooperative_memberships: h.cooperative_memberships.map((m) => ({
      cooperative_id: m.cooperative_id,
      cooperative_name: m.cooperative_name,
      person_id: m.person_id,
      member_no: m.member_no,
      joined_on: m.joined_on,
      left_on: m.left_on,
    })),
    consent: h.consent.map(presentHouseholdConsent),
    decisions: h.decisions.map((d) => ({
      policy_id: d.policy_id,
      policy_version: d.policy_version,
      effective: d.effective,
      applied_at: new Date(d.applied_at).toISOString(),
      treatment: d.treatment,
      rule_id: d.rule_id,
      cooperative_id: d.cooperative_id,
      cooperative_match: d.cooperative_match,
    })),
  };
}
