import { ConflictError, say, UserError } from '../../shared/errors.js';
import { accountType, balanceOwner, NON_NEGATIVE, normalBalance } from './chart.js';

/** One side of a journal entry: an amount in whole rupiah on one account, maybe for one member or loan. */
export interface PostingLine {
  account: string;
  memberId: number | null;
  loanId: number | null;
  debit: bigint;
  credit: bigint;
}

export interface Posting {
  cooperativeId: number;
  date: string;
  kind: string;
  period: string | null;
  memo: string;
  idempotencyKey: string;
  reversesId: number | null;
  lines: PostingLine[];
}

/** Largest amount a single line may carry: Rp10¹⁵ (totals stay exact in JSON numbers). */
export const MAX_LINE_AMOUNT = 10n ** 15n;

export function debit(
  account: string,
  amount: bigint,
  ids: Partial<Pick<PostingLine, 'memberId' | 'loanId'>> = {},
): PostingLine {
  return { account, memberId: ids.memberId ?? null, loanId: ids.loanId ?? null, debit: amount, credit: 0n };
}

export function credit(
  account: string,
  amount: bigint,
  ids: Partial<Pick<PostingLine, 'memberId' | 'loanId'>> = {},
): PostingLine {
  return { account, memberId: ids.memberId ?? null, loanId: ids.loanId ?? null, debit: 0n, credit: amount };
}

/** Refuses a posting that is not a balanced set of positive whole-rupiah lines on known accounts. */
export function checkPosting(posting: Posting): void {
  if (!/^[\x21-\x7e]{1,128}$/.test(posting.idempotencyKey))
    refuse(
      'the idempotency key must be 1–128 visible ASCII characters',
      'kunci idempotensi harus 1–128 karakter ASCII yang terlihat',
      'invalid_input',
    );
  if (posting.lines.length < 2)
    refuse(
      'a journal entry needs at least two lines',
      'jurnal memerlukan sedikitnya dua baris',
      'invalid_input',
    );
  let debits = 0n;
  let credits = 0n;
  for (const [i, line] of posting.lines.entries()) {
    accountType(line.account);
    const amount = line.debit + line.credit;
    if (line.debit < 0n || line.credit < 0n || amount <= 0n || (line.debit > 0n && line.credit > 0n))
      refuse(
        `line ${i + 1}: an amount must be a positive whole rupiah on one side (debit ${line.debit}, credit ${line.credit})`,
        `baris ${i + 1}: jumlah harus rupiah bulat positif pada satu sisi (debit ${line.debit}, kredit ${line.credit})`,
        'invalid_amount',
      );
    if (amount > MAX_LINE_AMOUNT)
      refuse(
        `line ${i + 1}: Rp${amount} exceeds the largest amount Rp${MAX_LINE_AMOUNT}`,
        `baris ${i + 1}: Rp${amount} melebihi jumlah terbesar Rp${MAX_LINE_AMOUNT}`,
        'invalid_amount',
      );
    debits += line.debit;
    credits += line.credit;
  }
  if (debits !== credits)
    refuse(
      `the entry does not balance: debits Rp${debits}, credits Rp${credits}`,
      `jurnal tidak seimbang: debit Rp${debits}, kredit Rp${credits}`,
      'unbalanced',
    );
}

/** The key of a balance that must stay ≥ 0: the account and its owner (a loan, a member, or the cooperative). */
export function balanceKey(line: Pick<PostingLine, 'account' | 'memberId' | 'loanId'>): string {
  const owner = balanceOwner(line);
  return `${line.account}|${owner.memberId ?? ''}|${owner.loanId ?? ''}`;
}

/** The guarded balances a posting lowers, and by how much (on the account's normal side). */
export function guardedDecreases(
  lines: readonly PostingLine[],
): Map<string, { line: PostingLine; change: bigint }> {
  const changes = new Map<string, { line: PostingLine; change: bigint }>();
  for (const line of lines) {
    if (!NON_NEGATIVE.has(line.account)) continue;
    const key = balanceKey(line);
    const change = normalBalance(line.account, line.debit, line.credit);
    const prior = changes.get(key);
    changes.set(key, { line, change: (prior?.change ?? 0n) + change });
  }
  for (const [key, value] of changes) if (value.change >= 0n) changes.delete(key);
  return changes;
}

/** The lines of the entry that undoes `lines`: every debit becomes a credit of the same amount and vice versa. */
export function reversalLines(lines: readonly PostingLine[]): PostingLine[] {
  return lines.map((l) => ({ ...l, debit: l.credit, credit: l.debit }));
}

/** A stable fingerprint of what a posting asks for (kind, date, lines), so a reused key with other content is caught. */
export function postingFingerprint(posting: Posting): string {
  const lines = posting.lines
    .map((l) => `${l.account}:${l.memberId ?? ''}:${l.loanId ?? ''}:${l.debit}:${l.credit}`)
    .join(';');
  return `${posting.kind}|${posting.date}|${posting.period ?? ''}|${posting.reversesId ?? ''}|${lines}`;
}

/** Refuses invalid input (HTTP 400). */
export function refuse(en: string, id: string, code: string): never {
  throw new UserError(say(en, id), code);
}

/** Refuses a well-formed request that the books' current state forbids (HTTP 409). */
export function conflict(en: string, id: string, code: string): never {
  throw new ConflictError(say(en, id), code);
}
