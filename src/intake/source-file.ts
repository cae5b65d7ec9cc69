import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EncodingDetector } from './readers/encoding.js';
import { openCsv } from './readers/csv-reader.js';
import type { SourceTable, TextEncodingName } from './readers/source-table.js';
import { openXlsx } from './readers/xlsx-reader.js';
import { NotFoundError, say, UserError } from '../shared/errors.js';

/** A source file on disk with the facts known before parsing: content hash, size, kind, text encoding. */
export interface PreparedSource {
  path: string;
  fileName: string;
  contentHash: string;
  size: number;
  kind: 'csv' | 'xlsx';
  encoding: TextEncodingName;
  /** Removes the spooled copy of an uploaded stream (no-op for files given by path). */
  cleanup(): Promise<void>;
}

/**
 * Reads the bytes once to hash them (sha256) and detect the encoding. A stream (HTTP upload) is spooled to a
 * temporary file first, since the content hash must be known before anything is written.
 */
export async function prepareSource(input: {
  path?: string;
  stream?: Readable;
  fileName?: string;
  /** Largest accepted stream in bytes; a stream cut at a limit upstream (`truncated`) also fails. */
  limitBytes?: number;
}): Promise<PreparedSource> {
  let filePath = input.path;
  let spooled: string | undefined;
  if (!filePath) {
    if (!input.stream) throw new Error('prepareSource needs a path or a stream');
    spooled = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'entas-upload-')), 'upload');
    const dir = path.dirname(spooled);
    try {
      await pipeline(input.stream, fs.createWriteStream(spooled, { mode: 0o600 }));
      // @fastify/multipart (busboy) ends a file part at its size limit and flags it `truncated`: importing
      // the cut file would commit the first part as if it were the whole file.
      const truncated = (input.stream as Readable & { truncated?: boolean }).truncated === true;
      if (truncated || (input.limitBytes !== undefined && fs.statSync(spooled).size > input.limitBytes)) {
        throw tooLarge(input.fileName ?? 'upload', input.limitBytes);
      }
    } catch (error) {
      await fs.promises.rm(dir, { recursive: true, force: true });
      throw error;
    }
    filePath = spooled;
  } else if (!fs.existsSync(filePath)) {
    throw new NotFoundError(`file not found: ${filePath}`);
  }
  const hash = crypto.createHash('sha256');
  const detector = new EncodingDetector();
  let size = 0;
  let head: Buffer | undefined;
  for await (const chunk of fs.createReadStream(filePath, {
    highWaterMark: 1 << 20,
  }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    detector.push(chunk);
    head ??= chunk.subarray(0, 4);
    size += chunk.length;
  }
  const fileName = input.fileName ?? path.basename(filePath);
  const zip = head !== undefined && head.length >= 4 && head.readUInt32LE(0) === 0x04034b50;
  return {
    path: filePath,
    fileName,
    contentHash: hash.digest('hex'),
    size,
    kind: zip || /\.xlsx$/i.test(fileName) ? 'xlsx' : 'csv',
    encoding: detector.result(),
    cleanup: async () => {
      if (spooled) await fs.promises.rm(path.dirname(spooled), { recursive: true, force: true });
    },
  };
}

function tooLarge(fileName: string, limitBytes: number | undefined): UserError {
  const limit = limitBytes === undefined ? '' : ` of ${formatMiB(limitBytes)}`;
  const limitId = limitBytes === undefined ? '' : ` ${formatMiB(limitBytes)}`;
  return new UserError(
    say(
      `file "${fileName.slice(0, 100)}" is larger than the upload limit${limit}: nothing was imported; ` +
        'split the file or import it with the CLI (entas import)',
      `berkas "${fileName.slice(0, 100)}" melebihi batas unggah${limitId}: tidak ada yang diimpor; ` +
        'pecah berkasnya atau impor dengan CLI (entas import)',
    ),
    'payload_too_large',
  );
}

const formatMiB = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 100) / 100} MiB`;

export function openSourceTable(
  source: PreparedSource,
  options: { sheet?: string; delimiter?: string } = {},
): Promise<SourceTable> {
  return source.kind === 'xlsx'
    ? openXlsx(source.path, { sheet: options.sheet, fileName: source.fileName })
    : openCsv(source.path, {
        encoding: source.encoding,
        delimiter: options.delimiter,
        fileName: source.fileName,
      });
}
