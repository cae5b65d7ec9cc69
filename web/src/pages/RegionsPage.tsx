import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, must } from '../api/client.js';
import { Chart } from '../components/Chart.js';
import { DecileChart } from '../components/DecileChart.js';
import { formatNumber, type Lang } from '../format.js';

/** "53.01.05" → ["53", "53.01"]: the ancestors a Kemendagri code names. */
export function ancestorCodes(code: string): string[] {
  const parts = code.split('.');
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('.'));
}

/** Drill-down below the map: a region, its households by decile, and its children by households. */
export default function RegionsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { code } = useParams();
  const navigate = useNavigate();
  const region = useQuery({
    queryKey: ['region', code],
    enabled: code !== undefined,
    queryFn: async () => must(await api.GET('/api/v1/regions/{code}', { params: { path: { code: code! } } })),
  });
  const ancestors = useQueries({
    queries: (code ? ancestorCodes(code) : []).map((c) => ({
      queryKey: ['region', c],
      queryFn: async () => must(await api.GET('/api/v1/regions/{code}', { params: { path: { code: c } } })),
    })),
  });
  const own = useQuery({
    queryKey: ['indicators', code],
    enabled: code !== undefined,
    queryFn: async () =>
      must(await api.GET('/api/v1/indicators/households', { params: { query: { region: code! } } })),
  });
  // Every child with its households in one request (a regency can have dozens of districts).
  const children = useQuery({
    queryKey: ['indicators', 'children', code ?? 'top'],
    queryFn: async () =>
      must(
        await api.GET('/api/v1/indicators/households/children', {
          params: { query: code ? { parent: code } : {} },
        }),
      ).items,
  });
  const rows = (children.data ?? []).map((c) => ({
    ...c.region,
    households: c.households,
  }));
  const withData = rows.filter((r) => (r.households ?? 0) > 0).sort((a, b) => b.households - a.households);
  const title = region.data?.name ?? t('regions.top');
  const chartLabel = `${t('regions.chart')}: ${title}`;

  return (
    <>
      <nav aria-label={t('regions.breadcrumb')} className="breadcrumb">
        <ol>
          <li>
            <Link to="/regions">{t('regions.top')}</Link>
          </li>
          {ancestors.map((a) =>
            a.data ? (
              <li key={a.data.code}>
                <Link to={`/regions/${a.data.code}`}>{a.data.name}</Link>
              </li>
            ) : null,
          )}
          {region.data && <li aria-current="page">{region.data.name}</li>}
        </ol>
      </nav>
      <h1>
        {title} {code && <span className="code">{code}</span>}
      </h1>
      {own.data && (
        <p>
          {t('regions.households')}: <strong>{formatNumber(own.data.households, lang)}</strong>{' '}
          {own.data.households > 0 && (
            <Link to={`/households?region=${code}`}>{t('regions.showHouseholds', { name: title })}</Link>
          )}
        </p>
      )}
      <div className="columns">
        {own.data && own.data.households > 0 && (
          <DecileChart byDecile={own.data.by_decile} title={t('overview.byDecile')} />
        )}
        {withData.length > 0 && (
          <section aria-labelledby="children-chart">
            <h2 id="children-chart">{t('regions.chart')}</h2>
            <Chart
              label={chartLabel}
              height={Math.max(200, withData.length * 22 + 40)}
              onClick={(name) => {
                const r = withData.find((x) => x.name === name);
                if (r) void navigate(`/regions/${r.code}`);
              }}
              option={{
                grid: { left: 150, right: 16, top: 8, bottom: 24 },
                tooltip: { trigger: 'axis' },
                xAxis: { type: 'value' },
                yAxis: { type: 'category', inverse: true, data: withData.map((r) => r.name) },
                series: [
                  { type: 'bar', data: withData.map((r) => r.households), itemStyle: { color: '#3182bd' } },
                ],
              }}
            />
          </section>
        )}
      </div>
      <section aria-labelledby="children-title">
        <h2 id="children-title">{region.data ? t('regions.children', { name: title }) : t('regions.top')}</h2>
        {children.data && children.data.length === 0 ? (
          <p>{t('regions.none')}</p>
        ) : (
          <div className="table-scroll" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('regions.code')}</th>
                  <th scope="col">{t('regions.name')}</th>
                  <th scope="col">{t('regions.households')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.code}>
                    <td>{r.code}</td>
                    <td>
                      <Link to={`/regions/${r.code}`}>{r.name}</Link>
                    </td>
                    <td className="num">
                      {r.households === undefined ? '…' : formatNumber(r.households, lang)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
