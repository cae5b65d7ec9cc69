import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { NotFoundError } from '../shared/errors.js';
import { compilePolicy, type CompiledPolicy } from './policy-compiler.js';
import type { BilingualText } from './policy-types.js';

export interface ExplainedDecision {
  decision_id: number;
  application_id: number;
  effective: string;
  applied_at: string;
  policy: { id: string; version: number };
  treatment: string;
  treatment_label: BilingualText | null;
  rule: { index: number; id: string } | null;
  reason: BilingualText | null;
  inputs: Record<string, unknown>;
  errors: unknown;
  cooperative: { id: number; name: string; match: string } | null;
  current: boolean;
  superseded_by: number | null;
  text: BilingualText;
}

/** A household's decision history, oldest first, each decision told in plain Indonesian and English. */
export async function explainHousehold(db: Kysely<DB>, householdId: number): Promise<ExplainedDecision[]> {
  const household = await db
    .selectFrom('households')
    .select(['id', 'province_code'])
    .where('id', '=', householdId)
    .executeTakeFirst();
  if (!household) throw new NotFoundError(`household ${householdId} does not exist`);
  const rows = await db
    .selectFrom('policy_decisions as d')
    .innerJoin('policy_applications as a', 'a.id', 'd.application_id')
    .innerJoin('policies as p', 'p.id', 'a.policy_row_id')
    .leftJoin('cooperatives as c', 'c.id', 'd.cooperative_id')
    .select([
      'd.id',
      'd.application_id',
      'd.effective',
      'a.applied_at',
      'p.policy_id',
      'p.version',
      'p.content',
      'd.treatment',
      'd.rule_index',
      'd.rule_id',
      'd.inputs',
      'd.errors',
      'd.cooperative_id',
      'd.cooperative_match',
      'c.name as cooperative_name',
      'd.superseded_by',
    ])
    .where('d.province_code', '=', household.province_code)
    .where('d.household_id', '=', householdId)
    .orderBy('d.id')
    .execute();
  const compiled = new Map<string, CompiledPolicy | null>();
  return rows.map((r) => {
    const key = `${r.policy_id}@${r.version}`;
    if (!compiled.has(key)) compiled.set(key, compilePolicy(r.content).policy);
    const policy = compiled.get(key) ?? null;
    const treatment = policy?.definition.treatments.find((t) => t.code === r.treatment);
    const reason =
      r.rule_index === null
        ? (policy?.definition.defaultReason ?? null)
        : (policy?.rules[r.rule_index]?.reason ?? null);
    const cooperative =
      r.cooperative_id !== null
        ? { id: r.cooperative_id, name: r.cooperative_name ?? '', match: r.cooperative_match ?? 'village' }
        : null;
    const decision: Omit<ExplainedDecision, 'text'> = {
      decision_id: r.id,
      application_id: r.application_id,
      effective: r.effective,
      applied_at: new Date(r.applied_at).toISOString(),
      policy: { id: r.policy_id, version: r.version },
      treatment: r.treatment,
      treatment_label: treatment?.label ?? null,
      rule: r.rule_index === null ? null : { index: r.rule_index, id: r.rule_id ?? '' },
      reason,
      inputs: r.inputs,
      errors: r.errors,
      cooperative,
      current: r.superseded_by === null,
      superseded_by: r.superseded_by,
    };
    return { ...decision, text: describe(decision) };
  });
}

type Lang = keyof BilingualText;

function value(v: unknown, lang: Lang): string {
  if (Array.isArray(v))
    return v.length > 3 || v.some((x) => typeof x === 'object') ? `${v.length}` : `[${v.join(', ')}]`;
  if (v && typeof v === 'object') return objectValue(v as Record<string, unknown>, lang);
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '—';
}

/** A member (the head), cooperative or village read by a rule, in words rather than as a record. */
function objectValue(o: Record<string, unknown>, lang: Lang): string {
  const id = lang === 'id';
  if ('sex' in o || 'age' in o || 'relation' in o) {
    const parts: string[] = [];
    if (o.sex === 'L') parts.push(id ? 'laki-laki' : 'male');
    else if (o.sex === 'P') parts.push(id ? 'perempuan' : 'female');
    if (typeof o.age === 'number') parts.push(id ? `${o.age} tahun` : `${o.age} years old`);
    if (o.disability === true) parts.push(id ? 'penyandang disabilitas' : 'with a disability');
    else if (o.disability === false) parts.push(id ? 'tanpa disabilitas' : 'no disability');
    if (typeof o.occupation === 'string')
      parts.push(id ? `pekerjaan ${o.occupation}` : `occupation ${o.occupation}`);
    if (typeof o.education === 'string')
      parts.push(id ? `pendidikan ${o.education}` : `education ${o.education}`);
    return `(${parts.join(', ') || '—'})`;
  }
  if ('registration_no' in o || 'member_capacity' in o)
    return `(${[o.name, o.status].filter((x) => typeof x === 'string').join(', ') || '—'})`;
  const scalars = Object.entries(o).filter(([, x]) => ['string', 'number', 'boolean'].includes(typeof x));
  return `(${scalars.map(([k, x]) => `${k} ${String(x)}`).join(', ') || '—'})`;
}

/** Names of context fields whose value is a record, said in words before it. */
const OBJECT_FIELD_NAMES: Record<string, BilingualText> = {
  head: { id: 'kepala keluarga', en: 'head of household' },
  cooperative: { id: 'koperasi', en: 'cooperative' },
  village: { id: 'desa', en: 'village' },
};

function inputsText(inputs: Record<string, unknown>, lang: Lang): string {
  return Object.entries(inputs)
    .map(([k, v]) => {
      const name = OBJECT_FIELD_NAMES[k];
      if (v === null && name) return `${name[lang]} ${lang === 'id' ? 'tidak ada' : 'none'}`;
      return name && v && typeof v === 'object' && !Array.isArray(v)
        ? `${name[lang]} ${value(v, lang)}`
        : `${k}=${value(v, lang)}`;
    })
    .join(', ');
}

/** One decision as a sentence in each language. */
export function describe(d: Omit<ExplainedDecision, 'text'>): BilingualText {
  const label = d.treatment_label;
  const inputsId = inputsText(d.inputs, 'id');
  const inputsEn = inputsText(d.inputs, 'en');
  const coop = d.cooperative;
  const coopId = coop
    ? ` Koperasi: ${coop.name}${coop.match === 'district_nearest' ? ' (terdekat di kecamatan; desa belum punya Kopdes)' : ''}.`
    : '';
  const coopEn = coop
    ? ` Cooperative: ${coop.name}${coop.match === 'district_nearest' ? ' (nearest in the district; the village has no Kopdes)' : ''}.`
    : '';
  const ruleId = d.rule
    ? `aturan ke-${d.rule.index + 1} "${d.rule.id}"`
    : 'ketentuan bawaan (tidak ada aturan yang cocok)';
  const ruleEn = d.rule ? `rule ${d.rule.index + 1} "${d.rule.id}"` : 'the default (no rule matched)';
  const statusId = d.current ? 'Keputusan berlaku.' : `Digantikan oleh penerapan #${d.superseded_by}.`;
  const statusEn = d.current ? 'Current decision.' : `Superseded by application #${d.superseded_by}.`;
  return {
    id: `Berlaku ${d.effective}, kebijakan ${d.policy.id} versi ${d.policy.version}: ${label?.id ?? d.treatment} (${d.treatment}) menurut ${ruleId}. Alasan: ${d.reason?.id ?? '—'} Data yang dibaca: ${inputsId || '—'}.${coopId} ${statusId}`,
    en: `Effective ${d.effective}, policy ${d.policy.id} version ${d.policy.version}: ${label?.en ?? d.treatment} (${d.treatment}) by ${ruleEn}. Reason: ${d.reason?.en ?? '—'} Data read: ${inputsEn || '—'}.${coopEn} ${statusEn}`,
  };
}
