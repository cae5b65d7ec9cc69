/**
 * What a set of postings resolves to before anything is written (pure: no I/O): replays and refusals of idempotency
 * keys, the entries repeats point at, and the wording of a refused balance. Shared by both posting paths of
 * `storage/ledger-repository.ts` (one statement of unnest arrays; staged through COPY for large sets).
 */
import { conflict, type Posting, type PostingLine } from './posting.js';

/** Where a cooperative's books live: its id and province (the first key column of every ledger table). */
export interface Books {
  cooperativeId: number;
  provinceCode: string;
  villageCode: string;
}

export interface PostResult {
  entryId: number;
  idempotencyKey: string;
  /** True when the key had been posted before with the same content: nothing new was written. */
  replayed: boolean;
}

/**
 * Idempotency for a set of postings: a key already in the journal (`prior`) is replayed, or refused when it was
 * posted with other content; a key repeated inside the set is written once (its first occurrence) and the repeats
 * point at that entry. Returns the partial results (replays), the first occurrence of each key and the indexes of
 * the postings to write, in posting order.
 */
export function resolveKeys(
  postings: readonly Posting[],
  hashes: readonly string[],
  prior: (p: Posting, i: number) => { id: number; hash: string } | undefined,
): { results: (PostResult | null)[]; seen: Map<string, number>; fresh: number[] } {
  const results: (PostResult | null)[] = postings.map(() => null);
  const seen = new Map<string, number>();
  const fresh: number[] = [];
  postings.forEach((p, i) => {
    const k = `${p.cooperativeId}|${p.idempotencyKey}`;
    const found = prior(p, i);
    const earlier = seen.get(k);
    const priorHash = found?.hash ?? (earlier === undefined ? undefined : hashes[earlier]);
    if (priorHash !== undefined && priorHash !== hashes[i])
      conflict(
        `idempotency key "${p.idempotencyKey}" was already used for a different posting`,
        `kunci idempotensi "${p.idempotencyKey}" sudah dipakai untuk posting lain`,
        'idempotency_conflict',
      );
    if (found) results[i] = { entryId: found.id, idempotencyKey: p.idempotencyKey, replayed: true };
    else if (earlier === undefined) {
      seen.set(k, i);
      fresh.push(i);
    }
  });
  return { results, seen, fresh };
}

/** Repeats inside the set point at the entry their first occurrence wrote. */
export function completeResults(
  postings: readonly Posting[],
  results: (PostResult | null)[],
  seen: ReadonlyMap<string, number>,
): PostResult[] {
  postings.forEach((p, i) => {
    if (results[i] === null) {
      const first = seen.get(`${p.cooperativeId}|${p.idempotencyKey}`)!;
      results[i] = { ...results[first]!, replayed: true };
    }
  });
  return results as PostResult[];
}

/** The refusal of a posting whose line would take its guarded balance to `balance` (< 0). */
export function refuseNegative(line: PostingLine, balance: bigint): never {
  conflict(
    `refused: balance of account ${line.account}${line.memberId === null ? '' : ` for member ${line.memberId}`}${line.loanId === null ? '' : ` on loan ${line.loanId}`} would become Rp${balance}`,
    `ditolak: saldo akun ${line.account}${line.memberId === null ? '' : ` anggota ${line.memberId}`}${line.loanId === null ? '' : ` pinjaman ${line.loanId}`} akan menjadi Rp${balance}`,
    'insufficient_balance',
  );
}
