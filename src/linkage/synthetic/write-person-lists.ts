/** Writes generated linkage data as CSV files (registry, beneficiaries, truth) in the reference linker's format. */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { idnAreaDataDir } from '../../regions/reference-regions.js';
import type { SynthVillage } from '../../synth/household.js';
import { districtsOf, generateHardLinkageData, HARD_PROFILE, type HardProfile } from './hard-person-lists.js';
import { generateLinkageData, spreadVillages, type PersonRow, type VillageRows } from './person-lists.js';

const COLUMNS = ['id', 'nik', 'name', 'birth_date', 'sex', 'village_code', 'address'] as const;
const cell = (v: string | null) => (v === null ? '' : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const line = (r: PersonRow) => COLUMNS.map((c) => cell(r[c])).join(',') + '\n';

/** Villages from idn-area-data (code, name), every k-th so that the sample spans the country. */
export function sampleVillages(count: number): SynthVillage[] {
  return spreadVillages(allVillages(), count);
}

/** Whole districts (all their villages) from idn-area-data, spread over the country, holding ≥ `villages`. */
export function sampleDistricts(villages: number): SynthVillage[][] {
  const districts = districtsOf(allVillages());
  const mean = districts.reduce((s, d) => s + d.length, 0) / districts.length;
  return spreadVillages(districts, Math.ceil(villages / mean) + 5);
}

function allVillages(): SynthVillage[] {
  const text = readFileSync(path.join(idnAreaDataDir(), 'villages.csv'), 'utf8');
  const all: SynthVillage[] = [];
  for (const row of text.split('\n').slice(1)) {
    const [code, , name] = row.split(',');
    if (!code || !name) continue;
    const digit = code[9];
    all.push({
      code,
      name: name.replace(/"/g, ''),
      kind: digit === '1' ? 'kelurahan' : digit === '3' ? 'desa_adat' : 'desa',
    });
  }
  return all;
}

/** `standard`: the original, easier generator; `hard`: crowded villages full of namesakes (hard-person-lists). */
export type LinkageProfileName = 'standard' | 'hard';
export const LINKAGE_PROFILES: readonly LinkageProfileName[] = ['standard', 'hard'];

export function writeLinkageFiles(
  dir: string,
  options: {
    seed: string;
    people: number;
    householdsPerVillage?: number;
    profile?: LinkageProfileName;
    hard?: Partial<HardProfile>;
  },
): {
  registry: number;
  beneficiaries: number;
  truth: number;
  files: { left: string; right: string; truth: string };
} {
  let data: Generator<VillageRows>;
  if (options.profile === 'hard') {
    const profile = { ...HARD_PROFILE, ...options.hard };
    const meanVillage = (profile.peoplePerVillage[0] + profile.peoplePerVillage[1]) / 2;
    const districts = sampleDistricts(Math.ceil(options.people / meanVillage) + 20);
    data = generateHardLinkageData({ seed: options.seed, people: options.people, districts, profile });
  } else {
    const perVillage = options.householdsPerVillage ?? 120;
    const villages = sampleVillages(Math.ceil(options.people / (perVillage * 2.5)) + 50);
    data = generateLinkageData({ ...options, villages, householdsPerVillage: perVillage });
  }
  const files = {
    left: path.join(dir, 'registry.csv'),
    right: path.join(dir, 'beneficiaries.csv'),
    truth: path.join(dir, 'truth.csv'),
  };
  const fds = {
    left: openSync(files.left, 'w'),
    right: openSync(files.right, 'w'),
    truth: openSync(files.truth, 'w'),
  };
  const header = COLUMNS.join(',') + '\n';
  writeSync(fds.left, header);
  writeSync(fds.right, header);
  writeSync(fds.truth, 'left_id,right_id\n');
  const counts = { registry: 0, beneficiaries: 0, truth: 0 };
  for (const v of data) {
    writeSync(fds.left, v.registry.map(line).join(''));
    writeSync(fds.right, v.beneficiaries.map(line).join(''));
    writeSync(fds.truth, v.truth.map(([a, b]) => `${a},${b}\n`).join(''));
    counts.registry += v.registry.length;
    counts.beneficiaries += v.beneficiaries.length;
    counts.truth += v.truth.length;
  }
  for (const fd of Object.values(fds)) closeSync(fd);
  return { ...counts, files };
}
