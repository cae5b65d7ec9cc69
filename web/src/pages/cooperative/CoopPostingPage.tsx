import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, errorText, must } from '../../api/client.js';
import { field } from '../../forms.js';
import { formatRupiah, type Lang } from '../../format.js';
import { useSession } from '../../session.js';
import { CoopHeader, useCooperative } from './CoopHeader.js';
import { DisburseForm } from './DisburseForm.js';
import { ExitForm } from './ExitForm.js';
import { useIdempotentPost } from './useIdempotentPost.js';

const failure = (e: unknown, lang: string) => errorText((e as { body?: unknown }).body ?? e, lang);
const today = () => new Date().toISOString().slice(0, 10);
const PRODUCTS = ['pokok', 'wajib', 'sukarela'] as const;

/**
 * Postings from the counter (ledger:post, as a cooperative's treasurer has): a savings deposit or withdrawal and
 * a loan repayment, through the posting API with its Idempotency-Key. The server checks scope, balances and
 * amounts, audits each posting, and answers with the journal entry (and how a repayment was allocated).
 */
export default function CoopPostingPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const id = Number(useParams().id);
  const { can } = useSession();
  const coop = useCooperative(id);
  const members = useQuery({
    queryKey: ['cooperative', id, 'savings'],
    enabled: can('members:read'),
    queryFn: async () =>
      must(await api.GET('/api/v1/cooperatives/{id}/savings', { params: { path: { id } } })).items,
  });
  if (coop.error) return <p className="error">{failure(coop.error, lang)}</p>;
  if (!coop.data) return <p className="loading">{t('app.loading')}</p>;
  const names = new Map((members.data ?? []).map((m) => [m.member_id, m.name]));
  return (
    <>
      <CoopHeader id={id} name={coop.data.name} />
      <h2>{t('posting.title')}</h2>
      <p>{t('posting.help')}</p>
      {can('ledger:post') && (
        <div className="columns">
          <SavingsForm coopId={id} members={members.data ?? []} />
          <RepaymentForm coopId={id} names={names} />
          <DisburseForm coopId={id} members={members.data ?? []} />
          <ExitForm coopId={id} members={members.data ?? []} />
        </div>
      )}
    </>
  );
}

function SavingsForm({
  coopId,
  members,
}: {
  coopId: number;
  members: { member_id: number; name: string; member_no: string | null }[];
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const [product, setProduct] = useState<(typeof PRODUCTS)[number]>('sukarela');
  const { mutation: post, onSubmit } = useIdempotentPost(coopId, async (form, key) => {
    const kind = field(form, 'kind') === 'withdraw' ? ('withdraw' as const) : ('deposit' as const);
    const memberId = Number(field(form, 'member_id'));
    const amount = Number(field(form, 'amount'));
    const period = field(form, 'period');
    const result = must(
      await api.POST('/api/v1/cooperatives/{id}/savings-transactions', {
        params: { path: { id: coopId }, header: { 'idempotency-key': key } },
        body: {
          kind,
          product,
          member_id: memberId,
          amount,
          date: field(form, 'date'),
          ...(product === 'wajib' && period ? { period } : {}),
          ...(field(form, 'memo') ? { memo: field(form, 'memo') } : {}),
        },
      }),
    );
    return { result, kind, memberId, amount };
  });
  const done = post.data;
  return (
    <section aria-labelledby="post-savings-title">
      <h3 id="post-savings-title">{t('posting.savings')}</h3>
      <form className="stack-form" aria-labelledby="post-savings-title" onSubmit={onSubmit}>
        <label>
          {t('posting.kind')}
          <select name="kind" defaultValue="deposit">
            <option value="deposit">{t('posting.kinds.deposit')}</option>
            <option value="withdraw">{t('posting.kinds.withdraw')}</option>
          </select>
        </label>
        <label>
          {t('posting.product')}
          <select
            name="product"
            value={product}
            onChange={(e) => setProduct(PRODUCTS.find((p) => p === e.target.value) ?? 'sukarela')}
          >
            {PRODUCTS.map((p) => (
              <option key={p} value={p}>
                {t(`coops.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('posting.member')}
          <select name="member_id" required defaultValue="">
            <option value="" disabled>
              {t('posting.chooseMember')}
            </option>
            {members.map((m) => (
              <option key={m.member_id} value={m.member_id}>
                {m.member_no ? `${m.member_no} · ` : ''}
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('posting.amount')}
          <input name="amount" required inputMode="numeric" pattern="^[1-9][0-9]{0,14}$" />
        </label>
        {product === 'wajib' && (
          <label>
            {t('posting.period')}
            <input
              name="period"
              required
              pattern="^\d{4}-(0[1-9]|1[0-2])$"
              defaultValue={today().slice(0, 7)}
            />
          </label>
        )}
        <label>
          {t('posting.date')}
          <input name="date" type="date" required defaultValue={today()} />
        </label>
        <label>
          {t('posting.memo')}
          <input name="memo" maxLength={500} />
        </label>
        {post.error && (
          <p className="error" role="alert">
            {failure(post.error, lang)}
          </p>
        )}
        <button type="submit" disabled={post.isPending}>
          {t('posting.submitSavings')}
        </button>
        <p role="status" data-testid="savings-posted">
          {done &&
            (done.result.replayed
              ? t('posting.replayed', { entry: done.result.entry_id })
              : t('posting.posted', {
                  entry: done.result.entry_id,
                  kind: t(`posting.kinds.${done.kind}`).toLowerCase(),
                  product: t(`coops.${product}`).toLowerCase(),
                  amount: formatRupiah(done.amount),
                  member: members.find((m) => m.member_id === done.memberId)?.name ?? `#${done.memberId}`,
                }))}
        </p>
      </form>
    </section>
  );
}

function RepaymentForm({ coopId, names }: { coopId: number; names: Map<number, string> }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const portfolio = useQuery({
    queryKey: ['cooperative', coopId, 'loans'],
    queryFn: async () =>
      must(await api.GET('/api/v1/cooperatives/{id}/loans', { params: { path: { id: coopId } } })),
  });
  const open = (portfolio.data?.loans ?? []).filter((l) => !l.written_off && l.principal_outstanding > 0);
  const { mutation: repay, onSubmit } = useIdempotentPost(coopId, async (form, key) => {
    const amount = Number(field(form, 'amount'));
    const result = must(
      await api.POST('/api/v1/cooperatives/{id}/loan-repayments', {
        params: { path: { id: coopId }, header: { 'idempotency-key': key } },
        body: {
          loan_id: Number(field(form, 'loan_id')),
          amount,
          date: field(form, 'date'),
          ...(field(form, 'memo') ? { memo: field(form, 'memo') } : {}),
        },
      }),
    );
    return { result, amount };
  });
  const done = repay.data;
  return (
    <section aria-labelledby="post-repayment-title">
      <h3 id="post-repayment-title">{t('posting.repayment')}</h3>
      {portfolio.error && (
        <p className="error" role="alert">
          {failure(portfolio.error, lang)}
        </p>
      )}
      {portfolio.data && open.length === 0 && <p>{t('posting.noLoans')}</p>}
      {open.length > 0 && (
        <form className="stack-form" aria-labelledby="post-repayment-title" onSubmit={onSubmit}>
          <label>
            {t('posting.loan')}
            <select name="loan_id" required defaultValue="">
              <option value="" disabled>
                {t('posting.chooseLoan')}
              </option>
              {open.map((l) => (
                <option key={l.loan_id} value={l.loan_id}>
                  {t('posting.loanOption', {
                    loan: l.loan_id,
                    member: names.get(l.member_id) ?? `#${l.member_id}`,
                    outstanding: formatRupiah(l.principal_outstanding),
                  })}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('posting.amount')}
            <input name="amount" required inputMode="numeric" pattern="^[1-9][0-9]{0,14}$" />
          </label>
          <label>
            {t('posting.date')}
            <input name="date" type="date" required defaultValue={today()} />
          </label>
          <label>
            {t('posting.memo')}
            <input name="memo" maxLength={500} />
          </label>
          {repay.error && (
            <p className="error" role="alert">
              {failure(repay.error, lang)}
            </p>
          )}
          <button type="submit" disabled={repay.isPending}>
            {t('posting.submitRepayment')}
          </button>
        </form>
      )}
      <p role="status" data-testid="repayment-posted">
        {done &&
          (done.result.replayed
            ? t('posting.replayed', { entry: done.result.entry_id })
            : t('posting.repaid', {
                amount: formatRupiah(done.amount),
                entry: done.result.entry_id,
                penalty: formatRupiah(done.result.allocation.penalty),
                interest: formatRupiah(done.result.allocation.interest),
                principal: formatRupiah(done.result.allocation.principal),
              }))}
      </p>
    </section>
  );
}
