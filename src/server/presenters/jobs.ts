import { Type } from 'typebox';
import type { JobDetail } from '../../jobs/job-service.js';
import type { JobSummary, PartRow } from '../../jobs/job-repository.js';
import { Nullable } from '../schemas.js';

const JOB_STATE = Type.Union([
  Type.Literal('queued'),
  Type.Literal('running'),
  Type.Literal('done'),
  Type.Literal('failed'),
  Type.Literal('cancelled'),
]);
const PART_STATE = Type.Union([
  Type.Literal('pending'),
  Type.Literal('running'),
  Type.Literal('done'),
  Type.Literal('failed'),
  Type.Literal('cancelled'),
]);
const Timestamp = Nullable(Type.String({ format: 'date-time' }));

export const JobSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  state: JOB_STATE,
  /** What the job was asked to do, without bulky fixed inputs (the policy text, source watermarks). */
  params: Type.Record(Type.String(), Type.Unknown()),
  created_by: Nullable(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
  started_at: Timestamp,
  finished_at: Timestamp,
  error: Nullable(Type.String()),
  parts: Type.Object({
    total: Type.Integer(),
    pending: Type.Integer(),
    running: Type.Integer(),
    done: Type.Integer(),
    failed: Type.Integer(),
    cancelled: Type.Integer(),
  }),
  progress: Type.Object({ done: Type.Integer(), total: Type.Integer() }),
});
export const JobListSchema = Type.Object({
  items: Type.Array(JobSchema),
  submittable: Type.Array(Type.String(), {
    description: 'the kinds this user may submit (the permission of each kind, national scope only)',
  }),
});

export const JobPartSchema = Type.Object({
  key: Type.String(),
  stage: Type.Integer(),
  province_code: Type.String(),
  state: PART_STATE,
  attempts: Type.Integer(),
  lease_owner: Nullable(Type.String()),
  lease_expires_at: Timestamp,
  progress_done: Type.Integer(),
  progress_total: Nullable(Type.Integer()),
  error: Nullable(Type.String()),
  started_at: Timestamp,
  finished_at: Timestamp,
});

export const JobDetailSchema = Type.Object({
  job: JobSchema,
  parts: Type.Array(JobPartSchema),
  /** The combined result once the job is done (its shape depends on the kind; docs/JOBS.md). */
  result: Type.Unknown(),
});

const HIDDEN_PARAMS = new Set(['policy_text', 'mark', 'actor']);
const iso = (d: Date | null) => d?.toISOString() ?? null;

export function presentJob(j: JobSummary) {
  const params = Object.fromEntries(
    Object.entries((j.params ?? {}) as Record<string, unknown>).filter(([k]) => !HIDDEN_PARAMS.has(k)),
  );
  const total = Object.values(j.parts).reduce((a, b) => a + b, 0);
  return {
    id: j.id,
    kind: j.kind,
    state: j.state,
    params,
    created_by: j.created_by,
    created_at: j.created_at.toISOString(),
    started_at: iso(j.started_at),
    finished_at: iso(j.finished_at),
    error: j.error,
    parts: { total, ...j.parts },
    progress: { done: j.progress_done, total: j.progress_total },
  };
}

export function presentJobPart(p: PartRow) {
  return {
    key: p.part_key,
    stage: p.stage,
    province_code: p.province_code,
    state: p.state,
    attempts: p.attempts,
    lease_owner: p.lease_owner,
    lease_expires_at: iso(p.lease_expires_at),
    progress_done: Number(p.progress_done),
    progress_total: p.progress_total === null ? null : Number(p.progress_total),
    error: p.error,
    started_at: iso(p.started_at),
    finished_at: iso(p.finished_at),
  };
}

export function presentJobDetail(d: JobDetail) {
  return { job: presentJob(d.job), parts: d.parts.map(presentJobPart), result: d.job.result ?? null };
}

export function presentJobList(jobs: readonly JobSummary[], submittable: readonly string[]) {
  return { items: jobs.map(presentJob), submittable: [...submittable] };
}
