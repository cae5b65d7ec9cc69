import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt } from './core.js';

/** A timestamp written as a Date or ISO text and always read as a Date. */
type Instant = ColumnType<Date, Date | string, Date | string>;

export interface UsersTable {
  id: Generated<number>;
  username: string;
  password_hash: string;
  role: string;
  region_codes: Generated<string[]>;
  cooperative_id: number | null;
  totp_secret: string | null;
  /** TOTP time step of the last accepted code (migration 0421): a code is never accepted twice. */
  totp_last_step: number | null;
  disabled_at: Date | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

/** Progressive sign-in delays (migration 0421, auth/login-throttle.ts). */
export interface LoginThrottleTable {
  key: string;
  failures: Generated<number>;
  blocked_until: Date | null;
  updated_at: Generated<Date>;
}

export interface AuthTokensTable {
  id: Generated<number>;
  user_id: number;
  kind: 'session' | 'api';
  name: string | null;
  token_hash: string;
  created_at: CreatedAt;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface DataSubjectRequestsTable {
  id: Generated<number>;
  kind: 'access' | 'correction' | 'erasure' | 'objection' | 'withdraw_consent';
  person_id: number | null;
  region_code: string;
  requester_name: string;
  channel: Generated<string>;
  details: string | null;
  status: Generated<'open' | 'in_review' | 'completed' | 'rejected'>;
  legal_hold: Generated<boolean>;
  resolution: string | null;
  received_at: CreatedAt;
  due_at: Instant;
  resolved_at: Date | null;
  created_by: string;
  resolved_by: string | null;
  /** withdraw_consent: the purpose withdrawn, or 'all' (migration 0403). */
  consent_purpose: string | null;
}

export interface BreachesTable {
  id: Generated<number>;
  discovered_at: Instant;
  description: string;
  data_categories: Generated<string[]>;
  subjects_affected: number | null;
  notify_due_at: Instant;
  notified_at: Date | null;
  created_by: string;
  created_at: CreatedAt;
}

export interface ConsentRecordsTable {
  id: Generated<number>;
  /** The household's province (migration 0910). */
  province_code: string;
  household_id: number;
  person_id: number | null;
  purpose: string;
  status: 'given' | 'withdrawn';
  method: 'written' | 'digital' | 'verbal_witnessed' | 'thumbprint' | 'data_subject_request';
  evidence_ref: string | null;
  /** Who consented for the person (parent or guardian of a child; migration 0440); both or neither. */
  guardian_name: string | null;
  guardian_relation: string | null;
  decided_at: Date | string;
  recorded_at: CreatedAt;
  recorded_by: string;
  request_id: number | null;
  note: string | null;
}

export interface RetentionSettingsTable {
  category: string;
  days: number;
  updated_by: string;
  updated_at: CreatedAt;
}

export interface LegalHoldsTable {
  id: Generated<number>;
  /** The household's province (migration 0910). */
  province_code: string;
  household_id: number;
  reason: string;
  placed_by: string;
  placed_at: CreatedAt;
  released_by: string | null;
  released_at: Date | null;
}

export interface SecurityTables {
  retention_settings: RetentionSettingsTable;
  legal_holds: LegalHoldsTable;
  consent_records: ConsentRecordsTable;
  users: UsersTable;
  auth_tokens: AuthTokensTable;
  login_throttle: LoginThrottleTable;
  data_subject_requests: DataSubjectRequestsTable;
  breaches: BreachesTable;
}
