import { ID_MAX } from './schemas.js';
import type { Bilingual } from '../shared/errors.js';

/** The parts of an ajv error the message uses. */
export interface ValidationIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

const TYPE_ID: Record<string, string> = {
  string: 'teks',
  integer: 'bilangan bulat',
  number: 'angka',
  boolean: 'true atau false',
  object: 'objek',
  array: 'daftar',
};

/** One sentence per field, in both languages, naming the field and what it accepts (allowed values). */
function describe(field: string, issues: ValidationIssue[]): Bilingual {
  const allowed = [
    ...new Set(
      issues.flatMap((i) =>
        i.keyword === 'const'
          ? [i.params.allowedValue]
          : i.keyword === 'enum'
            ? ((i.params.allowedValues as unknown[]) ?? [])
            : [],
      ),
    ),
  ];
  if (allowed.length > 0) {
    const list = allowed.map(String).join(', ');
    return { en: `${field}: must be one of ${list}`, id: `${field}: harus salah satu dari ${list}` };
  }
  const issue = issues.find((i) => i.keyword !== 'anyOf' && i.keyword !== 'oneOf') ?? issues[0]!;
  const p = issue.params;
  switch (issue.keyword) {
    case 'required':
      return { en: `${field}: is required`, id: `${field}: wajib diisi` };
    case 'additionalProperties':
      return { en: `${field}: is not a known field`, id: `${field}: bukan field yang dikenal` };
    case 'x-entas-id':
    case 'pattern':
      if (issue.keyword === 'x-entas-id' || issues.some((i) => i.keyword === 'x-entas-id')) {
        return {
          en: `${field}: must be an id, a whole number from 1 to ${ID_MAX} written without sign, spaces, decimals or leading zeros`,
          id: `${field}: harus berupa id, bilangan bulat 1 sampai ${ID_MAX} tanpa tanda, spasi, desimal, atau nol di depan`,
        };
      }
      return {
        en: `${field}: must match the pattern ${String(p.pattern)}`,
        id: `${field}: harus sesuai pola ${String(p.pattern)}`,
      };
    case 'type': {
      const type = String(p.type);
      const typeId = type
        .split(',')
        .map((t) => TYPE_ID[t] ?? t)
        .join(' atau ');
      return {
        en: `${field}: must be ${type.split(',').join(' or ')}`,
        id: `${field}: harus berupa ${typeId}`,
      };
    }
    case 'minimum':
    case 'exclusiveMinimum':
      return {
        en: `${field}: must be at least ${String(p.limit)}`,
        id: `${field}: paling kecil ${String(p.limit)}`,
      };
    case 'maximum':
    case 'exclusiveMaximum':
      return {
        en: `${field}: must be at most ${String(p.limit)}`,
        id: `${field}: paling besar ${String(p.limit)}`,
      };
    case 'minLength':
      return {
        en: `${field}: must have at least ${String(p.limit)} characters`,
        id: `${field}: paling sedikit ${String(p.limit)} karakter`,
      };
    case 'maxLength':
      return {
        en: `${field}: must have at most ${String(p.limit)} characters`,
        id: `${field}: paling banyak ${String(p.limit)} karakter`,
      };
    case 'minItems':
    case 'maxItems':
      return {
        en: `${field}: must have ${issue.keyword === 'minItems' ? 'at least' : 'at most'} ${String(p.limit)} items`,
        id: `${field}: ${issue.keyword === 'minItems' ? 'paling sedikit' : 'paling banyak'} ${String(p.limit)} butir`,
      };
    case 'format':
      return {
        en: `${field}: must be a valid ${String(p.format)}${p.format === 'date' ? ' (YYYY-MM-DD)' : ''}`,
        id: `${field}: harus ${String(p.format)} yang sah${p.format === 'date' ? ' (YYYY-MM-DD)' : ''}`,
      };
    default:
      return { en: `${field}: ${issue.message ?? 'is not valid'}`, id: `${field}: tidak valid` };
  }
}

/**
 * Turns ajv's errors into one message per field: `querystring.profile: must be one of dtsen, bansos, …`
 * rather than "must be equal to constant" once per alternative.
 */
export function validationMessage(context: string | undefined, issues: ValidationIssue[]): Bilingual {
  const byField = new Map<string, ValidationIssue[]>();
  for (const issue of issues) {
    let path = issue.instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');
    if (issue.keyword === 'required')
      path = [path, String(issue.params.missingProperty)].filter(Boolean).join('.');
    if (issue.keyword === 'additionalProperties') {
      path = [path, String(issue.params.additionalProperty)].filter(Boolean).join('.');
    }
    const field = [context, path].filter(Boolean).join('.') || 'request';
    byField.set(field, [...(byField.get(field) ?? []), issue]);
  }
  const parts = [...byField].map(([field, list]) => describe(field, list));
  return { en: parts.map((p) => p.en).join('; '), id: parts.map((p) => p.id).join('; ') };
}
