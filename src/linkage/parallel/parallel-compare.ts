/**
 * Uses a second core for a file-level run: a worker thread prepares the same files, computes half of the
 * blocking rules' keys while the main thread computes the other half, then estimates u while the main thread
 * generates the candidate pairs and starts comparing them, and joins the comparison (chunks of pairs claimed
 * from a counter both threads share, levels written to shared memory).
 * Workers load compiled JavaScript, so this is only available when running from dist/ (the CLI and benches);
 * under vitest (TypeScript sources) `startCompareWorker` returns null and everything runs in-process.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CandidatePairs, RuleKeys } from '../blocking.js';
import { compareClaimedChunks } from '../comparison.js';
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
        remoteU: async () => (await next<{ u: Float64Array[] }>('u')).u,
      },
      compareSplit: async (
        fields: readonly FieldComparator[],
        l: PreparedTable,
        r: PreparedTable,
        pairs: CandidatePairs,
      ): Promise<Uint8Array[]> => {
        // Levels in shared memory, written by both threads; pairs taken in chunks from a shared counter, so the
        // worker, which estimates u first, joins when it can and neither thread waits for a fixed half.
        const levels = fields.map(() => new Uint8Array(new SharedArrayBuffer(Math.max(pairs.count, 1))));
        const counter = new Int32Array(new SharedArrayBuffer(4));
        const reply = next<{ type: 'compared' }>('compared');
        worker.postMessage({ type: 'compare', count: pairs.count, levels, counter });
        compareClaimedChunks(fields, l, r, pairs.left, pairs.right, pairs.count, levels, counter);
        await reply;
        return levels;
      },
    },
    close: async () => {
      await worker.terminate();
    },
  };
}
