import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, must } from '../api/client.js';
import { DecileChart } from '../components/DecileChart.js';
import { ProvinceMap } from '../components/ProvinceMap.js';
import { formatNumber, formatPercent, type Lang } from '../format.js';
import { formatPeriod } from '../periods.js';
import { useSession } from '../session.js';
import { EnrolmentFunnel } from './overview/EnrolmentFunnel.js';
import { SnapshotTrend } from './overview/SnapshotTrend.js';

type Indicators = { households: number; by_decile: { decile: number | null; households: number }[] };

/** Sums the decile counts of several regions (the top of a scope can be many provinces). */
function combine(parts: Indicators[]): Indicators {
  const byDecile = new Map<number | null, number>();
  for (const p of parts)
    for (const d of p.by_decile) byDecile.set(d.decile, (byDecile.get(d.decile) ?? 0) + d.households);
  return {
    households: parts.reduce((s, p) => s + p.households, 0),
    by_decile: [...byDecile]
      .map(([decile, households]) => ({ decile, households }))
      .sort((a, b) => (a.decile ?? 99) - (b.decile ?? 99)),
  };
}

export default function OverviewPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { me } = useSession();
  const navigate = useNavigate();
  // The top of the scope with each region's households by decile: one request (not one per province).
  const children = useQuery({
    queryKey: ['indicators', 'children', 'top'],
    queryFn: async () => must(await api.GET('/api/v1/indicators/households/children')).items,
  });
  const top = { data: children.data?.map((c) => c.region) };
  const indicators = (children.data ?? []).map((c) => ({ data: c }));
  const programs = useQuery({
    queryKey: ['programs'],
    queryFn: async () => must(await api.GET('/api/v1/programs')).items,
  });
  const loaded = children.data !== undefined && children.data.length > 0;
  // The targeting report is the heaviest query: it waits until the figures above are on screen.
  const targeting = useQuery({
    queryKey: ['targeting'],
    enabled: loaded,
    queryFn: async () => must(await api.GET('/api/v1/reports/targeting')),
  });

  const totals = loaded ? combine(indicators.map((q) => q.data)) : null;
  const poorest = totals?.by_decile
    .filter((d) => d.decile !== null && d.decile <= 4)
    .reduce((s, d) => s + d.households, 0);
  const provinces = (top.data ?? []).filter((r) => r.level === 1);
  const scope =
    me?.scope.kind === 'national' ? t('overview.national') : (top.data ?? []).map((r) => r.name).join(', ');

  return (
    <>
      <h1>{t('overview.title')}</h1>
      <p>{t('overview.scope', { scope })}</p>
      <dl className="kpis" aria-busy={!totals}>
        <div>
          <dt>{t('overview.households')}</dt>
          <dd>{totals ? formatNumber(totals.households, lang) : '…'}</dd>
        </div>
        <div>
          <dt>{t('overview.decile1to4')}</dt>
          <dd>{poorest !== undefined ? formatNumber(poorest, lang) : '…'}</dd>
        </div>
        <div>
          <dt>{t('overview.programs')}</dt>
          <dd>{programs.data ? formatNumber(programs.data.filter((p) => p.active).length, lang) : '…'}</dd>
        </div>
      </dl>
      <div className="columns">
        {provinces.length > 1 && loaded && (
          <section aria-labelledby="map-title">
            <h2 id="map-title">{t('overview.map')}</h2>
            <p>{t('overview.mapHelp')}</p>
            <ProvinceMap
              label={t('overview.map')}
              values={provinces.map((r, i) => ({
                code: r.code,
                name: r.name,
                value: indicators[i]?.data?.households ?? null,
              }))}
              onSelect={(code) => void navigate(`/regions/${code}`)}
            />
            <ul className="province-list">
              {provinces
                .map((r, i) => ({ ...r, households: indicators[i]?.data?.households ?? 0 }))
                .filter((r) => r.households > 0)
                .map((r) => (
                  <li key={r.code}>
                    <Link to={`/regions/${r.code}`}>{r.name}</Link>: {formatNumber(r.households, lang)}
                  </li>
                ))}
            </ul>
          </section>
        )}
        {totals && <DecileChart byDecile={totals.by_decile} title={t('overview.byDecile')} />}
      </div>
      {targeting.data && (
        <section aria-labelledby="targeting-title">
          <h2 id="targeting-title">{t('overview.targeting')}</h2>
          <div className="table-scroll" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('household.program')}</th>
                  <th scope="col">{t('household.period')}</th>
                  <th scope="col">{t('overview.recipients')}</th>
                  <th scope="col">{t('overview.inclusionError')}</th>
                  <th scope="col">{t('overview.exclusionError')}</th>
                </tr>
              </thead>
              <tbody>
                {targeting.data.programs.map((p) => (
                  <tr key={p.program}>
                    <td>{p.program}</td>
                    <td>{formatPeriod(p.period, lang)}</td>
                    <td className="num">{formatNumber(p.recipients, lang)}</td>
                    <td className="num">
                      {p.inclusion_error === null ? '–' : formatPercent(p.inclusion_error, lang)}
                    </td>
                    <td className="num">
                      {p.exclusion_error === null ? '–' : formatPercent(p.exclusion_error, lang)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      <EnrolmentFunnel enabled={loaded} />
      <SnapshotTrend enabled={loaded} />
    </>
  );
}
