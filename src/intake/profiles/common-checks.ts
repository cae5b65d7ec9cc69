import { issue } from '../../identity/issue.js';
import { parseKk, type ParsedKk } from '../../identity/kk.js';
import { normalizePersonName } from '../../identity/name.js';
import { parseNik, type ParsedNik } from '../../identity/nik.js';
import { parseRegionCode } from '../../regions/region-code.js';
import { requiredMissing } from '../field-values.js';
import { text, type RowIssues, type SourceRow, type ValidationContext } from './profile.js';

const referenceDates = new WeakMap<ValidationContext, Date>();

/** The end of "today" as a Date, built once per import rather than once per row. */
function referenceDate(context: ValidationContext): Date {
  let date = referenceDates.get(context);
  if (!date) referenceDates.set(context, (date = new Date(`${context.today}T23:59:59Z`)));
  return date;
}

/** Checks shared by the profiles: required text, village code, NIK, No. KK. */
export function requireText(row: SourceRow, issues: RowIssues, field: string): string | null {
  const value = text(row, field);
  if (value === '') {
    issues.error(field, requiredMissing(field), '');
    return null;
  }
  return value;
}

/** Village text → dotted code (null when unknown); at most ~84,000 distinct codes exist, so the memo is bounded. */
const villageMemo = new WeakMap<ValidationContext, Map<string, string | null>>();
let lastVillage: { raw: string; context: ValidationContext; code: string | null } | undefined;

export function checkVillage(
  row: SourceRow,
  issues: RowIssues,
  field: string,
  context: ValidationContext,
): string | null {
  const raw = requireText(row, issues, field);
  if (raw === null) return null;
  let code: string | null | undefined;
  // Rows of one household are adjacent and share the village: the last answer is usually the one.
  if (lastVillage?.raw === raw && lastVillage.context === context) code = lastVillage.code;
  else {
    let memo = villageMemo.get(context);
    if (!memo) villageMemo.set(context, (memo = new Map<string, string | null>()));
    code = memo.get(raw);
    if (code === undefined) {
      const parsed = parseRegionCode(raw);
      code = parsed && parsed.level === 4 && context.villageCodes.has(parsed.code) ? parsed.code : null;
      if (memo.size < 200_000) memo.set(raw, code);
    }
    lastVillage = { raw, context, code };
  }
  if (code === null) {
    issues.error(
      field,
      issue(
        'village_unknown',
        `"${raw}" is not a known village code (Kemendagri PP.RR.DD.VVVV)`,
        `"${raw}" bukan kode desa/kelurahan yang dikenal (Kemendagri PP.RR.DD.VVVV)`,
      ),
    );
    return null;
  }
  return code;
}

/**
 * NIK: structural errors reject the row; historical regions and disagreement with the birth-date and sex columns
 * are warnings.
 */
export function checkNik(
  issues: RowIssues,
  field: string,
  raw: string,
  context: ValidationContext,
  columns: { birthDate?: string | null; sex?: 'L' | 'P' | null } = {},
): string | null {
  const hint = columns.birthDate ? Number(columns.birthDate.slice(0, 4)) : undefined;
  const parsed: ParsedNik = parseNik(raw, {
    regions: context.regionCodes,
    referenceDate: referenceDate(context),
    birthYearHint: hint,
  });
  for (const e of parsed.errors) issues.error(field, e, raw);
  if (!parsed.valid) return null;
  for (const w of parsed.warnings) issues.warn(field, w, raw);
  if (columns.birthDate && parsed.birth_date && parsed.birth_date.slice(2) !== columns.birthDate.slice(2)) {
    issues.warn(
      field,
      issue(
        'nik_birth_date_mismatch',
        `NIK birth date ${parsed.birth_date.slice(8)}-${parsed.birth_date.slice(5, 7)}-${parsed.birth_date.slice(2, 4)} disagrees with birth date ${columns.birthDate}`,
        `tanggal lahir pada NIK ${parsed.birth_date.slice(8)}-${parsed.birth_date.slice(5, 7)}-${parsed.birth_date.slice(2, 4)} berbeda dengan tanggal lahir ${columns.birthDate}`,
      ),
      raw,
    );
  }
  if (columns.sex && parsed.sex && parsed.sex !== columns.sex) {
    issues.warn(
      field,
      issue(
        'nik_sex_mismatch',
        `NIK encodes sex ${parsed.sex} but the sex column says ${columns.sex}`,
        `NIK menunjukkan jenis kelamin ${parsed.sex} tetapi kolom jenis kelamin ${columns.sex}`,
      ),
      raw,
    );
  }
  return parsed.nik;
}

let lastKk: { raw: string; context: ValidationContext; parsed: ParsedKk } | undefined;

export function checkKk(
  issues: RowIssues,
  field: string,
  raw: string,
  context: ValidationContext,
): string | null {
  // Rows of one household are adjacent and share the No. KK: parse it once.
  if (!lastKk || lastKk.raw !== raw || lastKk.context !== context) {
    lastKk = {
      raw,
      context,
      parsed: parseKk(raw, { regions: context.regionCodes, referenceDate: referenceDate(context) }),
    };
  }
  const parsed = lastKk.parsed;
  for (const e of parsed.errors) issues.error(field, e, raw);
  if (!parsed.valid) return null;
  for (const w of parsed.warnings) issues.warn(field, w, raw);
  return parsed.kk;
}

export function duplicateIssue(what: string, firstLine: number | string) {
  return issue(
    'duplicate',
    `duplicate ${what}: same as line ${firstLine}`,
    `${what} ganda: sama dengan baris ${firstLine}`,
  );
}

/** normalizePersonName with a bounded memo: common names repeat across millions of rows. */
const nameMemo = new Map<string, string>();

export function normalizedName(raw: string): string {
  let value = nameMemo.get(raw);
  if (value === undefined) {
    value = normalizePersonName(raw);
    if (nameMemo.size >= 100_000) nameMemo.clear();
    nameMemo.set(raw, value);
  }
  return value;
}
