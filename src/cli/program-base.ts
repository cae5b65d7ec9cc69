import { Command } from 'commander';

/** The `entas` root command without subcommands (program.ts adds them all, command-modules.ts only one). */
export function baseProgram(): Command {
  return new Command('entas')
    .description('entas — from social assistance to village cooperatives, with evidence')
    .option('--debug', 'show stack traces for errors')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (text, write) => write(text) });
}
