import { say, UserError } from '../shared/errors.js';

/** Reading job parameters (from the CLI, the API or the queue) with errors that name the field. */

export function paramsObject(raw: unknown, kind: string): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new UserError(
      say(`${kind}: parameters must be an object`, `${kind}: parameter harus berupa objek`),
      'invalid_job_params',
    );
  return raw as Record<string, unknown>;
}

export function stringList(raw: Record<string, unknown>, field: string, pattern?: RegExp): string[] {
  const value = raw[field];
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || (pattern && !pattern.test(v))))
    throw new UserError(
      say(
        `parameter ${field}: expected a list of ${pattern ? `codes matching ${String(pattern)}` : 'texts'}`,
        `parameter ${field}: harus berupa daftar ${pattern ? `kode sesuai ${String(pattern)}` : 'teks'}`,
      ),
      'invalid_job_params',
    );
  return value as string[];
}

export function requiredString(raw: Record<string, unknown>, field: string): string {
  const value = raw[field];
  if (typeof value !== 'string' || value === '')
    throw new UserError(
      say(`parameter ${field}: required text`, `parameter ${field}: teks wajib diisi`),
      'invalid_job_params',
    );
  return value;
}

export const PROVINCE_CODE = /^\d{2}$/;
