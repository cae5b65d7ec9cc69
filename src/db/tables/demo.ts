/** Ground truth of the synthetic demo (migration 0050-demo-truth). */
export interface DemoTruthTable {
  table_name: 'program_enrolments' | 'cooperative_members' | 'cooperative_officers';
  row_id: number;
  batch_id: number;
  person_id: number | null;
  household_id: number | null;
  errors: string[];
}

export interface DemoTables {
  demo_truth: DemoTruthTable;
}
