import { csvChunks } from '../readers/csv-chunks.js';
import { syntaxError } from '../readers/csv-reader.js';
import { CsvSyntaxError } from '../../shared/csv-splitter.js';
import type { TextEncodingName } from '../readers/source-table.js';
import { addCounts, ProblemFiles, type PipelineCounts, type ProblemSinks } from '../row-pipeline.js';
import type { ChunkResult } from './chunk-validation.js';
import type { ChunkRunner } from './validate-workers.js';

/**
 * About 500 DTSEN rows. A worker's output for a chunk stays alive until the chunk is done; with 1 MiB chunks
 * it outlived young-generation collections and the workers spent more time collecting than validating.
 */
export const CHUNK_BYTES = 1 << 16;
/** Chunks handed out beyond the one being written: enough that neither worker waits for the next. */
const AHEAD = 8;

/**
 * stagingLines for a CSV file whose rows are validated independently: the file is cut into chunks of whole
 * records that `runner` validates (on worker threads), and their COPY text is yielded and written in file
 * order, so the output is the same as stagingLines'. The caller closes `runner` (this generator may never
 * start: its finally would not run).
 */
export async function* parallelStagingLines(
  source: { path: string; label: string; encoding: TextEncodingName; delimiter: string },
  runner: ChunkRunner,
  sinks: ProblemSinks,
  counts: PipelineCounts,
  options: { chunkBytes?: number; onChunk?: (bytesRead: number) => void } = {},
): AsyncGenerator<string> {
  const files = new ProblemFiles(sinks);
  const chunks = csvChunks(source.path, {
    encoding: source.encoding,
    delimiter: source.delimiter,
    chunkBytes: options.chunkBytes ?? CHUNK_BYTES,
  });
  const queue: { result: Promise<ChunkResult>; end: number }[] = [];
  const deliver = async (item: { result: Promise<ChunkResult>; end: number }): Promise<string> => {
    const result = await item.result;
    if (result.syntaxError) {
      const { message, line } = result.syntaxError;
      throw syntaxError(source.label, new CsvSyntaxError(message, line));
    }
    await files.write(result.rejects, result.warnings);
    addCounts(counts, result.counts);
    options.onChunk?.(item.end);
    return result.staging;
  };
  try {
    for await (const chunk of chunks) {
      const result = runner.run(chunk);
      // Awaited in order below; until then a failure must not count as unhandled.
      result.catch(() => undefined);
      queue.push({ result, end: chunk.end });
      if (queue.length > AHEAD) {
        const staging = await deliver(queue.shift()!);
        if (staging) yield staging;
      }
    }
    while (queue.length > 0) {
      const staging = await deliver(queue.shift()!);
      if (staging) yield staging;
    }
  } finally {
    await chunks.return(undefined);
    await files.close();
  }
}
