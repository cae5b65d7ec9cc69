/**
 * Uses a second core for a file-level run: a worker thread prepares the same files, computes half of the
 * blocking rules' keys while the main thread estimates u and computes the other half, and compares the second
 * half of the candidate pairs while the main thread compares the first.
 * Workers load compiled JavaScript, so this is only available when running from dist/ (the CLI and benches);
 * under vitest (TypeScript sources) `startCompareWorker` returns null and everything runs in-process.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CandidatePairs, RuleKeys } from '../blocking.js';
import { compareLevels } from '../comparison.js';
import type { EngineHooks } from '../engine.js';
import type { FieldComparator } from '../fields/field.js';
import type { PreparedTable } from '../record-table.js';
import type { LinkSettings } from '../settings.js';
import { UserError } from '../../shared/errors.js';
import { workerComputesRule } from './rule-share.js';

export interface CompareWorker {
  hooks: Pick<EngineHooks, 'sharedBlocking' | 'compareSplit'>;
  close(): Promise<void>;
}

export function startCompareWorker(
  settings: LinkSettings,
  left: string,
  right: string | null,
): CompareWorker | null {
  const url = new URL('./compare-worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(url))) return null;
  const worker = new Worker(url, { workerData: { settings, left, right } });
  let failure: Error | null = null;
  const waiting: { type: string; resolve: (v: unknown) => void; reject: (e: Error) => void }[] = [];
  const early = new Map<string, unknown>();
  worker.on('message', (message: { type: string }) => {
    const i = waiting.findIndex((w) => w.type === message.type);
    if (i >= 0) waiting.splice(i, 1)[0]!.resolve(message);
    else early.set(message.type, message);
  });
  worker.on('error', (error) => {
    failure = error;
    for (const w of waiting.splice(0)) w.reject(error);
  });
  const next = <T>(type: string): Promise<T> => {
    if (early.has(type)) {
      const m = early.get(type) as T;
      early.delete(type);
      return Promise.resolve(m);
    }
    if (failure) return Promise.reject(failure);
    return new Promise<T>((resolve, reject) =>
      waiting.push({ type, resolve: resolve as (v: unknown) => void, reject }),
    );
  };
  return {
    hooks: {
      sharedBlocking: {
        isRemote: workerComputesRule,
        remoteKeys: async () => {
          const m = await next<{ keys?: RuleKeys[]; error?: { message: string; code: string } }>('keys');
          if (m.error) throw new UserError(m.error.message, m.error.code);
          return m.keys!;
        },
        sendPairs: (pairs: CandidatePairs) =>
          worker.postMessage({ type: 'pairs', left: pairs.left, right: pairs.right }),
      },
      compareSplit: async (
        fields: readonly FieldComparator[],
        l: PreparedTable,
        r: PreparedTable,
        pairs: CandidatePairs,
      ): Promise<Uint8Array[]> => {
        const half = Math.floor(pairs.count / 2);
        const reply = next<{ levels: Uint8Array[] }>('levels');
        worker.postMessage({ type: 'compare', from: half, to: pairs.count });
        const first = compareLevels(fields, l, r, pairs.left, pairs.right, 0, half);
        const second = (await reply).levels;
        return first.map((a, f) => {
          const out = new Uint8Array(pairs.count);
          out.set(a, 0);
          out.set(second[f]!, half);
          return out;
        });
      },
    },
    close: async () => {
      await worker.terminate();
    },
  };
}
