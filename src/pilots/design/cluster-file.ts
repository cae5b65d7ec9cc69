/**
 * The cluster list of a pilot design read from a CSV (or XLSX) file with the intake readers, checked row by row
 * (errors name the file, line and column), and the assignment written back: every input row in input order
 * with all its columns, plus `arm` (and `wave`). The output is written to a temporary file and renamed, so a
 * failed run leaves no half-written assignment.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { cellText, type CellValue } from '../../intake/field-values.js';
import { openSourceTable, prepareSource } from '../../intake/source-file.js';
import { say, UserError } from '../../shared/errors.js';
import { CsvFileWriter } from '../../shared/spreadsheet-export.js';
import type { ClusterUnit, UnitAssignment } from './randomize.js';

export interface ClusterFile {
  fileName: string;
  sha256: string;
  headers: string[];
  /** Cells of each data row as text (CSV cells exactly as written). */
  rows: string[][];
  lines: number[];
  units: ClusterUnit[];
  /** Values of the requested numeric covariates per row (null when empty). */
  covariates: { name: string; values: (number | null)[] }[];
}

export interface ClusterColumns {
  id: string;
  strata: string | null;
  covariates: readonly string[];
}

/** Columns the assignment adds; an input that already has them is refused rather than shadowed. */
export const ADDED_COLUMNS = ['arm', 'wave'] as const;

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export async function readClusterFile(filePath: string, columns: ClusterColumns): Promise<ClusterFile> {
  const source = await prepareSource({ path: filePath });
  const label = source.fileName;
  const table = await openSourceTable(source);
  const headers = table.headers;
  const position = (column: string, option: string): number => {
    const found = headers.filter((h) => h === column).length;
    if (found === 0)
      throw new UserError(
        say(
          `${label}: line 1: column "${column}" (${option}) is missing; the header has: ${headers.join(', ')}`,
          `${label}: baris 1: kolom "${column}" (${option}) tidak ada; kepala tabel berisi: ${headers.join(', ')}`,
        ),
        'missing_column',
      );
    if (found > 1)
      throw new UserError(
        say(
          `${label}: line 1: column "${column}" appears ${found} times in the header`,
          `${label}: baris 1: kolom "${column}" muncul ${found} kali di kepala tabel`,
        ),
        'duplicate_column',
      );
    return headers.indexOf(column);
  };
  for (const added of ADDED_COLUMNS)
    if (headers.includes(added))
      throw new UserError(
        say(
          `${label}: line 1: the input already has a column "${added}", which the assignment adds; rename it`,
          `${label}: baris 1: masukan sudah memiliki kolom "${added}" yang ditambahkan oleh penugasan; ganti namanya`,
        ),
        'duplicate_column',
      );
  const idAt = position(columns.id, '--id');
  const strataAt = columns.strata === null ? -1 : position(columns.strata, '--strata');
  const covariateAt = columns.covariates.map((c) => position(c, '--balance'));

  const rows: string[][] = [];
  const lines: number[] = [];
  const units: ClusterUnit[] = [];
  const covariates = columns.covariates.map((name) => ({ name, values: [] as (number | null)[] }));
  const firstLineOf = new Map<string, number>();
  const rowError = (line: number, column: string, en: string, id: string, code: string) =>
    new UserError(
      say(
        `${label}: line ${line}: column "${column}" ${en}`,
        `${label}: baris ${line}: kolom "${column}" ${id}`,
      ),
      code,
    );
  for await (const { line, cells } of table.rows) {
    if (cells.length < headers.length)
      throw rowError(
        line,
        headers[cells.length]!,
        `is missing (the row has ${cells.length} of ${headers.length} fields)`,
        `tidak ada (baris ini berisi ${cells.length} dari ${headers.length} isian)`,
        'missing_column',
      );
    if (cells.slice(headers.length).some((c) => cellText(c) !== ''))
      throw new UserError(
        say(
          `${label}: line ${line}: the row has ${cells.length} fields but the header only ${headers.length}`,
          `${label}: baris ${line}: baris ini berisi ${cells.length} isian tetapi kepala tabel hanya ${headers.length}`,
        ),
        'extra_fields',
      );
    const id = cellText(cells[idAt]);
    if (id === '') throw rowError(line, columns.id, 'is empty', 'kosong', 'missing_id');
    const earlier = firstLineOf.get(id);
    if (earlier !== undefined)
      throw rowError(
        line,
        columns.id,
        `repeats id "${id}" of line ${earlier}`,
        `mengulang id "${id}" dari baris ${earlier}`,
        'duplicate_id',
      );
    firstLineOf.set(id, line);
    const stratum = strataAt < 0 ? '' : cellText(cells[strataAt]);
    if (strataAt >= 0 && stratum === '')
      throw rowError(line, columns.strata!, 'is empty', 'kosong', 'missing_stratum');
    covariateAt.forEach((at, k) => {
      const text = cellText(cells[at]);
      if (text !== '' && !NUMBER.test(text))
        throw rowError(
          line,
          columns.covariates[k]!,
          `"${text}" is not a number (write decimals with a dot)`,
          `"${text}" bukan angka (tulis desimal dengan titik)`,
          'not_a_number',
        );
      covariates[k]!.values.push(text === '' ? null : Number(text));
    });
    rows.push(cells.slice(0, headers.length).map(originalText));
    lines.push(line);
    units.push({ id, stratum });
  }
  if (rows.length === 0)
    throw new UserError(
      say(
        `${label}: the file has a header but no clusters`,
        `${label}: berkas memiliki kepala tabel tetapi tidak ada klaster`,
      ),
      'empty_file',
    );
  await source.cleanup();
  return { fileName: label, sha256: source.contentHash, headers, rows, lines, units, covariates };
}

/** A CSV cell exactly as written; XLSX numbers and dates as text. */
const originalText = (cell: CellValue): string => (typeof cell === 'string' ? cell : cellText(cell));

/**
 * Writes the input rows with `arm` (and `wave` when waves were drawn) as UTF-8 CSV (the export writer: comma
 * separated, BOM, formula-like text prefixed with '), returns the written file's sha256.
 */
export async function writeAssignmentFile(
  outPath: string,
  input: ClusterFile,
  assignments: readonly UnitAssignment[],
  withWaves: boolean,
): Promise<string> {
  const temporary = path.join(path.dirname(outPath), `.${path.basename(outPath)}.${process.pid}.tmp`);
  const writer = new CsvFileWriter(temporary, [...input.headers, 'arm', ...(withWaves ? ['wave'] : [])]);
  try {
    for (let i = 0; i < input.rows.length; i++) {
      const { arm, wave } = assignments[i]!;
      await writer.write([...input.rows[i]!, arm, ...(withWaves ? [wave ?? ''] : [])]);
    }
    await writer.close();
    await fs.promises.rename(temporary, outPath);
  } catch (error) {
    await writer.close().catch(() => undefined);
    await fs.promises.rm(temporary, { force: true });
    throw error;
  }
  return crypto
    .createHash('sha256')
    .update(await fs.promises.readFile(outPath))
    .digest('hex');
}
