import { say, UserError } from '../shared/errors.js';

/**
 * Strict parsing of numeric command-line options: `Number('')` is 0 and `Number('1e3x')` is NaN, so options go
 * through these, which name the option and the value at fault in both languages. Range checks belong to the
 * domain code that knows the limits.
 */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function numberOption(option: string, raw: string): number {
  const text = raw.trim();
  if (!DECIMAL.test(text))
    throw new UserError(
      say(
        `${option} must be a number written with a decimal point, e.g. 0.05 (got "${raw}")`,
        `${option} harus berupa angka dengan titik desimal, mis. 0.05 (diberikan "${raw}")`,
      ),
      'invalid_option',
    );
  return Number(text);
}

export function integerOption(option: string, raw: string): number {
  const text = raw.trim();
  if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(Number(text)))
    throw new UserError(
      say(
        `${option} must be a whole number without separators (got "${raw}")`,
        `${option} harus bilangan bulat tanpa pemisah ribuan (diberikan "${raw}")`,
      ),
      'invalid_option',
    );
  return Number(text);
}
