import { InvalidArgumentError } from 'commander';
import { say, UserError, type Bilingual } from '../shared/errors.js';

/**
 * The language the CLI speaks: Bahasa Indonesia unless `--lang en`, or (without --lang) ENTAS_LANG, LC_ALL
 * or LANG starting with `en`. Help texts stay English; `--json` output is language-neutral (codes, English
 * keys), so only what a person reads goes through `t`.
 */
export type Lang = 'id' | 'en';

let chosen: Lang | undefined;

/** The language from the environment: ENTAS_LANG first, then the POSIX locale (LC_ALL over LANG). */
export function langFromEnv(env: NodeJS.ProcessEnv = process.env): Lang {
  const explicit = env.ENTAS_LANG?.trim().toLowerCase();
  if (explicit) return explicit.startsWith('en') ? 'en' : 'id';
  const locale = (env.LC_ALL?.trim() || env.LANG?.trim() || '').toLowerCase();
  return locale.startsWith('en') ? 'en' : 'id';
}

/** The CLI's language for this run (set from --lang by the command runner; the environment otherwise). */
export function lang(): Lang {
  return (chosen ??= langFromEnv());
}

export function setLang(value: Lang | undefined): void {
  chosen = value ?? langFromEnv();
}

/** The text of a two-language message in the CLI's language. */
export function t(message: Bilingual): string {
  return message[lang()];
}

/** An error's message in the CLI's language (English when the thrower gave no Indonesian text). */
export function errorText(error: UserError): string {
  return lang() === 'id' && error.messageId !== undefined ? error.messageId : error.message;
}

/** commander parser of --lang. */
export function parseLang(value: string): Lang {
  const v = value.trim().toLowerCase();
  if (v === 'id' || v === 'en') return v;
  throw new InvalidArgumentError(t(say('use id or en', 'gunakan id atau en')));
}

/** A UserError with both texts; shorthand for CLI commands. */
export function userError(en: string, id: string, code?: string): UserError {
  return new UserError(say(en, id), code);
}

/** Shorthand for text a person reads: the English or the Indonesian wording, by the CLI's language. */
export function tr(en: string, id: string): string {
  return lang() === 'id' ? id : en;
}
