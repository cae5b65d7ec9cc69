/**
 * Start-up time: `entas <command>` loads only the module that registers <command> (and what it imports), not the
 * whole command tree with the server, PGlite and ExcelJS. Commands not listed here, `--help` and anything
 * unusual load the full tree (program.ts). A command that several modules extend lists them all, in the order
 * of commands/index.ts; cli-contract.test.ts checks each entry gives the same help as the full tree.
 */
import type { Command } from 'commander';

type Register = (program: Command) => void;

export const COMMAND_MODULES: Record<string, () => Promise<Register[]>> = {
  regions: async () => [(await import('./commands/regions.js')).registerRegionCommands],
  nik: async () => [(await import('./commands/nik.js')).registerIdentifierCommands],
  kk: async () => [(await import('./commands/nik.js')).registerIdentifierCommands],
  migrate: async () => [(await import('./commands/database.js')).registerDatabaseCommands],
  db: async () => [(await import('./commands/database.js')).registerDatabaseCommands],
  demo: async () => [(await import('./commands/demo.js')).registerDemoCommands],
  programs: async () => [(await import('./commands/programs.js')).registerProgramCommands],
  policy: async () => [(await import('./commands/policy.js')).registerPolicyCommands],
  explain: async () => [(await import('./commands/explain.js')).registerExplainCommands],
  villages: async () => [(await import('./commands/villages.js')).registerVillageCommands],
  serve: async () => [(await import('./commands/serve.js')).registerServeCommands],
  users: async () => [(await import('./commands/users.js')).registerUserCommands],
  audit: async () => [(await import('./commands/audit.js')).registerAuditCommands],
  link: async () => [
    (await import('./commands/link.js')).registerLinkCommands,
    (await import('./commands/link-platform.js')).registerPlatformLinkCommands,
  ],
  dedupe: async () => [(await import('./commands/link.js')).registerLinkCommands],
  import: async () => [(await import('./commands/import.js')).registerImportCommands],
  batches: async () => [(await import('./commands/batches.js')).registerBatchCommands],
  batch: async () => [(await import('./commands/batches.js')).registerBatchCommands],
  consent: async () => [(await import('./commands/consent.js')).registerConsentCommands],
  retention: async () => [(await import('./commands/retention.js')).registerRetentionCommands],
  evaluate: async () => [(await import('./commands/evaluate.js')).registerEvaluateCommands],
  power: async () => [(await import('./commands/power.js')).registerPowerCommands],
  loan: async () => [(await import('./commands/loan.js')).registerLoanCommands],
  coop: async () => [(await import('./commands/coop.js')).registerCoopCommands],
  pilot: async () => [(await import('./commands/pilot.js')).registerPilotCommands],
  indicators: async () => [(await import('./commands/indicators.js')).registerIndicatorCommands],
  jobs: async () => [(await import('./commands/jobs.js')).registerJobCommands],
  worker: async () => [(await import('./commands/jobs.js')).registerJobCommands],
  enrol: async () => [(await import('./commands/enrol.js')).registerEnrolCommands],
  verify: async () => [(await import('./commands/verify.js')).registerVerifyCommands],
};

/** The program for these command-line arguments: only the named command's module when it is listed. */
export async function programFor(args: readonly string[]): Promise<Command> {
  // The first word that is neither an option nor the value of the root's --lang.
  const name = args.find((a, i) => !a.startsWith('-') && args[i - 1] !== '--lang');
  const load = name !== undefined && Object.hasOwn(COMMAND_MODULES, name) ? COMMAND_MODULES[name] : undefined;
  if (!load) {
    const { buildProgram } = await import('./program.js');
    return buildProgram();
  }
  const { baseProgram } = await import('./program-base.js');
  const program = baseProgram();
  for (const register of await load()) register(program);
  return program;
}
