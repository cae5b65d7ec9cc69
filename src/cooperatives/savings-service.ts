/**
 * Savings and corrections on a cooperative's books: configuration, deposits and withdrawals, the exit refund, and
 * reversal of any entry. Each call posts one entry under the caller's idempotency key inside the caller's
 * transaction; authorisation and audit are the access layer's (access/coop-ledger-access.ts).
 */
import type { Tx } from '../db/database.js';
import { ConflictError, NotFoundError, say } from '../shared/errors.js';
import { SAVINGS_ACCOUNT, type SavingsProduct } from './ledger/chart.js';
import { conflict, refuse, reversalLines, type Posting } from './ledger/posting.js';
import {
  exitRefundLines,
  savingsLines,
  type SavingsConfig,
  type SavingsRequest,
} from './ledger/savings-postings.js';
import {
  entryWithLines,
  findByKey,
  lockBooks,
  openBooks,
  postEntries,
  type Books,
  type PostResult,
} from './storage/ledger-repository.js';
import {
  memberAccountBalance,
  memberOfBooks,
  openLoanCount,
  savingsConfigRow,
  setMemberLeftOn,
  upsertSavingsConfig,
} from './storage/savings-repository.js';

export interface PostMeta {
  date: string;
  idempotencyKey: string;
  memo?: string | undefined;
  postedBy: string;
}

export async function savingsConfig(tx: Tx, books: Books): Promise<SavingsConfig | null> {
  const r = await savingsConfigRow(tx.db, books);
  return r ? { pokok: r.pokok, wajib: r.wajib, wajibFrom: r.wajib_from.slice(0, 7) } : null;
}

export async function configureSavings(tx: Tx, cooperativeId: number, config: SavingsConfig): Promise<Books> {
  if (config.pokok <= 0n || config.wajib <= 0n)
    refuse(
      'pokok and wajib amounts must be positive',
      'jumlah pokok dan wajib harus positif',
      'invalid_amount',
    );
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(config.wajibFrom))
    refuse(
      `wajib_from must be YYYY-MM, got "${config.wajibFrom}"`,
      `wajib_from harus YYYY-MM, diberikan "${config.wajibFrom}"`,
      'invalid_input',
    );
  const books = await openBooks(tx, cooperativeId);
  await upsertSavingsConfig(tx, books, config);
  return books;
}

/** A member of this cooperative (refused when unknown, or when they have left and `active` is asked). */
export async function requireMember(tx: Tx, books: Books, memberId: number, active = true) {
  const member = await memberOfBooks(tx.db, books, memberId);
  if (!member)
    throw new NotFoundError(
      say(
        `member ${memberId} not found in cooperative ${books.cooperativeId}`,
        `anggota ${memberId} tidak ditemukan di koperasi ${books.cooperativeId}`,
      ),
    );
  if (active && member.left_on !== null)
    throw new ConflictError(
      say(
        `member ${memberId} left on ${member.left_on}`,
        `anggota ${memberId} telah keluar pada ${member.left_on}`,
      ),
      'member_left',
    );
  return member;
}

/** Balance of one member's savings product: the sum of its lines (one range of the member index, migration 0660). */
export async function savingsBalance(
  tx: Tx,
  books: Books,
  memberId: number,
  product: SavingsProduct,
): Promise<bigint> {
  return memberAccountBalance(tx.db, books, memberId, SAVINGS_ACCOUNT[product]);
}

async function postOne(
  tx: Tx,
  books: Books,
  posting: Posting,
  postedBy: string,
  requestHash?: string,
): Promise<PostResult> {
  await lockBooks(tx, [books.cooperativeId]);
  const [result] = await postEntries(
    tx,
    new Map([[books.cooperativeId, books]]),
    [{ ...posting, ...(requestHash ? { requestHash } : {}) }],
    postedBy,
  );
  return result!;
}

export async function postSavings(
  tx: Tx,
  cooperativeId: number,
  request: SavingsRequest,
  meta: PostMeta,
): Promise<PostResult> {
  const books = await openBooks(tx, cooperativeId);
  await requireMember(tx, books, request.memberId);
  const config = await savingsConfig(tx, books);
  const lines = savingsLines(request, config);
  if (request.kind === 'deposit' && request.product === 'pokok') {
    await lockBooks(tx, [cooperativeId]);
    const paid = await savingsBalance(tx, books, request.memberId, 'pokok');
    const replay = await findByKey(tx.db, books, meta.idempotencyKey);
    if (paid > 0n && !replay)
      conflict(
        `member ${request.memberId} has already paid simpanan pokok (Rp${paid})`,
        `anggota ${request.memberId} sudah membayar simpanan pokok (Rp${paid})`,
        'already_paid',
      );
  }
  return postOne(
    tx,
    books,
    {
      cooperativeId,
      date: meta.date,
      kind: `savings.${request.product}.${request.kind}`,
      period: request.product === 'wajib' ? (request.period ?? null) : null,
      memo: meta.memo ?? '',
      idempotencyKey: meta.idempotencyKey,
      reversesId: null,
      lines,
    },
    meta.postedBy,
  );
}

/** A member leaves: every savings balance is paid back in one entry and the member's `left_on` is set. */
export async function exitMember(
  tx: Tx,
  cooperativeId: number,
  memberId: number,
  meta: PostMeta,
): Promise<PostResult | null> {
  const books = await openBooks(tx, cooperativeId);
  await lockBooks(tx, [cooperativeId]);
  const member = await requireMember(tx, books, memberId, false);
  if ((await openLoanCount(tx.db, books, memberId)) > 0)
    conflict(
      `member ${memberId} still owes on a loan: repay or write it off first`,
      `anggota ${memberId} masih memiliki pinjaman: lunasi atau hapus buku dahulu`,
      'open_loan',
    );
  const balances = {
    pokok: await savingsBalance(tx, books, memberId, 'pokok'),
    wajib: await savingsBalance(tx, books, memberId, 'wajib'),
    sukarela: await savingsBalance(tx, books, memberId, 'sukarela'),
  };
  const lines = exitRefundLines(memberId, balances);
  let result: PostResult | null = null;
  if (lines.length > 0)
    result = await postOne(
      tx,
      books,
      {
        cooperativeId,
        date: meta.date,
        kind: 'member.exit_refund',
        period: null,
        memo: meta.memo ?? '',
        idempotencyKey: meta.idempotencyKey,
        reversesId: null,
        lines,
      },
      meta.postedBy,
      `member.exit|${memberId}|${meta.date}`,
    );
  if (member.left_on === null) await setMemberLeftOn(tx, memberId, meta.date);
  return result;
}

/** Reverses an entry: a new entry with every line on the other side. An entry is reversed at most once. */
export async function reverseEntry(
  tx: Tx,
  cooperativeId: number,
  entryId: number,
  meta: PostMeta,
): Promise<PostResult> {
  const books = await openBooks(tx, cooperativeId);
  await lockBooks(tx, [cooperativeId]);
  const { entry, reversedBy, lines } = await entryWithLines(tx.db, books, entryId);
  const hash = `reversal|${entryId}`;
  if (reversedBy !== null) {
    const mine = await findByKey(tx.db, books, meta.idempotencyKey);
    if (mine && mine.id === reversedBy)
      return { entryId: mine.id, idempotencyKey: meta.idempotencyKey, replayed: true };
    conflict(
      `entry ${entryId} was already reversed by entry ${reversedBy}`,
      `jurnal ${entryId} sudah dibalik oleh jurnal ${reversedBy}`,
      'already_reversed',
    );
  }
  if (entry.reverses_id !== null)
    refuse(
      `entry ${entryId} is itself a reversal; post the original again instead`,
      `jurnal ${entryId} adalah pembalikan; posting ulang jurnal asli sebagai gantinya`,
      'invalid_input',
    );
  return postOne(
    tx,
    books,
    {
      cooperativeId,
      date: meta.date,
      kind: 'reversal',
      period: null,
      memo: meta.memo ?? `reverses ${entryId}`,
      idempotencyKey: meta.idempotencyKey,
      reversesId: entryId,
      lines: reversalLines(lines),
    },
    meta.postedBy,
    hash,
  );
}
