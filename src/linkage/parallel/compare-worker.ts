/**
 * Worker thread of a file-level linkage run: reads and prepares the same files as the main thread (in
 * parallel with it, with the same codes), computes the keys of its share of the blocking rules while the main
 * thread computes the others, estimates u (the same values the main thread would: seeded samples over the
 * same codes), then compares chunks of the candidate pairs alongside the main thread. Runs
 * from the compiled dist/ files only (see parallel-compare.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ruleKeys, settingsRules, type RuleKeys } from '../blocking.js';
import { compareClaimedChunks } from '../comparison.js';
import { buildComparators } from '../fields/index.js';
import { readLinkTables } from '../linkage-run.js';
import { prepareTables } from '../record-table.js';
import type { LinkSettings } from '../settings.js';
import { estimateU } from '../u-estimation.js';
import { UserError } from '../../shared/errors.js';
import { workerComputesRule } from './rule-share.js';

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
try {
  const rules = settingsRules(settings, fields);
  const keys: RuleKeys[] = [];
  rules.forEach((rule, r) => {
    if (workerComputesRule(r)) keys.push(ruleKeys(rule, fields, left, right));
  });
  // Transferred: this thread does not need them again.
  const buffers = new Set(keys.flatMap((k) => [k.left.buffer, k.right.buffer]));
  port.postMessage({ type: 'keys', keys }, [...buffers] as ArrayBuffer[]);
} catch (error) {
  // UserErrors (a rule naming no field) keep their class and code across the thread boundary.
  if (!(error instanceof UserError)) throw error;
  port.postMessage({ type: 'keys', error: { message: error.message, code: error.code } });
}
// u while the main thread generates the candidate pairs and starts comparing them (messages wait meanwhile).
const u = estimateU(fields, left, right, settings.uSample);
port.postMessage({ type: 'u', u });
let pairs: { left: Int32Array; right: Int32Array } | null = null;
port.on(
  'message',
  (
    message:
      | { type: 'pairs'; left: Int32Array; right: Int32Array }
      | { type: 'compare'; count: number; levels: Uint8Array[]; counter: Int32Array },
  ) => {
    if (message.type === 'pairs') {
      pairs = message;
      return;
    }
    compareClaimedChunks(
      fields,
      left,
      right ?? left,
      pairs!.left,
      pairs!.right,
      message.count,
      message.levels,
      message.counter,
    );
    port.postMessage({ type: 'compared' });
  },
);
