/**
 * Spreads page evaluation over worker threads (one per core, page-worker.ts) while the main thread reads
 * pages from the database and writes decisions: decoding, contexts and rules are the CPU-heavy part.
 * Workers load compiled JavaScript, so this is only available when running from dist/ (the CLI and benches);
 * under vitest (TypeScript sources) `startPageWorkers` returns null and pages are evaluated in-process with
 * the same PageWork.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RawPage } from './context-repository.js';
import type { PageDecisions, PageWorkSetup } from './page-work.js';
import type { CompiledPolicy } from './policy-compiler.js';
import type { AccumulatedCounts } from './simulation.js';

/** Pages queued per worker beyond the one it evaluates: enough to never wait, bounded memory. */
const QUEUED_PER_WORKER = 2;

export interface PageWorkers {
  /**
   * Hands a page to the least busy worker; resolves when there is room for another page. Results come
   * through `onPage` (decisions when applying) and `finish` (simulation counts).
   */
  submit(page: RawPage): Promise<void>;
  /** Waits for every page; returns each worker's simulation counts (empty arrays when applying). */
  finish(): Promise<AccumulatedCounts[]>;
  close(): Promise<void>;
}

export function startPageWorkers(
  policy: CompiledPolicy,
  setup: PageWorkSetup,
  onPage: (result: { households: number; decisions?: PageDecisions }) => void,
  count = Math.max(1, Math.min(os.availableParallelism(), 8)),
): PageWorkers | null {
  const url = new URL('./page-worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(url))) return null;
  let failure: Error | null = null;
  let room: (() => void) | null = null;
  const slots = Array.from({ length: count }, () => {
    const worker = new Worker(url, { workerData: { ...setup, source: policy.source } });
    const slot = {
      worker,
      busy: 0,
      counts: null as ((c: AccumulatedCounts) => void) | null,
    };
    worker.on(
      'message',
      (m: { decisions?: PageDecisions; households?: number; counts?: AccumulatedCounts }) => {
        if (m.counts) {
          slot.counts?.(m.counts);
          return;
        }
        slot.busy--;
        onPage({ households: m.decisions?.households ?? m.households ?? 0, decisions: m.decisions });
        wake();
      },
    );
    worker.on('error', (error) => {
      failure = error;
      wake();
    });
    return slot;
  });
  const wake = () => {
    const r = room;
    room = null;
    r?.();
  };
  const idle = () => Math.min(...slots.map((s) => s.busy));
  const wait = async (until: () => boolean) => {
    while (!failure && !until()) await new Promise<void>((resolve) => (room = resolve));
    if (failure) throw failure;
  };
  return {
    submit: async (page) => {
      await wait(() => idle() <= QUEUED_PER_WORKER);
      const slot = slots.reduce((a, b) => (b.busy < a.busy ? b : a));
      slot.busy++;
      slot.worker.postMessage({ page });
    },
    finish: async () => {
      await wait(() => slots.every((s) => s.busy === 0));
      if (setup.application) return [];
      return Promise.all(
        slots.map(
          (slot) =>
            new Promise<AccumulatedCounts>((resolve, reject) => {
              slot.counts = resolve;
              slot.worker.once('error', reject);
              slot.worker.postMessage({ finish: true });
            }),
        ),
      );
    },
    close: async () => {
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
