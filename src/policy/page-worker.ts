/**
 * Worker thread of a simulation or application: evaluates the pages the main thread reads (page-work.ts)
 * and posts back page decisions (apply) or, at the end, its simulation counts. Runs from the compiled dist/
 * files only (see page-workers.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RawPage } from './context-repository.js';
import { PageWork, type PageWorkSetup } from './page-work.js';
import { compilePolicy } from './policy-compiler.js';

const setup = workerData as PageWorkSetup & { source: string };
const port = parentPort!;
const policy = compilePolicy(setup.source).policy;
if (!policy) throw new Error('the policy does not compile in the worker');
const work = new PageWork(policy, setup);

port.on('message', (message: { page?: RawPage; finish?: true }) => {
  if (message.page) {
    if (setup.application) port.postMessage({ decisions: work.decisions(message.page) });
    else port.postMessage({ households: work.simulate(message.page) });
  } else if (message.finish) {
    port.postMessage({ counts: work.counts() });
  }
});
