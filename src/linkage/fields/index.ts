import { UserError } from '../../shared/errors.js';
import type { LinkSettings } from '../settings.js';
import { addressWithinRegionField } from './address-field.js';
import { dateField, dateParser } from './date-field.js';
import { memo, type FieldComparator } from './field.js';
import { idField } from './id-field.js';
import { nameField } from './name-field.js';
import { nikBirthDateField, nikField } from './nik-field.js';
import { regionField } from './region-field.js';
import { categoryField, textField } from './text-field.js';

export type { FieldComparator } from './field.js';

/**
 * The comparators for the settings' fields, plus the derived NIK-birth-date field when a nik and a date field
 * are both present. Every column must exist in each input (`inputs`: file name → lower-cased headers).
 */
export function buildComparators(
  settings: LinkSettings,
  inputs: readonly { source: string; headers: readonly string[] }[],
): FieldComparator[] {
  for (const { source, headers } of inputs) {
    const missing = [settings.id, ...settings.fields.map((f) => f.column)].filter(
      (c) => !headers.includes(c),
    );
    if (missing.length > 0)
      throw new UserError(
        `${source}: missing column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')} (found: ${headers.join(', ')})`,
        'missing_column',
      );
  }
  const out: FieldComparator[] = settings.fields.map((f) => {
    switch (f.type) {
      case 'name':
        return nameField(f.column, f.tf ?? true);
      case 'text':
        return f.within ? addressWithinRegionField(f.column, f.within) : textField(f.column, f.tf ?? false);
      case 'nik':
        return nikField(f.column);
      case 'id':
        return idField(f.column, f.tf ?? false);
      case 'date':
        return dateField(f.column, f.format, f.tf ?? false);
      case 'region':
        return regionField(f.column, f.tf ?? false);
      case 'category':
      case 'exact':
        return categoryField(f.column, f.type, f.tf ?? false);
    }
  });
  const nik = settings.fields.find((f) => f.type === 'nik');
  const date = settings.fields.find((f) => f.type === 'date');
  if (nik && date) {
    const sex = settings.fields.find(
      (f) => f.type === 'category' && /^(sex|jenis_kelamin|gender|jk)$/.test(f.column),
    );
    out.push(nikBirthDateField(nik.column, date.column, sex?.column ?? null, memo(dateParser(date.format))));
  }
  return out;
}
