import { Type } from 'typebox';
import type { ReviewPair } from '../../access/linkage-access.js';
import type { ReviewRecord } from '../../linkage/storage/review-records.js';
import type { RunListItem } from '../../linkage/storage/linkage-repository.js';
import { recordRef } from '../../privacy/record-ref.js';
import { Nullable, RefField } from '../schemas.js';

export const RunSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  left_source: Type.String(),
  right_source: Nullable(Type.String()),
  candidate_pairs: Type.Integer(),
  matches: Type.Integer(),
  review: Type.Integer(),
  finished_at: Type.String({ format: 'date-time' }),
  run_by: Nullable(Type.String()),
});

/** One side of a review pair: the fields a clerk compares (NIK and No. KK masked unless revealed). */
const ReviewRecordSchema = Type.Object({
  key: Type.String(),
  kind: Type.Union([Type.Literal('person'), Type.Literal('enrolment'), Type.Literal('member')]),
  id: Type.Integer(),
  person_ref: Nullable(RefField),
  nik: Nullable(Type.String({ description: 'masked unless pii:read and X-Purpose' })),
  kk: Nullable(Type.String({ description: 'masked unless pii:read and X-Purpose' })),
  name: Type.String(),
  birth_date: Nullable(Type.String()),
  sex: Nullable(Type.String()),
  village_code: Nullable(Type.String()),
  source: Type.String({ description: 'DTSEN, a program and period, or a cooperative' }),
});

const FIELDS = ['nik', 'kk', 'name', 'birth_date', 'sex', 'village_code'] as const;
const SIDE = 'null: not a record of this database (rows of file runs) or deleted since the run';

export const ReviewPairSchema = Type.Object({
  left_key: Type.String(),
  right_key: Type.String(),
  match_probability: Type.Number(),
  explanation: Type.Record(Type.String(), Type.Number()),
  left: Type.Union([ReviewRecordSchema, Type.Null()], { description: SIDE }),
  right: Type.Union([ReviewRecordSchema, Type.Null()], { description: SIDE }),
  fields: Type.Array(
    Type.Object({
      field: Type.Union(FIELDS.map((f) => Type.Literal(f))),
      left: Nullable(Type.String()),
      right: Nullable(Type.String()),
      same: Nullable(
        Type.Boolean({
          description:
            'compared on the full values (names ignoring case and spaces); null when a side is empty',
        }),
      ),
    }),
    { description: 'the compared fields side by side, in the order a clerk reads them' },
  ),
});

export function presentRun(r: RunListItem) {
  return {
    id: r.id,
    kind: r.kind,
    left_source: r.left_source,
    right_source: r.right_source,
    candidate_pairs: r.candidate_pairs,
    matches: r.matches,
    review: r.review,
    finished_at: r.finished_at.toISOString(),
    run_by: r.run_by,
  };
}

function presentRecord(r: ReviewRecord | null) {
  if (!r) return null;
  return {
    key: r.key,
    kind: r.kind,
    id: r.id,
    person_ref: r.personId === null ? null : recordRef('person', r.personId),
    nik: r.nik,
    kk: r.kk,
    name: r.name,
    birth_date: r.birthDate,
    sex: r.sex,
    village_code: r.villageCode,
    source: r.source,
  };
}

export function presentReviewPair(p: ReviewPair) {
  const left = presentRecord(p.left);
  const right = presentRecord(p.right);
  const fields = FIELDS.map((field) => {
    const a = left?.[field] ?? null;
    const b = right?.[field] ?? null;
    return { field, left: a, right: b, same: p.same[field] };
  });
  return {
    left_key: p.leftKey,
    right_key: p.rightKey,
    match_probability: p.probability,
    explanation: p.explanation,
    left,
    right,
    fields,
  };
}
