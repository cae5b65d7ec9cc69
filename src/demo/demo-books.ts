/**
 * The demo cooperatives' books (issue 16), deterministic by the demo seed, through the same services the API
 * uses: for every cooperative with members the demo pilot registered — savings configured (pokok Rp50,000, wajib
 * Rp10,000 a month), simpanan pokok of members who paid it, monthly wajib with some members in arrears, sukarela
 * deposits and a few withdrawals; member micro-loans in the first cooperatives with some repayments late (and a
 * penalty); one cooperative-level bank loan (Himbara, 6 %, 60 months, 6 grace months); RAT 2025 dates; and
 * mentoring sessions with follow-ups, some closed. Books run to BOOKS_UNTIL.
 */
import type { Database } from '../db/database.js';
import { daysInMonth, parseCalendarDate } from '../cooperatives/finance/due-dates.js';
import { parseAnnualRatePercent } from '../cooperatives/finance/exact-rate.js';
import { loanSchedule } from '../cooperatives/finance/loan-schedule.js';
import { savingsLines } from '../cooperatives/ledger/savings-postings.js';
import type { Posting } from '../cooperatives/ledger/posting.js';
import { cooperativeTrialBalance } from '../cooperatives/coop-reports.js';
import { chargePenalty, disburseLoan, receiveBankLoan, repayLoan } from '../cooperatives/loan-service.js';
import { recordMentoringSession, closeFollowup, recordRat } from '../cooperatives/operations-service.js';
import { configureSavings } from '../cooperatives/savings-service.js';
import { lockBooks, postEntries, type Books } from '../cooperatives/storage/ledger-repository.js';
import { createRng, type Rng } from '../shared/random.js';
import { officerNames, pilotMembers } from './demo-books-repository.js';

export const BOOKS_UNTIL = '2026-11-30';
const POKOK = 50_000n;
const WAJIB = 10_000n;
/** Micro-loans are given in this many cooperatives (the rest keep savings only). */
const LOAN_COOPERATIVES = 12;

export interface DemoBooks {
  cooperatives: number;
  members: number;
  postings: number;
  members_in_arrears: number;
  loans: number;
  late_loans: number;
  bank_loans: number;
  mentoring_sessions: number;
  followups: number;
  followups_closed: number;
}

const months = (from: string, to: string): string[] => {
  const out: string[] = [];
  let [y, m] = from.slice(0, 7).split('-').map(Number) as [number, number];
  const end = to.slice(0, 7);
  for (;;) {
    const p = `${y}-${String(m).padStart(2, '0')}`;
    if (p > end) return out;
    out.push(p);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
};
const dayIn = (period: string, rng: Rng) => `${period}-${String(rng.int(1, 28)).padStart(2, '0')}`;
/** The same day n months later, or the month's last day when it is shorter (31 March + 1 month = 30 April). */
const addMonths = (date: string, n: number) => {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const t = y * 12 + (m - 1) + n;
  const year = Math.floor(t / 12);
  const month = (t % 12) + 1;
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth(year, month));
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
};

const TOPICS = [
  'Pembukuan simpan pinjam dan rekonsiliasi kas',
  'Tata kelola pengurus dan pengawas',
  'Rencana usaha gerai sembako',
  'Penagihan pinjaman dan penanganan tunggakan',
  'Persiapan Rapat Anggota Tahunan',
];
const ACTIONS = [
  'Rekonsiliasi buku kas dengan rekening bank setiap bulan',
  'Menyusun SOP pemberian pinjaman',
  'Menagih anggota yang menunggak lebih dari 30 hari',
  'Menyusun rencana anggaran tahunan',
  'Memperbarui daftar anggota',
];

export async function demoBooks(
  database: Database,
  options: { province: string; seed: string; pilotId: number; actor: string },
): Promise<DemoBooks> {
  const rng = createRng(`entas-demo-books/${options.province}/${options.seed}`);
  const summary: DemoBooks = {
    cooperatives: 0,
    members: 0,
    postings: 0,
    members_in_arrears: 0,
    loans: 0,
    late_loans: 0,
    bank_loans: 0,
    mentoring_sessions: 0,
    followups: 0,
    followups_closed: 0,
  };
  return database.transaction(async (tx) => {
    const members = await pilotMembers(tx.db, options.pilotId);
    const byCoop = new Map<number, typeof members>();
    for (const m of members) byCoop.set(m.cooperative_id, [...(byCoop.get(m.cooperative_id) ?? []), m]);
    let index = 0;
    for (const [coopId, list] of byCoop) {
      const r = rng.fork(`coop-${coopId}`);
      const first = list.map((m) => m.joined_on ?? '2026-03-01').sort()[0]!;
      const books = await configureSavings(tx, coopId, {
        pokok: POKOK,
        wajib: WAJIB,
        wajibFrom: first.slice(0, 7),
      });
      await lockBooks(tx, [coopId]);
      summary.cooperatives += 1;
      const postings: Posting[] = [];
      const post = (
        memberId: number,
        kind: 'deposit' | 'withdraw',
        product: 'pokok' | 'wajib' | 'sukarela',
        amount: bigint,
        date: string,
        period: string | null = null,
      ) =>
        postings.push({
          cooperativeId: coopId,
          date,
          kind: `savings.${product}.${kind}`,
          period,
          memo: '',
          idempotencyKey: `demo-${product}-${kind}-${memberId}-${period ?? date}-${postings.length}`,
          reversesId: null,
          lines: savingsLines(
            { kind, product, memberId, amount, period },
            { pokok: POKOK, wajib: WAJIB, wajibFrom: first.slice(0, 7) },
          ),
        });
      const payers: { id: number; joined: string }[] = [];
      for (const m of list) {
        if (m.state !== 'paid_pokok' && m.state !== 'active') continue;
        const mr = r.fork(`member-${m.id}`);
        const joined = m.joined_on ?? first;
        summary.members += 1;
        payers.push({ id: m.id, joined });
        post(m.id, 'deposit', 'pokok', POKOK, joined);
        const due = months(joined, BOOKS_UNTIL);
        // A fifth of members stop paying wajib 1–4 months before the end (arrears).
        const behind = mr.chance(0.2) ? Math.min(due.length, mr.int(1, 4)) : 0;
        if (behind > 0) summary.members_in_arrears += 1;
        for (const period of due.slice(0, due.length - behind))
          post(
            m.id,
            'deposit',
            'wajib',
            WAJIB,
            period === joined.slice(0, 7) ? joined : dayIn(period, mr),
            period,
          );
        if (mr.chance(0.3)) {
          const amount = 10_000n * BigInt(mr.int(5, 50));
          const on = dayIn(due[Math.min(due.length - 1, mr.int(0, 2))]!, mr);
          post(m.id, 'deposit', 'sukarela', amount, on < joined ? joined : on);
          if (mr.chance(0.3)) {
            const later = addMonths(on < joined ? joined : on, 1);
            if (later <= BOOKS_UNTIL) post(m.id, 'withdraw', 'sukarela', amount / 2n, later);
          }
        }
      }
      postings.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
      if (postings.length > 0)
        await postEntries(tx, new Map<number, Books>([[coopId, books]]), postings, options.actor);
      summary.postings += postings.length;

      const meta = (key: string, date: string) => ({
        date,
        idempotencyKey: `demo-${key}`,
        postedBy: options.actor,
      });
      if (summary.bank_loans === 0 && payers.length > 0) {
        // The first cooperative with paying members borrows from a state bank; six interest-only installments paid.
        const bank = await receiveBankLoan(
          tx,
          coopId,
          {
            lender: 'Himbara (BRI)',
            principal: 500_000_000n,
            annualRate: parseAnnualRatePercent('6', 'rate'),
            months: 60,
            method: 'annuity',
            graceMonths: 6,
          },
          meta(`bank-${coopId}`, '2026-04-01'),
        );
        for (let k = 1; k <= 6; k++)
          await repayLoan(
            tx,
            coopId,
            bank.loanId,
            2_500_000n,
            meta(`bank-rep-${coopId}-${k}`, addMonths('2026-04-01', k)),
          );
        summary.bank_loans += 1;
        summary.postings += 7;
      }
      if (index < LOAN_COOPERATIVES) {
        const borrowers = payers.filter((p) => p.joined <= '2026-08-31').slice(0, 3);
        for (const b of borrowers) {
          const lr = r.fork(`loan-${b.id}`);
          // Lent from the cooperative's cash (members' savings, or the bank loan): never more than it holds.
          const tb = await cooperativeTrialBalance(tx.db, books);
          const cash = tb.rows.find((row) => row.account === '1100')?.balance ?? 0n;
          const wanted = 100_000n * BigInt(lr.int(5, 30));
          const principal = wanted < cash ? wanted : (cash / 50_000n) * 50_000n;
          if (principal < 50_000n) continue;
          const disbursed = addMonths(b.joined, 1);
          const terms = {
            memberId: b.id,
            principal,
            annualRate: parseAnnualRatePercent('12', 'rate'),
            months: lr.pick([6, 10, 12]),
            method: lr.chance(0.5) ? ('flat' as const) : ('annuity' as const),
            graceMonths: 0,
          };
          const loan = await disburseLoan(tx, coopId, terms, meta(`loan-${b.id}`, disbursed));
          const schedule = loanSchedule({ ...terms, start: parseCalendarDate(disbursed, 'disbursed') });
          summary.loans += 1;
          summary.postings += 1;
          const late = lr.chance(0.35);
          if (late) summary.late_loans += 1;
          // Each installment paid on its due date, exactly; a late loan stops 2–4 installments before the end.
          const due = schedule.installments.filter((i) => i.due_date <= BOOKS_UNTIL);
          const paid = late ? due.slice(0, Math.max(0, due.length - lr.int(2, 4))) : due;
          for (const i of paid) {
            await repayLoan(tx, coopId, loan.loanId, i.payment, meta(`rep-${b.id}-${i.n}`, i.due_date));
            summary.postings += 1;
          }
          if (late)
            await chargePenalty(tx, coopId, loan.loanId, 25_000n, {
              ...meta(`pen-${b.id}`, BOOKS_UNTIL),
              reason: 'Denda keterlambatan angsuran',
            });
        }
      }
      if (r.chance(0.7))
        await recordRat(tx, coopId, 2025, `2026-0${r.int(3, 7)}-${String(r.int(10, 28))}`, options.actor);
      const attendees = await officerNames(tx.db, coopId);
      for (let s = 0; s < 2; s++) {
        const held =
          s === 0 ? `2026-0${r.int(4, 6)}-1${r.int(0, 9)}` : `2026-0${r.int(8, 9)}-1${r.int(0, 9)}`;
        const followups = Array.from({ length: r.int(1, 3) }, (_, k) => ({
          action: ACTIONS[(s * 2 + k + index) % ACTIONS.length]!,
          dueOn: addMonths(held, k + 1),
        }));
        const session = await recordMentoringSession(
          tx,
          coopId,
          {
            heldOn: held,
            mentor: `Pendamping Kemenkop ${1 + (index % 9)}`,
            topic: TOPICS[(index + s) % TOPICS.length]!,
            attendees,
            findings: s === 0 ? 'Buku kas dan buku anggota belum dipisah' : 'Tunggakan wajib perlu ditagih',
            followups,
          },
          options.actor,
        );
        summary.mentoring_sessions += 1;
        summary.followups += followups.length;
        for (const [k, id] of session.followupIds.entries()) {
          const due = followups[k]!.dueOn;
          if (due <= BOOKS_UNTIL && r.chance(0.6)) {
            await closeFollowup(
              tx,
              coopId,
              id,
              {
                closedOn:
                  addMonths(due, r.chance(0.7) ? 0 : 1) > BOOKS_UNTIL
                    ? due
                    : addMonths(due, r.chance(0.7) ? 0 : 1),
                note: 'Selesai',
              },
              options.actor,
            );
            summary.followups_closed += 1;
          }
        }
      }
      index += 1;
    }
    return summary;
  });
}
