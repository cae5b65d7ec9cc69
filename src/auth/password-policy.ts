import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { say, UserError } from '../shared/errors.js';
import { MIN_PASSWORD_LENGTH } from './password.js';

/**
 * The password rule for new users: at least 12 characters, not containing the user name, and not guessable
 * (zxcvbn score 4: an estimated 10^10 guesses or more) against the common-password lists, English and Indonesian words and
 * names, keyboard patterns and dates — with the user name and this product's own words as extra dictionary.
 */
export const MIN_PASSWORD_SCORE = 4;

const PRODUCT_WORDS = ['entas', 'kopdes', 'merahputih', 'koperasi', 'bansos', 'kemensos', 'dtsen'];

let factory: Promise<ZxcvbnFactory> | undefined;

/** Loaded on first use: the dictionaries are a few MB, and most commands never set a password. */
function estimator(): Promise<ZxcvbnFactory> {
  return (factory ??= (async () => {
    const [core, common, indonesian] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-id'),
    ]);
    return new core.ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...indonesian.dictionary },
      graphs: common.adjacencyGraphs,
    });
  })());
}

/** Throws `weak_password` with the reason (both languages) unless `password` meets the rule. */
export async function assertPasswordAcceptable(username: string, password: string): Promise<void> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new UserError(
      say(
        `password too short: at least ${MIN_PASSWORD_LENGTH} characters`,
        `kata sandi terlalu pendek: minimal ${MIN_PASSWORD_LENGTH} karakter`,
      ),
      'weak_password',
    );
  }
  const lower = password.toLowerCase();
  const nameParts = [username, ...username.split(/[._-]/)].filter((p) => p.length >= 3);
  if (nameParts.some((part) => lower.includes(part.toLowerCase()))) {
    throw new UserError(
      say('password must not contain the user name', 'kata sandi tidak boleh memuat nama pengguna'),
      'weak_password',
    );
  }
  const result = (await estimator()).check(password, [username, ...nameParts, ...PRODUCT_WORDS]);
  if (result.score < MIN_PASSWORD_SCORE) {
    throw new UserError(
      say(
        'password too easy to guess (a common password, words, names, dates or keyboard patterns): ' +
          'use a longer passphrase of unrelated words',
        'kata sandi terlalu mudah ditebak (kata sandi umum, kata, nama, tanggal atau pola papan ketik): ' +
          'gunakan frasa sandi yang lebih panjang dari kata-kata yang tidak berhubungan',
      ),
      'weak_password',
    );
  }
}
