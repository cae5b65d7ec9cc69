/**
 * Worker thread of a parallel import: validates the chunks of a file it is sent and answers each, in order,
 * with its COPY text and counts. Runs from the compiled dist/ files only (see validate-workers.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { chunkValidator, type ChunkSetup } from './chunk-validation.js';

const validate = chunkValidator(workerData as ChunkSetup);
parentPort!.on('message', (chunk: { bytes: Uint8Array; line: number }) => {
  parentPort!.postMessage(validate(chunk));
});
