import type { ColumnType, Generated, GeneratedAlways } from 'kysely';
import type { CreatedAt, Json } from './core.js';

type Timestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
export type PartState = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';

export interface JobsTable {
  id: GeneratedAlways<number>;
  kind: string;
  params: Json<unknown>;
  state: ColumnType<JobState, JobState | undefined, JobState>;
  result: ColumnType<unknown, string | null | undefined, string | null>;
  error: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  started_at: Timestamp;
  finished_at: Timestamp;
}

export interface JobPartsTable {
  job_id: number;
  part_key: string;
  stage: number;
  province_code: string;
  state: ColumnType<PartState, PartState | undefined, PartState>;
  attempts: Generated<number>;
  lease_owner: string | null;
  lease_expires_at: Timestamp;
  checkpoint: ColumnType<unknown, string | null | undefined, string | null>;
  progress_done: Generated<number>;
  progress_total: number | null;
  result: ColumnType<unknown, string | null | undefined, string | null>;
  error: string | null;
  started_at: Timestamp;
  finished_at: Timestamp;
}

export interface JobTables {
  jobs: JobsTable;
  job_parts: JobPartsTable;
}
