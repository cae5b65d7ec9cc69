/** What reverting a batch did, per kind of row: each import source reports the counters that apply to it. */
export interface RevertChanges {
  households_deleted?: number;
  households_restored?: number;
  persons_deleted?: number;
  persons_restored?: number;
  snapshots_deleted?: number;
  enrolments_deleted?: number;
  cooperatives_deleted?: number;
  cooperatives_restored?: number;
  members_deleted?: number;
  members_restored?: number;
  officers_deleted?: number;
  officers_restored?: number;
}
