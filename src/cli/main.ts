import { reportError } from './command-runner.js';
import { programFor } from './command-modules.js';

try {
  await (await programFor(process.argv.slice(2))).parseAsync(process.argv);
} catch (error) {
  reportError(error, process.argv.includes('--debug'));
}
