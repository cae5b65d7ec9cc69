import type { Generated } from 'kysely';
import type { CreatedAt, Json } from './core.js';

export interface LinkageRunsTable {
  id: Generated<number>;
  kind: 'link' | 'dedupe';
  left_source: string;
  right_source: string | null;
  settings: Json<unknown>;
  model: Json<unknown>;
  blocking: Json<unknown>;
  quality: Json<unknown> | null;
  candidate_pairs: number;
  matches: number;
  review: number;
  started_at: Date;
  finished_at: CreatedAt;
  run_by: string | null;
}

export interface LinkageReviewQueueTable {
  id: Generated<number>;
  run_id: number;
  left_key: string;
  right_key: string;
  match_probability: number;
  explanation: Json<unknown>;
}

export interface LinkageDecisionsTable {
  left_key: string;
  right_key: string;
  decision: 'match' | 'non_match';
  note: string | null;
  decided_by: string;
  decided_at: CreatedAt;
}

/** Every record of every entity (migration 0202): persons are the reference, source rows join them. */
export interface LinkageEntityRecordsTable {
  record_table: 'persons' | 'program_enrolments' | 'cooperative_members';
  record_id: number;
  entity_id: number;
  run_id: number | null;
  match_probability: number | null;
  reviewed: Generated<boolean>;
  linked_at: CreatedAt;
}

export interface LinkageTables {
  linkage_runs: LinkageRunsTable;
  linkage_review_queue: LinkageReviewQueueTable;
  linkage_decisions: LinkageDecisionsTable;
  linkage_entity_records: LinkageEntityRecordsTable;
}
