import { reportError } from './command-runner.js';
import { buildProgram } from './program.js';

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  reportError(error, process.argv.includes('--debug'));
}
