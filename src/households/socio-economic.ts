import { issue, type Issue } from '../identity/issue.js';

/**
 * DTSEN family-level (keluarga) variables, stored as a validated JSON document in households.socio and in each
 * snapshot. Keys are the lower-case DTSEN-style names; each has a type and, for categories, its allowed codes.
 * Unknown keys are kept out of the document and reported as warnings, so a new extract layout never silently
 * pollutes the data.
 */
type VariableSpec = (
  | { type: 'category'; values: readonly string[]; label: string }
  | { type: 'number'; min: number; max: number; integer?: boolean; label: string }
  | { type: 'boolean'; label: string }
) & { /** Other column headers the variable is read from in an extract. */ aliases?: readonly string[] };

export const SOCIO_VARIABLES = {
  status_kepemilikan_rumah: {
    type: 'category',
    values: ['milik_sendiri', 'kontrak_sewa', 'bebas_sewa', 'dinas', 'lainnya'],
    label: 'house ownership',
  },
  luas_lantai_m2: { type: 'number', min: 0, max: 10_000, label: 'floor area (m²)' },
  jenis_lantai: {
    type: 'category',
    values: [
      'marmer_granit',
      'keramik',
      'parket_vinil',
      'ubin_tegel',
      'kayu_papan',
      'semen_bata',
      'bambu',
      'tanah',
      'lainnya',
    ],
    label: 'floor material',
  },
  jenis_dinding: {
    type: 'category',
    values: [
      'tembok',
      'plesteran_anyaman_bambu',
      'kayu_papan',
      'anyaman_bambu',
      'batang_kayu',
      'bambu',
      'lainnya',
    ],
    label: 'wall material',
  },
  jenis_atap: {
    type: 'category',
    values: ['beton', 'genteng', 'seng', 'asbes', 'kayu_sirap', 'bambu', 'jerami_ijuk_daun', 'lainnya'],
    label: 'roof material',
  },
  sumber_air_minum: {
    type: 'category',
    values: [
      'air_kemasan',
      'air_isi_ulang',
      'leding',
      'sumur_bor_pompa',
      'sumur_terlindung',
      'sumur_tak_terlindung',
      'mata_air_terlindung',
      'mata_air_tak_terlindung',
      'air_permukaan',
      'air_hujan',
      'lainnya',
    ],
    label: 'drinking water source',
  },
  fasilitas_bab: {
    type: 'category',
    values: ['sendiri', 'bersama', 'umum', 'tidak_ada'],
    label: 'toilet facility',
  },
  sumber_penerangan: {
    type: 'category',
    values: ['pln_meter', 'pln_tanpa_meter', 'non_pln', 'bukan_listrik'],
    label: 'lighting source',
  },
  daya_listrik_va: {
    type: 'number',
    min: 0,
    max: 200_000,
    integer: true,
    label: 'electricity capacity (VA)',
  },
  bahan_bakar_memasak: {
    type: 'category',
    values: [
      'listrik',
      'lpg_5_5kg_lebih',
      'lpg_3kg',
      'gas_kota',
      'biogas',
      'minyak_tanah',
      'briket',
      'arang',
      'kayu_bakar',
      'tidak_memasak',
      'lainnya',
    ],
    label: 'cooking fuel',
  },
  aset_tabung_gas_5_5kg: { type: 'boolean', label: 'owns 5.5 kg+ gas cylinder' },
  aset_lemari_es: { type: 'boolean', label: 'owns refrigerator' },
  aset_ac: { type: 'boolean', label: 'owns air conditioner' },
  aset_pemanas_air: { type: 'boolean', label: 'owns water heater' },
  aset_telepon_rumah: { type: 'boolean', label: 'owns landline' },
  aset_televisi: { type: 'boolean', label: 'owns television' },
  aset_emas_perhiasan: { type: 'boolean', label: 'owns gold/jewellery (≥10 g)' },
  aset_komputer_laptop: { type: 'boolean', label: 'owns computer/laptop' },
  aset_sepeda_motor: { type: 'boolean', label: 'owns motorcycle' },
  aset_mobil: { type: 'boolean', label: 'owns car' },
  aset_perahu_motor: { type: 'boolean', label: 'owns motor boat' },
  aset_lahan_m2: { type: 'number', min: 0, max: 100_000_000, label: 'land owned elsewhere (m²)' },
  aset_rumah_lain: { type: 'boolean', label: 'owns another house' },
  ternak_sapi: { type: 'number', min: 0, max: 10_000, integer: true, label: 'cattle' },
  ternak_kambing_domba: { type: 'number', min: 0, max: 10_000, integer: true, label: 'goats/sheep' },
  ternak_babi: { type: 'number', min: 0, max: 10_000, integer: true, label: 'pigs' },
  ternak_unggas: { type: 'number', min: 0, max: 100_000, integer: true, label: 'poultry' },
  // DTSEN/P3KE status "miskin ekstrem" (below US$2.15 PPP a day). Optional: extracts without it leave it
  // unknown. Also stored as households.extreme_poor (a generated column) for the village ranking and rules.
  miskin_ekstrem: {
    type: 'boolean',
    label: 'extreme poor (miskin ekstrem)',
    aliases: ['KEMISKINAN_EKSTREM', 'STATUS_MISKIN_EKSTREM', 'STATUS_KEMISKINAN_EKSTREM', 'EXTREME_POOR'],
  },
} as const satisfies Record<string, VariableSpec>;

export type SocioVariable = keyof typeof SOCIO_VARIABLES;
export type SocioDocument = Partial<Record<SocioVariable, string | number | boolean>>;

const TRUE_WORDS = new Set(['1', 'ya', 'y', 'yes', 'true', 'ada']);
const FALSE_WORDS = new Set(['0', 'tidak', 't', 'no', 'false', 'tidak_ada', '']);

export interface SocioValidation {
  value: SocioDocument;
  errors: Issue[];
  warnings: Issue[];
}

/** Validates raw (possibly text) values; empty values are omitted; category codes are matched case-insensitively. */
export function validateSocio(raw: Record<string, unknown>): SocioValidation {
  const value: SocioDocument = {};
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  for (const [rawKey, rawValue] of Object.entries(raw)) {
    const key = rawKey.trim().toLowerCase();
    if (!(key in SOCIO_VARIABLES)) {
      warnings.push(
        issue(
          'socio_unknown',
          `unknown household variable "${rawKey}" ignored`,
          `variabel keluarga "${rawKey}" tidak dikenal, diabaikan`,
        ),
      );
      continue;
    }
    const spec: VariableSpec = SOCIO_VARIABLES[key as SocioVariable];
    const text =
      typeof rawValue === 'string' || typeof rawValue === 'number' || typeof rawValue === 'boolean'
        ? String(rawValue).trim()
        : '';
    if (text === '') continue;
    const parsed = parseValue(spec, text);
    if (parsed === undefined) {
      errors.push(
        issue(
          'socio_value',
          `${key} (${spec.label}): "${text}" is not ${describe(spec)}`,
          `${key}: "${text}" bukan ${describe(spec)}`,
        ),
      );
    } else {
      value[key as SocioVariable] = parsed;
    }
  }
  return { value, errors, warnings };
}

function parseValue(spec: VariableSpec, text: string): string | number | boolean | undefined {
  switch (spec.type) {
    case 'category': {
      const code = text.toLowerCase().replace(/[\s/-]+/g, '_');
      return spec.values.includes(code) ? code : undefined;
    }
    case 'number': {
      const n = Number(text.replace(',', '.'));
      if (!Number.isFinite(n) || n < spec.min || n > spec.max) return undefined;
      if (spec.integer && !Number.isInteger(n)) return undefined;
      return n;
    }
    case 'boolean': {
      const word = text.toLowerCase();
      return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : undefined;
    }
  }
}

function describe(spec: VariableSpec): string {
  switch (spec.type) {
    case 'category':
      return `one of ${spec.values.join(', ')}`;
    case 'number':
      return `${spec.integer ? 'a whole number' : 'a number'} from ${spec.min} to ${spec.max}`;
    case 'boolean':
      return 'ya/tidak (1/0)';
  }
}
