import fs from 'node:fs';
import YAML from 'yaml';
import { UserError } from '../shared/errors.js';
import { headerKey } from './header-match.js';
import { PROFILES } from './profiles/index.js';
import { PROFILE_NAMES, type ProfileName } from './profiles/profile.js';

/**
 * A mapping file maps the columns of any layout onto a profile:
 *   profile: dtsen            # optional; must agree with the command
 *   sheet: Data               # optional, XLSX
 *   delimiter: ";"            # optional, CSV
 *   columns:                  # profile field: source header
 *     NO_KK: Nomor Kartu Keluarga
 *     NAMA: Nama Anggota
 */
export interface ColumnMapping {
  profile?: ProfileName;
  sheet?: string;
  delimiter?: string;
  columns: Record<string, string>;
}

export function readMappingFile(file: string, profile: ProfileName): ColumnMapping {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new UserError(`mapping file not found: ${file}`);
  }
  return parseMappingText(text, profile, file);
}

/** A mapping given as text (YAML, or JSON which is YAML too): the CLI's file, the API's multipart field. */
export function parseMappingText(text: string, profile: ProfileName, label: string): ColumnMapping {
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (error) {
    throw new UserError(
      `${label}: not valid YAML (${error instanceof Error ? error.message.split('\n')[0] : ''})`,
    );
  }
  return parseMapping(doc, profile, label);
}

export function parseMapping(doc: unknown, profile: ProfileName, label = 'mapping'): ColumnMapping {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new UserError(`${label}: expected a mapping with a "columns" section`);
  }
  const raw = doc as Record<string, unknown>;
  if (raw.profile !== undefined && raw.profile !== profile) {
    throw new UserError(
      `${label}: profile "${JSON.stringify(raw.profile)}" does not match the command's profile "${profile}" (${PROFILE_NAMES.join(', ')})`,
    );
  }
  const columns = raw.columns;
  if (!columns || typeof columns !== 'object' || Array.isArray(columns)) {
    throw new UserError(
      `${label}: "columns" must map profile fields to source headers, e.g. NO_KK: Nomor KK`,
    );
  }
  const fields = new Map(PROFILES[profile].fields.map((f) => [headerKey(f.name), f.name]));
  const result: Record<string, string> = {};
  for (const [field, header] of Object.entries(columns as Record<string, unknown>)) {
    const known = fields.get(headerKey(field));
    if (!known) {
      throw new UserError(
        `${label}: columns.${field} is not a field of profile ${profile} (fields: ${[...fields.values()].slice(0, 16).join(', ')}…)`,
      );
    }
    if (typeof header !== 'string' || header.trim() === '') {
      throw new UserError(`${label}: columns.${field} must be the source column's header text`);
    }
    result[known] = header;
  }
  for (const key of ['sheet', 'delimiter'] as const) {
    if (raw[key] !== undefined && typeof raw[key] !== 'string')
      throw new UserError(`${label}: ${key} must be text`);
  }
  const delimiter = raw.delimiter as string | undefined;
  if (delimiter !== undefined && ![',', ';', '\t', 'tab'].includes(delimiter)) {
    throw new UserError(`${label}: delimiter must be ",", ";" or tab`);
  }
  return {
    profile,
    sheet: raw.sheet as string | undefined,
    delimiter: delimiter === 'tab' ? '\t' : delimiter,
    columns: result,
  };
}
