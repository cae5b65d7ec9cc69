import { Command } from 'commander';
import { parseLang } from './lang.js';

/** The `entas` root command without subcommands (program.ts adds them all, command-modules.ts only one). */
export function baseProgram(): Command {
  return new Command('entas')
    .description('entas — from social assistance to village cooperatives, with evidence')
    .option('--debug', 'show stack traces for errors')
    .option(
      '--lang <lang>',
      'language of messages: id (default) or en; without it ENTAS_LANG, LC_ALL or LANG starting with "en" chooses English',
      parseLang,
    )
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (text, write) => write(text) });
}
