import type { JsonDefault } from './core.js';

export interface IntakeWarningsTable {
  batch_id: number;
  line: number;
  field: string;
  value: string | null;
  code: string;
  message: string;
  message_id: string;
}

export interface IntakePriorRowsTable {
  batch_id: number;
  table_name: 'households' | 'persons' | 'cooperatives' | 'cooperative_members';
  row_id: number;
  data: JsonDefault<Record<string, unknown>>;
}

export interface IntakeTables {
  intake_warnings: IntakeWarningsTable;
  intake_prior_rows: IntakePriorRowsTable;
}
