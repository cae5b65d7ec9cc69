import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client.js';
import { formatDate, formatNumber, formatPercent, type Lang } from '../../format.js';

const DECILES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

/**
 * Decile shares in each stored DTSEN snapshot of the user's scope, oldest first (GET
 * /indicators/households/snapshots): how the distribution moved between quarterly updates. Loaded after the
 * overview's first figures (`enabled`), so it does not slow the first load.
 */
export function SnapshotTrend({ enabled }: { enabled: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const trend = useQuery({
    queryKey: ['indicators', 'snapshots'],
    enabled,
    queryFn: async () => must(await api.GET('/api/v1/indicators/households/snapshots')).snapshots,
  });
  const snapshots = trend.data ?? [];
  if (snapshots.length === 0) return null;
  return (
    <section aria-labelledby="trend-title">
      <h2 id="trend-title">{t('overview.trend')}</h2>
      <p>{t('overview.trendHelp')}</p>
      <div className="table-scroll" tabIndex={0}>
        <table aria-labelledby="trend-title" data-testid="snapshot-trend">
          <thead>
            <tr>
              <th scope="col">{t('overview.snapshot')}</th>
              <th scope="col" className="num">
                {t('overview.trendHouseholds')}
              </th>
              {DECILES.map((d) => (
                <th scope="col" className="num" key={d}>
                  {t('overview.decileShort', { d })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {snapshots.map((s) => (
              <tr key={s.snapshot_date}>
                <th scope="row">{formatDate(s.snapshot_date, lang)}</th>
                <td className="num">{formatNumber(s.households, lang)}</td>
                {DECILES.map((d) => {
                  const n = s.by_decile.find((x) => x.decile === d)?.households ?? 0;
                  return (
                    <td className="num" key={d}>
                      {s.households === 0 ? '–' : formatPercent(n / s.households, lang)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
