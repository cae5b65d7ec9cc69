import type { Command } from 'commander';
import { registerBusinessUnitsCommand } from './business-units.js';
import { registerExitCommand } from './exit.js';
import { registerFollowupCloseCommand } from './followup-close.js';
import { registerFoundRegisterCommand } from './found-register.js';
import { registerFoundShowCommand } from './found-show.js';
import { registerFoundStartCommand } from './found-start.js';
import { registerFoundStepCommand } from './found-step.js';
import { registerHealthCommand } from './health.js';
import { registerMentoringRecordCommand } from './mentoring-record.js';
import { registerMentoringCommand } from './mentoring.js';
import { registerOfficerAddCommand } from './officer-add.js';
import { registerOfficerEndCommand } from './officer-end.js';
import { registerRatReportCommand } from './rat-report.js';
import { registerRatCommand } from './rat.js';
import { registerRegisterCheckCommand } from './register-check.js';
import { registerReportCommand } from './report.js';

/**
 * `entas coop mentoring …, register-check, health, exit, found …` (docs/FINANCE.md): one file per command, registered
 * here in the order `--help` lists them.
 */
export function registerCoopOperationCommands(coop: Command): void {
  registerMentoringRecordCommand(coop);
  registerMentoringCommand(coop);
  registerFollowupCloseCommand(coop);
  registerRegisterCheckCommand(coop);
  registerBusinessUnitsCommand(coop);
  registerOfficerAddCommand(coop);
  registerOfficerEndCommand(coop);
  registerRatCommand(coop);
  registerHealthCommand(coop);
  registerExitCommand(coop);
  const found = coop
    .command('found')
    .description('founding checklist of a community cooperative in a village none serves');
  registerFoundStartCommand(found);
  registerFoundStepCommand(found);
  registerFoundRegisterCommand(found);
  registerFoundShowCommand(found);
}

/** `entas coop report` and `entas coop rat-report` (docs/FINANCE.md "Reports"). */
export function registerCoopReportCommands(coop: Command): void {
  registerReportCommand(coop);
  registerRatReportCommand(coop);
}
