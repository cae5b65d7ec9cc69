import iconv from 'iconv-lite';
import { PROFILES } from '../profiles/index.js';
import type { ProfileName } from '../profiles/profile.js';
import { CsvSplitter, CsvSyntaxError } from '../../shared/csv-splitter.js';
import type { TextEncodingName } from '../readers/source-table.js';
import { RowEncoder, type PipelineCounts } from '../row-pipeline.js';
import { contextFromData, type ValidationContextData } from '../validation-context-data.js';

/** Text split at a time: the records of a large chunk would all be alive at once (see csv-reader.ts). */
const SLICE_CHARS = 1 << 16;

/** What validating a chunk of a file needs, as plain data (it is sent to worker threads). */
export interface ChunkSetup {
  profile: ProfileName;
  encoding: TextEncodingName;
  delimiter: string;
  /** Profile field → column index (from the header). */
  columns: Map<string, number>;
  batchId: number;
  context: ValidationContextData;
}

/** A chunk's COPY text (as RowEncoder writes it), its counts, and the CSV syntax error that ended it if any. */
export interface ChunkResult {
  staging: string;
  rejects: string;
  warnings: string;
  counts: PipelineCounts;
  syntaxError?: { message: string; line: number };
}

/** Decodes, splits and validates chunks of whole records (one validator for all of a file's chunks). */
export function chunkValidator(
  setup: ChunkSetup,
): (chunk: { bytes: Uint8Array; line: number }) => ChunkResult {
  const profile = PROFILES[setup.profile];
  const validate = profile.createValidator(contextFromData(setup.context));
  // A chunk starts at a record, not at the file's start: a U+FEFF there is data (the header had the BOM).
  const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
  return (chunk) => {
    const text =
      setup.encoding === 'utf-8'
        ? utf8.decode(chunk.bytes)
        : iconv.decode(
            Buffer.from(chunk.bytes.buffer, chunk.bytes.byteOffset, chunk.bytes.length),
            'win1252',
          );
    const encoder = new RowEncoder(profile, validate, setup.columns, setup.batchId);
    const splitter = new CsvSplitter(setup.delimiter, chunk.line);
    let syntaxError: ChunkResult['syntaxError'];
    try {
      for (let i = 0; i < text.length; i += SLICE_CHARS) {
        for (const record of splitter.push(text.slice(i, i + SLICE_CHARS)))
          encoder.add(record.line, record.cells);
      }
      for (const record of splitter.end()) encoder.add(record.line, record.cells);
    } catch (error) {
      if (!(error instanceof CsvSyntaxError)) throw error;
      syntaxError = { message: error.message, line: error.line };
    }
    const { staging, rejects, warnings, counts } = encoder;
    return { staging, rejects, warnings, counts, syntaxError };
  };
}
