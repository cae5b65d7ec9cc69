import { useTranslation } from 'react-i18next';
import { api, errorText, must } from '../../api/client.js';
import { field } from '../../forms.js';
import { formatRupiah, type Lang } from '../../format.js';
import { useIdempotentPost } from './useIdempotentPost.js';

const failure = (e: unknown, lang: string) => errorText((e as { body?: unknown }).body ?? e, lang);
const today = () => new Date().toISOString().slice(0, 10);

type Member = { member_id: number; name: string; member_no: string | null };

/**
 * A member leaves (ledger:post): the server refunds pokok, wajib and sukarela in one entry (refused while a loan
 * is outstanding, with its message) and keeps the history; the refund is shown per product.
 */
export function ExitForm({ coopId, members }: { coopId: number; members: Member[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { mutation, onSubmit } = useIdempotentPost(coopId, async (form, key) => {
    const memberId = Number(field(form, 'member_id'));
    const result = must(
      await api.POST('/api/v1/cooperative-members/{id}/exit', {
        params: { path: { id: memberId }, header: { 'idempotency-key': key } },
        body: { date: field(form, 'date'), ...(field(form, 'memo') ? { memo: field(form, 'memo') } : {}) },
      }),
    );
    return { result, name: members.find((m) => m.member_id === memberId)?.name ?? `#${memberId}` };
  });
  const done = mutation.data;
  return (
    <section aria-labelledby="exit-title">
      <h3 id="exit-title">{t('posting.exit')}</h3>
      <p>{t('posting.exitHelp')}</p>
      <form className="stack-form" aria-labelledby="exit-title" onSubmit={onSubmit}>
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
          {t('posting.exitDate')}
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
          {t('posting.submitExit')}
        </button>
        <p role="status" data-testid="member-exited">
          {done &&
            t(done.result.replayed ? 'posting.exitReplayed' : 'posting.exited', {
              member: done.name,
              total: formatRupiah(done.result.refund.total),
              pokok: formatRupiah(done.result.refund.pokok),
              wajib: formatRupiah(done.result.refund.wajib),
              sukarela: formatRupiah(done.result.refund.sukarela),
            })}
        </p>
      </form>
    </section>
  );
}
