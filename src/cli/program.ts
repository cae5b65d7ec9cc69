import { Command } from 'commander';
import { registerCommands } from './commands/index.js';

/** The whole `entas` command tree, without parsing anything (main.ts parses; tests walk it). */
export function buildProgram(): Command {
  const program = new Command('entas')
    .description('entas — from social assistance to village cooperatives, with evidence')
    .option('--debug', 'show stack traces for errors')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (text, write) => write(text) });
  registerCommands(program);
  return program;
}

/** Commands that run a service instead of printing a result, so they take no --json. */
export const LONG_RUNNING_COMMANDS = new Set(['serve', 'start']);
