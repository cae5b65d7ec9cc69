import type { VillageProfileData } from '../policy/household-context.js';
import { parseRegionCode } from '../regions/region-code.js';
import { readCsvRecords } from '../shared/csv.js';

/** A village profile (profil desa) as entered or imported. Unknown values are null. */
export interface VillageProfileInput extends VillageProfileData {
  villageCode: string;
  notes: string | null;
}

export interface ProfileProblem {
  row: number;
  field: string;
  message: string;
}

export const PROFILE_COLUMNS = [
  'village_code',
  'main_livelihoods',
  'commodities',
  'has_market',
  'market_distance_km',
  'road_access',
  'has_electricity',
  'has_internet',
  'bumdes_count',
  'bumdes_active',
  'cooperative_readiness',
  'notes',
] as const;

const YES = new Set(['ya', 'y', 'yes', 'true', '1', 'ada']);
const NO = new Set(['tidak', 't', 'no', 'n', 'false', '0', 'tidak ada']);

/** Reads one profile from text fields (CSV cells or CLI options); problems name the field. */
export function readProfile(
  fields: Record<string, string | undefined>,
  row = 0,
): { profile: VillageProfileInput | null; problems: ProfileProblem[] } {
  const problems: ProfileProblem[] = [];
  const bad = (field: string, message: string) => problems.push({ row, field, message });
  const text = (k: string) => {
    const v = fields[k]?.trim();
    return v ? v : null;
  };
  const list = (k: string) =>
    (text(k) ?? '')
      .split(/[;|]/)
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean);
  const bool = (k: string) => {
    const v = text(k)?.toLowerCase();
    if (v === undefined || v === null) return null;
    if (YES.has(v)) return true;
    if (NO.has(v)) return false;
    bad(k, `"${text(k)}" is not yes/no (ya/tidak)`);
    return null;
  };
  const number = (k: string, opts: { integer?: boolean; min?: number; max?: number }) => {
    const v = text(k);
    if (v === null) return null;
    const n = Number(v.replace(',', '.'));
    if (
      !Number.isFinite(n) ||
      (opts.integer && !Number.isInteger(n)) ||
      (opts.min !== undefined && n < opts.min) ||
      (opts.max !== undefined && n > opts.max)
    ) {
      bad(
        k,
        `"${v}" must be ${opts.integer ? 'a whole number' : 'a number'}${opts.min !== undefined ? ` ≥ ${opts.min}` : ''}${opts.max !== undefined ? ` and ≤ ${opts.max}` : ''}`,
      );
      return null;
    }
    return n;
  };
  const code = parseRegionCode(text('village_code') ?? '');
  if (!code || code.level !== 4)
    bad('village_code', `"${text('village_code') ?? ''}" is not a village code (PP.RR.DD.VVVV)`);
  const profile: VillageProfileInput = {
    villageCode: code?.code ?? '',
    mainLivelihoods: list('main_livelihoods'),
    commodities: list('commodities'),
    hasMarket: bool('has_market'),
    marketDistanceKm: number('market_distance_km', { min: 0 }),
    roadAccess: text('road_access'),
    hasElectricity: bool('has_electricity'),
    hasInternet: bool('has_internet'),
    bumdesCount: number('bumdes_count', { integer: true, min: 0 }),
    bumdesActive: bool('bumdes_active'),
    cooperativeReadiness: number('cooperative_readiness', { integer: true, min: 0, max: 5 }),
    notes: text('notes'),
  };
  return { profile: problems.length ? null : profile, problems };
}

/** Parses a profile CSV (header row with PROFILE_COLUMNS names; comma or semicolon separated). */
export function readProfileCsv(content: string): {
  profiles: VillageProfileInput[];
  problems: ProfileProblem[];
} {
  const delimiter =
    (content.split('\n')[0] ?? '').includes(';') && !(content.split('\n')[0] ?? '').includes(',') ? ';' : ',';
  const records = csvObjects(content, delimiter);
  const profiles: VillageProfileInput[] = [];
  const problems: ProfileProblem[] = [];
  const header = Object.keys(records[0] ?? {});
  for (const h of header)
    if (!(PROFILE_COLUMNS as readonly string[]).includes(h))
      problems.push({ row: 1, field: h, message: `unknown column "${h}"` });
  if (records.length > 0 && !header.includes('village_code'))
    problems.push({ row: 1, field: 'village_code', message: 'the village_code column is required' });
  records.forEach((r, i) => {
    const read = readProfile(r, i + 2);
    problems.push(...read.problems);
    if (read.profile) profiles.push(read.profile);
  });
  return { profiles, problems };
}

/** Records as objects keyed by the header's names, cells trimmed; a record of another width names its line. */
function csvObjects(content: string, delimiter: string): Record<string, string>[] {
  const [head, ...rows] = readCsvRecords(content, delimiter);
  if (head === undefined) return [];
  const names = head.cells.map((c) => c.trim());
  return rows.map(({ line, cells }) => {
    if (cells.length !== names.length)
      throw new Error(`line ${line}: ${cells.length} fields where the header has ${names.length}`);
    return Object.fromEntries(names.map((n, i) => [n, cells[i]!.trim()]));
  });
}
