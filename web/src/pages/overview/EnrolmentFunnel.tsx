import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client.js';
import { formatNumber, formatPercent, type Lang } from '../../format.js';
import { useSession } from '../../session.js';

/**
 * The pilots' enrolment funnel in the user's scope (GET /enrolment-funnel): how many people reached each step,
 * with the share of those identified as a bar, and how many now sit in a side exit. Only for roles that read
 * enrolments; loaded after the overview's first figures (`enabled`); hidden while no one is enrolled.
 */
export function EnrolmentFunnel({ enabled }: { enabled: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { can } = useSession();
  const funnel = useQuery({
    queryKey: ['enrolment-funnel'],
    enabled: enabled && can('enrolment:read'),
    queryFn: async () => must(await api.GET('/api/v1/enrolment-funnel')),
  });
  const f = funnel.data;
  if (!f || f.total === 0) return null;
  return (
    <section aria-labelledby="funnel-title">
      <h2 id="funnel-title">{t('overview.funnel')}</h2>
      <p>{t('overview.funnelHelp', { total: formatNumber(f.total, lang) })}</p>
      <div className="table-scroll" tabIndex={0}>
        <table aria-labelledby="funnel-title" data-testid="enrolment-funnel">
          <thead>
            <tr>
              <th scope="col">{t('overview.funnelStep')}</th>
              <th scope="col" className="num">
                {t('overview.funnelReached')}
              </th>
              <th scope="col" className="num">
                {t('overview.funnelShare')}
              </th>
              <th scope="col" className="bar-cell">
                <span className="sr-only">{t('overview.funnelShare')}</span>
              </th>
              <th scope="col" className="num">
                {t('overview.funnelNow')}
              </th>
            </tr>
          </thead>
          <tbody>
            {f.steps.map((s) => (
              <tr key={s.state}>
                <th scope="row">{t(`work.states.${s.state}`)}</th>
                <td className="num">{formatNumber(s.reached, lang)}</td>
                <td className="num">{s.share === null ? '–' : formatPercent(s.share, lang)}</td>
                <td className="bar-cell" aria-hidden="true">
                  <span className="bar score" style={{ width: `${(s.share ?? 0) * 100}%` }} />
                </td>
                <td className="num">{formatNumber(s.now, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{t('overview.funnelExits')}</h3>
      <ul className="funnel-exits">
        {f.exits.map((e) => (
          <li key={e.state}>
            {t(`work.states.${e.state}`)}: <strong>{formatNumber(e.now, lang)}</strong>
          </li>
        ))}
      </ul>
    </section>
  );
}
