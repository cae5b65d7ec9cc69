/**
 * Distribution of the year's SHU (sisa hasil usaha) with the parameters the annual members' meeting (RAT) sets:
 * shares in percent for the reserve, jasa usaha (split over members by their transactions with the cooperative),
 * jasa modal (split by their capital: simpanan pokok + wajib + sukarela at year end) and any other named funds
 * (pengurus, pendidikan, sosial …). The shares must add up to exactly 100 %.
 *
 * Rounding (docs/FINANCE.md): every pool is ⌊SHU × share⌋ and every member's part of a pool ⌊pool × weight / total
 * weight⌋, whole rupiah rounded down, so nothing is ever paid twice; what rounding leaves over is reported as
 * `remainder` (it stays in the cooperative, usually added to the reserve by the RAT's decision).
 */
import { say, UserError } from '../../shared/errors.js';

export interface ShuShare {
  name: string;
  /** Percent as written: "25", "12.5" or "12,5". */
  percent: string;
}

export interface ShuParameters {
  reserve: string;
  jasaUsaha: string;
  jasaModal: string;
  others: ShuShare[];
}

export interface ShuMember {
  memberId: number;
  /** The member's business with the cooperative in the year, in rupiah (e.g. loan interest paid, purchases). */
  transactions: bigint;
  /** The member's capital at year end, in rupiah. */
  capital: bigint;
}

export interface ShuMemberShare {
  member_id: number;
  jasa_usaha: bigint;
  jasa_modal: bigint;
  total: bigint;
}

export interface ShuDistribution {
  shu: bigint;
  pools: { name: string; percent: string; amount: bigint }[];
  members: ShuMemberShare[];
  /** SHU − everything allocated (pools other than the members', and every member's part). */
  remainder: bigint;
}

/** A percentage as a fraction of 10⁸ths of a percent (exact). */
export function percentUnits(raw: string, field: string): bigint {
  const match = /^(\d{1,3})(?:[.,](\d{1,6}))?\s*%?$/.exec(raw.trim());
  if (!match)
    throw new UserError(
      say(
        `${field}: a percentage such as 25 or 12.5 is expected, got "${raw}"`,
        `${field}: diharapkan persen seperti 25 atau 12,5, diberikan "${raw}"`,
      ),
      'invalid_input',
    );
  const decimals = (match[2] ?? '').padEnd(6, '0');
  return BigInt(match[1]!) * 1_000_000n + BigInt(decimals);
}

const HUNDRED = 100n * 1_000_000n;

export function distributeShu(
  shu: bigint,
  parameters: ShuParameters,
  members: readonly ShuMember[],
): ShuDistribution {
  if (shu < 0n)
    throw new UserError(
      say(
        `SHU is negative (Rp${shu}): there is nothing to distribute`,
        `SHU negatif (Rp${shu}): tidak ada yang dibagi`,
      ),
      'invalid_input',
    );
  const shares = [
    { name: 'cadangan', percent: parameters.reserve },
    { name: 'jasa_usaha', percent: parameters.jasaUsaha },
    { name: 'jasa_modal', percent: parameters.jasaModal },
    ...parameters.others,
  ].map((s) => ({ ...s, units: percentUnits(s.percent, s.name) }));
  const total = shares.reduce((s, x) => s + x.units, 0n);
  if (total !== HUNDRED)
    throw new UserError(
      say(
        `the SHU shares must add up to 100 %, they add up to ${Number(total) / 1e6} %`,
        `pembagian SHU harus berjumlah 100 %, jumlahnya ${Number(total) / 1e6} %`,
      ),
      'invalid_input',
    );
  const pools = shares.map((s) => ({ name: s.name, percent: s.percent, amount: (shu * s.units) / HUNDRED }));
  const pool = (name: string) => pools.find((p) => p.name === name)!.amount;
  const usaha = split(
    pool('jasa_usaha'),
    members.map((m) => m.transactions),
  );
  const modal = split(
    pool('jasa_modal'),
    members.map((m) => m.capital),
  );
  const memberShares = members.map((m, i) => ({
    member_id: m.memberId,
    jasa_usaha: usaha[i]!,
    jasa_modal: modal[i]!,
    total: usaha[i]! + modal[i]!,
  }));
  const allocated =
    pools
      .filter((p) => p.name !== 'jasa_usaha' && p.name !== 'jasa_modal')
      .reduce((s, p) => s + p.amount, 0n) + memberShares.reduce((s, m) => s + m.total, 0n);
  return { shu, pools, members: memberShares, remainder: shu - allocated };
}

/** ⌊pool × w / Σw⌋ for each weight; all zero when no member has any weight. */
function split(pool: bigint, weights: readonly bigint[]): bigint[] {
  for (const w of weights)
    if (w < 0n)
      throw new UserError(
        say(`a member's weight is negative (${w})`, `bobot anggota negatif (${w})`),
        'invalid_input',
      );
  const total = weights.reduce((s, w) => s + w, 0n);
  return weights.map((w) => (total === 0n ? 0n : (pool * w) / total));
}
