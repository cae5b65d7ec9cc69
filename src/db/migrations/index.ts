import type { Migration } from '../migration.js';
import { coreMigration } from './0001-core.js';
import { regionsMigration } from './0002-regions.js';
import { programsMigration } from './0003-programs.js';
import { demoTruthMigration } from './0050-demo-truth.js';
import { intakeMigration } from './0101-intake.js';
import { linkageMigration } from './0201-linkage.js';
import { platformLinkageMigration } from './0202-platform-linkage.js';
import { policyMigration } from './0301-policy.js';
import { householdExtremePoorMigration } from './0302-household-extreme-poor.js';
import { securityMigration } from './0401-security.js';
import { householdRegionIndexesMigration } from './0402-household-region-indexes.js';
import { consentMigration } from './0403-consent.js';
import { retentionMigration } from './0404-retention.js';
import { dropHouseholdVillagePatternIndexMigration } from './0405-drop-household-village-pattern-index.js';
import { auditAppendOnlyMigration } from './0420-audit-append-only.js';
import { signInThrottleMigration } from './0421-sign-in-throttle.js';
import { dropAccountLockMigration } from './0430-drop-account-lock.js';
import { auditPrivilegesMigration } from './0431-audit-privileges.js';
import { auditChainUniquePredecessorMigration } from './0432-audit-chain-unique-predecessor.js';
import { consentThumbprintGuardianMigration } from './0440-consent-thumbprint-guardian.js';
import { pilotsMigration } from './0500-pilots.js';
import { fieldVerificationMigration } from './0510-field-verification.js';
import { coopLedgerMigration } from './0600-coop-ledger.js';
import { coopBalancesMigration } from './0610-coop-balances.js';
import { coopLoanEventsMigration } from './0620-coop-loan-events.js';
import { coopPostingPathMigration } from './0630-coop-posting-path.js';
import { coopOperationsMigration } from './0650-coop-operations.js';
import { coopBalancesPerAccountMigration } from './0660-coop-balances-per-account.js';
import { indicatorsMigration } from './0700-indicators.js';
import { indicatorRefreshMigration } from './0730-indicator-refresh.js';
import { coopHealthScoresMigration } from './0740-coop-health-scores.js';
import { provinceKeysMigration } from './0900-province-keys.js';
import { coordinatorProvinceKeysMigration } from './0910-coordinator-province-keys.js';
import { jobsMigration } from './0950-jobs.js';
import { officerBatchesMigration } from './0961-officer-batches.js';
import { indicatorValuesPartitionsMigration } from './0970-indicator-values-partitions.js';
import { distributeCoordinatorTablesMigration } from './0980-distribute-coordinator-tables.js';

/**
 * Every migration, in the order it applies. Areas own name ranges so parallel work never collides:
 * 0001–0099 core, 0100 intake, 0200 linkage, 0300 policy, 0400 server/security, 0500 pilots,
 * 0600 cooperative operations, 0700 monitoring and evaluation, 0900 national scale (province keys, Citus),
 * 0950 jobs, 0961 officer registers from intake, 0970 indicator partitions, 0980 the coordinator tables
 * distributed (Citus).
 */
export const migrations: readonly Migration[] = [
  coreMigration,
  regionsMigration,
  programsMigration,
  demoTruthMigration,
  intakeMigration,
  linkageMigration,
  platformLinkageMigration,
  policyMigration,
  householdExtremePoorMigration,
  securityMigration,
  householdRegionIndexesMigration,
  consentMigration,
  retentionMigration,
  dropHouseholdVillagePatternIndexMigration,
  auditAppendOnlyMigration,
  signInThrottleMigration,
  dropAccountLockMigration,
  auditPrivilegesMigration,
  auditChainUniquePredecessorMigration,
  consentThumbprintGuardianMigration,
  pilotsMigration,
  fieldVerificationMigration,
  coopLedgerMigration,
  coopBalancesMigration,
  coopLoanEventsMigration,
  coopPostingPathMigration,
  coopOperationsMigration,
  coopBalancesPerAccountMigration,
  indicatorsMigration,
  indicatorRefreshMigration,
  coopHealthScoresMigration,
  provinceKeysMigration,
  coordinatorProvinceKeysMigration,
  jobsMigration,
  officerBatchesMigration,
  indicatorValuesPartitionsMigration,
  distributeCoordinatorTablesMigration,
];
