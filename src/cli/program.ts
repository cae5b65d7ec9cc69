import type { Command } from 'commander';
import { registerCommands } from './commands/index.js';
import { baseProgram } from './program-base.js';

/** The whole `entas` command tree, without parsing anything (main.ts parses; tests walk it). */
export function buildProgram(): Command {
  const program = baseProgram();
  registerCommands(program);
  return program;
}

/** Commands that run a service instead of printing a result, so they take no --json. */
export const LONG_RUNNING_COMMANDS = new Set(['serve', 'start']);
