import { useTranslation } from 'react-i18next';
import { api, errorText, must } from '../../api/client.js';
import { field } from '../../forms.js';
import { formatRupiah, type Lang } from '../../format.js';
import { useIdempotentPost } from './useIdempotentPost.js';

// The server's schedule methods (LOAN_METHODS in src/cooperatives/finance/loan-schedule.ts); the typed client
// fails the build if these leave its list.
const METHODS = ['annuity', 'equal-principal', 'flat'] as const;
const failure = (e: unknown, lang: string) => errorText((e as { body?: unknown }).body ?? e, lang);
const today = () => new Date().toISOString().slice(0, 10);

type Member = { member_id: number; name: string; member_no: string | null };

/** Disburses a member loan (ledger:post) with its schedule method, rate and term; one Idempotency-Key each. */
export function DisburseForm({ coopId, members }: { coopId: number; members: Member[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { mutation, onSubmit } = useIdempotentPost(coopId, async (form, key) => {
    const principal = Number(field(form, 'principal'));
    const memberId = Number(field(form, 'member_id'));
    const grace = field(form, 'grace_months');
    const result = must(
      await api.POST('/api/v1/cooperatives/{id}/loans', {
        params: { path: { id: coopId }, header: { 'idempotency-key': key } },
        body: {
          member_id: memberId,
          principal,
          annual_rate_percent: field(form, 'rate').trim(),
          months: Number(field(form, 'months')),
          method: METHODS.find((m) => m === field(form, 'method')) ?? 'annuity',
          ...(grace ? { grace_months: Number(grace) } : {}),
          date: field(form, 'date'),
          ...(field(form, 'memo') ? { memo: field(form, 'memo') } : {}),
        },
      }),
    );
    return { result, principal, memberId };
  });
  const done = mutation.data;
  return (
    <section aria-labelledby="disburse-title">
      <h3 id="disburse-title">{t('posting.disburse')}</h3>
      <form className="stack-form" aria-labelledby="disburse-title" onSubmit={onSubmit}>
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
          {t('posting.principal')}
          <input name="principal" required inputMode="numeric" pattern="^[1-9][0-9]{0,14}$" />
        </label>
        <label>
          {t('posting.rate')}
          <input
            name="rate"
            required
            inputMode="decimal"
            pattern="^[0-9]{1,3}([.][0-9]{1,4})?$"
            defaultValue="12"
          />
        </label>
        <label>
          {t('posting.months')}
          <input name="months" required type="number" min={1} max={600} defaultValue={12} />
        </label>
        <label>
          {t('posting.method')}
          <select name="method" defaultValue="annuity">
            {METHODS.map((m) => (
              <option key={m} value={m}>
                {t(`posting.methods.${m}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('posting.grace')}
          <input name="grace_months" type="number" min={0} max={599} />
        </label>
        <label>
          {t('posting.date')}
          <input name="date" type="date" required defaultValue={today()} />
        </label>
        <label>
          {t('posting.memo')}
          <input name="memo" maxLength={500} />
        </label>
        {mutation.error && (
          <p className="error" role="alert">
            {failure(mutation.error, lang)}
          </p>
        )}
        <button type="submit" disabled={mutation.isPending}>
          {t('posting.submitDisburse')}
        </button>
        <p role="status" data-testid="loan-disbursed">
          {done &&
            (done.result.replayed
              ? t('posting.replayed', { entry: done.result.entry_id })
              : t('posting.disbursed', {
                  loan: done.result.loan_id,
                  entry: done.result.entry_id,
                  amount: formatRupiah(done.principal),
                  member: members.find((m) => m.member_id === done.memberId)?.name ?? `#${done.memberId}`,
                }))}
        </p>
      </form>
    </section>
  );
}
