/**
 * Worker thread of a file-level linkage run: reads and prepares the same files as the main thread (in
 * parallel with it), estimates u from random pairs while the main thread blocks, then compares the share of
 * candidate pairs it is sent. Runs from the compiled dist/ files only (see parallel-compare.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compareLevels } from '../comparison.js';
import { buildComparators } from '../fields/index.js';
import { readLinkTables } from '../linkage-run.js';
import { prepareTables } from '../record-table.js';
import type { LinkSettings } from '../settings.js';
import { estimateU } from '../u-estimation.js';

interface Job {
  settings: LinkSettings;
  left: string;
  right: string | null;
}

const job = workerData as Job;
const port = parentPort!;
const [leftTable, rightTable] = readLinkTables(job.settings, job.left, job.right);
const fields = buildComparators(job.settings, rightTable ? [leftTable, rightTable] : [leftTable]);
const { left, right } = prepareTables(leftTable, rightTable, fields);
const u = estimateU(fields, left, right, job.settings.uSample);
port.postMessage(
  { type: 'u', u },
  u.map((a) => a.buffer as ArrayBuffer),
);
port.on('message', (message: { left: Int32Array; right: Int32Array }) => {
  const levels = compareLevels(fields, left, right ?? left, message.left, message.right);
  port.postMessage(
    { type: 'levels', levels },
    levels.map((a) => a.buffer as ArrayBuffer),
  );
});
