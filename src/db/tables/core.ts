import type { ColumnType, Generated, GeneratedAlways } from 'kysely';

/** ISO date text (YYYY-MM-DD): `date` columns are read as text on both engines. */
export type DateText = string;
/** jsonb: written as JSON text or object, read as parsed JSON. */
export type Json<T> = ColumnType<T, string | T, string | T>;
/** jsonb with a database default: optional on insert. */
export type JsonDefault<T> = ColumnType<T, string | T | undefined, string | T>;
export type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export interface RegionsTable {
  code: string;
  parent_code: string | null;
  level: number;
  name: string;
  kind: string | null;
}

export interface SourceBatchesTable {
  id: Generated<number>;
  source: string;
  file_name: string | null;
  content_hash: string | null;
  program_code: string | null;
  period: string | null;
  snapshot_date: DateText | null;
  rows_total: Generated<number>;
  rows_accepted: Generated<number>;
  rows_rejected: Generated<number>;
  warnings: JsonDefault<unknown[]>;
  meta: JsonDefault<Record<string, unknown>>;
  created_by: string | null;
  created_at: CreatedAt;
  reverted_at: Date | null;
  reverted_by: string | null;
}

export interface HouseholdsTable {
  /** Two digits of the village code (migration 0900): the key tables are partitioned and sharded by. */
  province_code: string;
  id: Generated<number>;
  kk: string | null;
  village_code: string;
  address: string | null;
  decile: number | null;
  pmt_score: number | null;
  snapshot_date: DateText | null;
  socio: JsonDefault<Record<string, unknown>>;
  /** Generated from socio.miskin_ekstrem (migration 0302): never written directly. */
  extreme_poor: GeneratedAlways<boolean | null>;
  batch_id: number | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface HouseholdSnapshotsTable {
  /** Two digits of the village code (migration 0900): the key tables are partitioned and sharded by. */
  province_code: string;
  household_id: number;
  batch_id: number;
  snapshot_date: DateText;
  decile: number | null;
  pmt_score: number | null;
  member_count: Generated<number>;
  socio: JsonDefault<Record<string, unknown>>;
}

export interface PersonsTable {
  /** Two digits of the village code (migration 0900): the key tables are partitioned and sharded by. */
  province_code: string;
  id: Generated<number>;
  household_id: number | null;
  nik: string | null;
  name: string;
  name_normalized: string;
  sex: 'L' | 'P' | null;
  birth_date: DateText | null;
  relation: number | null;
  disability: Generated<boolean>;
  occupation: string | null;
  education: string | null;
  marital_status: string | null;
  entity_id: number | null;
  /** Migration 0510: a death reported by accepted field verification. */
  deceased_on: Generated<DateText | null>;
  batch_id: number | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface ProgramsTable {
  code: string;
  name: string;
  agency: string;
  unit: Generated<'household' | 'person'>;
  eligible_deciles: number[];
  monthly_benefit: number | null;
  active: Generated<boolean>;
}

export interface ProgramEnrolmentsTable {
  /** Two digits of the village code (migration 0900): the key tables are partitioned and sharded by. */
  province_code: string;
  id: Generated<number>;
  program_code: string;
  period: string;
  nik: string | null;
  kk: string | null;
  name: string;
  name_normalized: string;
  village_code: string | null;
  amount: number | null;
  components: JsonDefault<Record<string, unknown>>;
  person_id: number | null;
  household_id: number | null;
  batch_id: number | null;
  created_at: CreatedAt;
}

export interface CooperativesTable {
  id: Generated<number>;
  registration_no: string;
  name: string;
  village_code: string;
  kind: 'desa' | 'kelurahan';
  type: Generated<string>;
  business_units: Generated<string[]>;
  status: Generated<'forming' | 'registered' | 'operating' | 'inactive'>;
  established_on: DateText | null;
  member_capacity: number | null;
  batch_id: number | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface CooperativeOfficersTable {
  id: Generated<number>;
  cooperative_id: number;
  position: string;
  name: string;
  nik: string | null;
  person_id: number | null;
  start_date: DateText | null;
  end_date: DateText | null;
  /** Migration 0650: family card number (the registrar warns when officers share one). */
  kk: Generated<string | null>;
  /** Migration 0650: holds the post by virtue of another office (the kepala desa chairing the pengawas). */
  ex_officio: Generated<boolean>;
  /** Migration 0961: the import batch that wrote the officer (null: appointed through the API). */
  batch_id: Generated<number | null>;
}

export interface CooperativeMembersTable {
  id: Generated<number>;
  cooperative_id: number;
  member_no: string | null;
  nik: string | null;
  name: string;
  name_normalized: string;
  joined_on: DateText | null;
  left_on: DateText | null;
  savings_paid: Generated<number>;
  person_id: number | null;
  /** The linked person's household (migration 0202, set by `entas link run`). */
  household_id: Generated<number | null>;
  batch_id: number | null;
  created_at: CreatedAt;
  /** Migration 0500: registered (by a pilot, pokok unpaid), active, left. */
  status: Generated<'registered' | 'active' | 'left'>;
  /** Migration 0500: the pilot enrolment that registered this member. */
  enrolment_id: Generated<number | null>;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: CreatedAt;
  actor: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  region_code: string | null;
  purpose: string | null;
  origin: string | null;
  details: JsonDefault<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

/** Signed checkpoints of the audit chain (migration 0420, audit/checkpoint.ts). */
export interface AuditCheckpointsTable {
  id: Generated<number>;
  at: Date | string;
  head_id: number;
  head_hash: string;
  entry_count: number;
  key_id: string;
  mac: string;
}

export interface CoreTables {
  regions: RegionsTable;
  source_batches: SourceBatchesTable;
  households: HouseholdsTable;
  household_snapshots: HouseholdSnapshotsTable;
  persons: PersonsTable;
  programs: ProgramsTable;
  program_enrolments: ProgramEnrolmentsTable;
  cooperatives: CooperativesTable;
  cooperative_officers: CooperativeOfficersTable;
  cooperative_members: CooperativeMembersTable;
  audit_log: AuditLogTable;
  audit_checkpoints: AuditCheckpointsTable;
  entas_migrations: { name: string; applied_at: CreatedAt };
}
