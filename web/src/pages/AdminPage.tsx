import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, errorText, must } from '../api/client.js';
import { formatDate, formatNumber, type Lang } from '../format.js';
import { useSession } from '../session.js';
import { ApiTokens } from './admin/ApiTokens.js';
import { Users } from './admin/Users.js';

const bodyOf = (e: unknown) => (e as { body?: unknown }).body;

/**
 * Administration: users with role and scope, the audit log with its chain check, machine tokens, data-subject
 * requests.
 */
export default function AdminPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  return (
    <>
      <h1>{t('admin.title')}</h1>
      {can('users:read') && <Users />}
      {can('audit:read') && <Audit />}
      {can('users:read') && <ApiTokens />}
      {can('dsr:read') && <Requests />}
    </>
  );
}

function Audit() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const verify = useQuery({
    queryKey: ['audit', 'verify'],
    queryFn: async () => must(await api.GET('/api/v1/audit/verify')),
  });
  const log = useQuery({
    queryKey: ['audit', 'log'],
    queryFn: async () => must(await api.GET('/api/v1/audit', { params: { query: { limit: 50 } } })),
  });
  const v = verify.data;
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">{t('admin.audit')}</h2>
      <p data-testid="chain" className={v && !v.ok ? 'error' : 'notice'} aria-live="polite">
        {verify.error
          ? errorText(bodyOf(verify.error), lang)
          : v
            ? v.ok
              ? t('admin.chainOk', {
                  entries: formatNumber(v.entries, lang),
                  checkpoints: formatNumber(v.checkpoints, lang),
                  unsigned: formatNumber(v.unsigned_entries, lang),
                })
              : t('admin.chainBroken', {
                  id: v.first_broken?.id ?? '?',
                  reason: v.first_broken?.reason ?? '',
                })
            : t('admin.verifying')}
      </p>
      <div className="table-scroll" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">ID</th>
              <th scope="col">{t('admin.when')}</th>
              <th scope="col">{t('admin.actor')}</th>
              <th scope="col">{t('admin.action')}</th>
              <th scope="col">{t('admin.subject')}</th>
              <th scope="col">{t('admin.purpose')}</th>
            </tr>
          </thead>
          <tbody>
            {(log.data?.items ?? []).map((e) => (
              <tr key={e.id}>
                <td className="num">{e.id}</td>
                <td>
                  {formatDate(e.at, lang)} {e.at.slice(11, 16)}
                </td>
                <td>{e.actor}</td>
                <td className="mono">{e.action}</td>
                <td>{e.subject_type ? `${e.subject_type} ${e.subject_id ?? ''}` : '–'}</td>
                <td>{e.purpose ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Requests() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const requests = useQuery({
    queryKey: ['dsr'],
    queryFn: async () => must(await api.GET('/api/v1/data-subject-requests')),
  });
  return (
    <section aria-labelledby="dsr-title">
      <h2 id="dsr-title">{t('admin.requests')}</h2>
      {requests.data && requests.data.items.length === 0 && <p>{t('admin.noRequests')}</p>}
      {requests.data && requests.data.items.length > 0 && (
        <div className="table-scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">ID</th>
                <th scope="col">{t('admin.kind')}</th>
                <th scope="col">{t('regions.code')}</th>
                <th scope="col">{t('admin.status')}</th>
                <th scope="col">{t('admin.received')}</th>
                <th scope="col">{t('admin.due')}</th>
              </tr>
            </thead>
            <tbody>
              {requests.data.items.map((r) => (
                <tr key={r.id} className={r.overdue ? 'overdue' : undefined}>
                  <td className="num">{r.id}</td>
                  <td>{r.kind}</td>
                  <td>{r.region_code}</td>
                  <td>{r.status}</td>
                  <td>{formatDate(r.received_at, lang)}</td>
                  <td>
                    {formatDate(r.due_at, lang)}{' '}
                    {r.overdue ? (
                      <strong>{t('admin.overdue')}</strong>
                    ) : r.hours_left !== null ? (
                      t('admin.hoursLeft', { hours: formatNumber(r.hours_left, lang) })
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
