/**
 * Validation of a file's chunks on worker threads (validate-worker.ts), answered in the order they were sent.
 * Workers load compiled JavaScript, so they are only available when running from dist/ (the CLI, the API
 * server and the benches); under vitest (TypeScript sources) `startValidateWorkers` returns null unless given
 * the compiled script.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CsvChunk } from '../readers/csv-chunks.js';
import { chunkValidator, type ChunkResult, type ChunkSetup } from './chunk-validation.js';

export interface ChunkRunner {
  /** Validates a chunk; its bytes may be transferred (unusable afterwards). */
  run(chunk: CsvChunk): Promise<ChunkResult>;
  close(): Promise<void>;
}

export const VALIDATE_WORKER_SCRIPT = new URL('./validate-worker.js', import.meta.url);

export function startValidateWorkers(
  setup: ChunkSetup,
  count: number,
  script: URL = VALIDATE_WORKER_SCRIPT,
): ChunkRunner | null {
  if (!existsSync(fileURLToPath(script))) return null;
  let failure: Error | null = null;
  const slots = Array.from({ length: count }, () => {
    const worker = new Worker(script, { workerData: setup });
    // A worker answers its chunks in the order it got them.
    const slot = {
      worker,
      waiting: [] as { resolve: (r: ChunkResult) => void; reject: (e: Error) => void }[],
    };
    const fail = (error: Error) => {
      failure ??= error;
      for (const w of slot.waiting.splice(0)) w.reject(error);
    };
    worker.on('message', (result: ChunkResult) => slot.waiting.shift()?.resolve(result));
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`import validation worker stopped (exit code ${code})`)));
    return slot;
  });
  let next = 0;
  return {
    run: (chunk) => {
      if (failure) return Promise.reject(failure);
      const slot = slots[next++ % count]!;
      return new Promise<ChunkResult>((resolve, reject) => {
        slot.waiting.push({ resolve, reject });
        slot.worker.postMessage({ bytes: chunk.bytes, line: chunk.line }, [chunk.bytes.buffer]);
      });
    },
    close: async () => {
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}

/** The same validation on the calling thread (tests, and where no worker script is available). */
export function inProcessRunner(setup: ChunkSetup): ChunkRunner {
  const validate = chunkValidator(setup);
  return {
    run: (chunk) => Promise.resolve().then(() => validate(chunk)),
    close: () => Promise.resolve(),
  };
}
