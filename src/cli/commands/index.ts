import type { Command } from 'commander';
import { registerAuditCommands } from './audit.js';
import { registerBatchCommands } from './batches.js';
import { registerConsentCommands } from './consent.js';
import { registerRetentionCommands } from './retention.js';
import { registerDatabaseCommands } from './database.js';
import { registerDemoCommands } from './demo.js';
import { registerExplainCommands } from './explain.js';
import { registerImportCommands } from './import.js';
import { registerLinkCommands } from './link.js';
import { registerLoanCommands } from './loan.js';
import { registerPlatformLinkCommands } from './link-platform.js';
import { registerIdentifierCommands } from './nik.js';
import { registerPilotCommands } from './pilot.js';
import { registerPolicyCommands } from './policy.js';
import { registerPowerCommands } from './power.js';
import { registerProgramCommands } from './programs.js';
import { registerRegionCommands } from './regions.js';
import { registerTargetingReportCommands } from './report-targeting.js';
import { registerServeCommands } from './serve.js';
import { registerVillageCommands } from './villages.js';
import { registerStartCommand } from './start.js';
import { registerUserCommands } from './users.js';

/** Every command area registers itself here (one line each). */
export function registerCommands(program: Command): void {
  registerRegionCommands(program);
  registerIdentifierCommands(program);
  registerDatabaseCommands(program);
  registerDemoCommands(program);
  registerProgramCommands(program);
  registerPolicyCommands(program);
  registerExplainCommands(program);
  registerVillageCommands(program);
  registerTargetingReportCommands(program);
  registerServeCommands(program);
  registerStartCommand(program);
  registerUserCommands(program);
  registerAuditCommands(program);
  registerLinkCommands(program);
  registerPlatformLinkCommands(program);
  registerImportCommands(program);
  registerBatchCommands(program);
  registerConsentCommands(program);
  registerRetentionCommands(program);
  registerPowerCommands(program);
  registerLoanCommands(program);
  registerPilotCommands(program);
}
