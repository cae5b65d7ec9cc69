import { Readable } from 'node:stream';
import { maskIdentifier } from '../identity/nik.js';
import { streamCsvRecords } from '../shared/csv.js';
import { csvLine } from '../shared/spreadsheet-export.js';

/** Profile fields whose cells are identifiers (NIK, No. KK): masked whole, whatever their shape. */
const IDENTIFIER_FIELDS = new Set(['NIK', 'NO_KK']);

/** Digit runs long enough to be a NIK, No. KK or phone number, wherever they appear in a cell. */
const LONG_DIGITS = /\d{9,}/g;

const maskDigits = (text: string) => text.replace(LONG_DIGITS, (run) => maskIdentifier(run)!);

/**
 * One rejects row (line, field, value, code, alasan, reason) as a role without revealed identifiers sees it:
 * the value of an identifier field is masked exactly as the API masks it (maskIdentifier), and so is every
 * occurrence of it and every other long digit run in the messages, which quote the rejected value.
 */
export function maskRejectsRow(row: readonly string[]): string[] {
  const [line = '', field = '', value = '', code = '', alasan = '', reason = '', ...rest] = row;
  const identifier = IDENTIFIER_FIELDS.has(field.toUpperCase()) && value !== '';
  const masked = identifier ? maskIdentifier(value)! : maskDigits(value);
  const inMessage = (text: string) => maskDigits(identifier ? text.split(value).join(masked) : text);
  return [line, field, masked, code, inMessage(alasan), inMessage(reason), ...rest.map(maskDigits)];
}

/** Re-emits a rejects CSV (UTF-8 with BOM, header first) with every data row masked. */
export function maskedRejectsCsv(csv: Readable): Readable {
  return Readable.from(
    (async function* () {
      let header = true;
      for await (const { cells: row } of streamCsvRecords(csv)) {
        yield header ? '\uFEFF' + csvLine(row) : csvLine(maskRejectsRow(row));
        header = false;
      }
    })(),
  );
}
