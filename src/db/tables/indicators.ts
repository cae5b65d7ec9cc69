import type { Generated } from 'kysely';
import type { CreatedAt, Json } from './core.js';

export interface IndicatorDefinitionsTable {
  indicator_id: string;
  version: number;
  set_name: string;
  definition: Json<unknown>;
  content_hash: string;
  created_at: CreatedAt;
}

export interface IndicatorValuesTable {
  indicator_id: string;
  version: number;
  period: string;
  region_level: number;
  region_code: string;
  parent_code: string | null;
  province_code: string;
  disaggregation: Generated<string>;
  category: Generated<string>;
  numerator: number;
  denominator: number | null;
  refreshed_at: CreatedAt;
}

export interface IndicatorRefreshesTable {
  id: Generated<number>;
  indicator_id: string;
  version: number;
  region_code: string;
  source_mark: string;
  rows_written: number;
  duration_ms: number;
  refreshed_by: string | null;
  refreshed_at: CreatedAt;
}

export interface IndicatorTables {
  indicator_definitions: IndicatorDefinitionsTable;
  indicator_values: IndicatorValuesTable;
  indicator_refreshes: IndicatorRefreshesTable;
}
