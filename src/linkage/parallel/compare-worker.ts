/**
 * Worker thread of a file-level linkage run: reads and prepares the same files as the main thread (in
 * parallel with it, with the same codes), generates the candidate pairs while the main thread estimates u, then
 * compares the share of candidate pairs it is asked for. Runs from the compiled dist/ files only (see
 * parallel-compare.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { blockPairs, compileRules, type CandidatePairs } from '../blocking.js';
import { compareLevels } from '../comparison.js';
import { buildComparators } from '../fields/index.js';
import { readLinkTables } from '../linkage-run.js';
import { prepareTables } from '../record-table.js';
import { defaultBlockingRules, type LinkSettings } from '../settings.js';
import { UserError } from '../../shared/errors.js';

interface Job {
  settings: LinkSettings;
  left: string;
  right: string | null;
}

const job = workerData as Job;
const port = parentPort!;
const settings = job.settings;
// Ids are neither needed here nor checked twice (the main thread reports bad ones).
const [leftTable, rightTable] = readLinkTables(settings, job.left, job.right, { ids: false });
const fields = buildComparators(settings, rightTable ? [leftTable, rightTable] : [leftTable]);
const { left, right } = prepareTables(leftTable, rightTable, fields);
let candidates: CandidatePairs | null = null;
try {
  candidates = blockPairs(
    compileRules(settings.blocking ?? defaultBlockingRules(settings.fields), fields),
    fields,
    left,
    right,
    settings.maxPairs,
    undefined,
    settings.blocking === undefined,
  );
  // Copied, not transferred: this thread compares its share of the same pairs later.
  port.postMessage({ type: 'candidates', candidates });
} catch (error) {
  // UserErrors (too many pairs) keep their class and code across the thread boundary.
  if (!(error instanceof UserError)) throw error;
  port.postMessage({ type: 'candidates', error: { message: error.message, code: error.code } });
}
port.on('message', (message: { from: number; to: number }) => {
  const levels = compareLevels(
    fields,
    left,
    right ?? left,
    candidates!.left,
    candidates!.right,
    message.from,
    message.to,
  );
  port.postMessage(
    { type: 'levels', levels },
    levels.map((a) => a.buffer as ArrayBuffer),
  );
});
