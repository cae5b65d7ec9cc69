import { Command } from 'commander';
import { registerCommands } from './commands/index.js';
import { reportError } from './command-runner.js';

const program = new Command('entas')
  .description('entas — from social assistance to village cooperatives, with evidence')
  .option('--debug', 'show stack traces for errors')
  .showHelpAfterError('(run with --help for usage)')
  .configureOutput({ outputError: (text, write) => write(text) });

registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  reportError(error, process.argv.includes('--debug'));
}
