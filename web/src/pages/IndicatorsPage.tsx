import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, errorText, must } from '../api/client.js';
import { Chart } from '../components/Chart.js';
import { formatDate, formatNumber, formatRupiah, type Lang } from '../format.js';
import { comparePeriods, formatPeriod } from '../periods.js';
import { useSession } from '../session.js';

const failure = (e: unknown, lang: string) => errorText((e as { body?: unknown }).body ?? e, lang);

type Value = {
  disaggregation: string;
  category: string;
  numerator: number;
  denominator: number | null;
  value: number | null;
};

/** An indicator's value in its unit: "12,5%", "Rp 150.000" or a count. */
export function formatValue(v: number | null, unit: string, lang: Lang): string {
  if (v === null) return '–';
  if (unit === 'percent') return `${formatNumber(v, lang, 1)}%`;
  if (unit === 'rupiah') return formatRupiah(v);
  return formatNumber(v, lang, Number.isInteger(v) ? 0 : 1);
}

/** The region's parents, from the code itself: 53.01.02 → 53, 53.01. */
function ancestors(code: string): string[] {
  const parts = code.split('.');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('.'));
}

const total = (values: Value[], category = '') =>
  values.find((v) => v.category === category && (category === '' ? v.disaggregation === '' : true));

/**
 * M&E: one indicator at a region of the scope, its periods as a trend, and its child regions for a period with
 * drill-down (GET /indicators/:indicator/children), optionally split by a disaggregation.
 */
export default function IndicatorsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const [params, setParams] = useSearchParams();
  const list = useQuery({
    queryKey: ['indicators', 'list'],
    queryFn: async () => must(await api.GET('/api/v1/indicators')).items,
  });
  const chosen =
    params.get('indicator') ?? list.data?.find((i) => i.version !== null)?.id ?? list.data?.[0]?.id;
  const region = params.get('region') ?? '';
  const period = params.get('period') ?? '';
  const by = params.get('by') ?? '';
  const definition = list.data?.find((i) => i.id === chosen);
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    if (chosen && !next.get('indicator')) next.set('indicator', chosen);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    setParams(next);
  };
  const children = useQuery({
    queryKey: ['indicators', 'children', chosen, region, period, by],
    enabled: chosen !== undefined,
    placeholderData: keepPreviousData,
    queryFn: async () =>
      must(
        await api.GET('/api/v1/indicators/{indicator}/children', {
          params: {
            path: { indicator: chosen! },
            query: { ...(region ? { region } : {}), ...(period ? { period } : {}), ...(by ? { by } : {}) },
          },
        }),
      ),
  });
  const trend = useQuery({
    queryKey: ['indicators', 'values', chosen, region],
    enabled: chosen !== undefined,
    queryFn: async () =>
      must(
        await api.GET('/api/v1/indicators/values', {
          params: { query: { indicator: chosen!, ...(region ? { region } : {}) } },
        }),
      ),
  });
  const unit = definition?.unit ?? 'count';
  const name = (d: { name: { id: string; en: string } }) => (lang === 'id' ? d.name.id : d.name.en);
  const c = children.data;
  const periods = [
    ...new Set((trend.data?.values ?? []).filter((v) => v.disaggregation === '').map((v) => v.period)),
  ].sort(comparePeriods);
  const trendRows = periods.map((p) => ({
    period: p,
    value: trend.data?.values.find((v) => v.period === p && v.disaggregation === '')?.value ?? null,
  }));
  const categories = by
    ? [
        ...new Set(
          (c?.values ?? [])
            .concat(c?.children.flatMap((x) => x.values) ?? [])
            .filter((v) => v.disaggregation === by)
            .map((v) => v.category),
        ),
        // Categories such as deciles are numbers: 1, 2, …, 10 (not 1, 10, 2).
      ].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
    : [];
  const cell = (values: Value[], category?: string) =>
    formatValue(
      (category === undefined
        ? total(values)
        : values.find((v) => v.disaggregation === by && v.category === category)
      )?.value ?? null,
      unit,
      lang,
    );
  // The table as the server exports it (same read, same scope): CSV or XLSX, with the choices on screen.
  const tableDownload = (format: 'csv' | 'xlsx') =>
    `/api/v1/indicators/${chosen ?? ''}/children/export?${new URLSearchParams({
      format,
      ...(region ? { region } : {}),
      ...(period ? { period } : {}),
      ...(by ? { by } : {}),
    }).toString()}`;
  const chartRows = (c?.children ?? [])
    .map((x) => ({ code: x.region_code, name: x.region_name, value: total(x.values)?.value ?? null }))
    .filter((x) => x.value !== null);
  return (
    <>
      <h1>{t('me.title')}</h1>
      <form className="filters" aria-label={t('me.filters')} onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('me.indicator')}
          <select
            name="indicator"
            value={chosen ?? ''}
            onChange={(e) => setParams({ indicator: e.target.value, ...(region ? { region } : {}) })}
          >
            {(list.data ?? []).map((i) => (
              <option key={i.id} value={i.id}>
                {name(i)}
                {i.version === null ? ` (${t('me.notRefreshed')})` : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('me.period')}
          <select value={period} onChange={(e) => set({ period: e.target.value })}>
            <option value="">{t('me.latest')}</option>
            {periods.map((p) => (
              <option key={p} value={p}>
                {formatPeriod(p, lang)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('me.by')}
          <select value={by} onChange={(e) => set({ by: e.target.value })}>
            <option value="">{t('me.none')}</option>
            {(definition?.disaggregations ?? []).map((d) => (
              <option key={d} value={d}>
                {t(`me.dims.${d}`, { defaultValue: d })}
              </option>
            ))}
          </select>
        </label>
      </form>
      {definition && <p>{lang === 'id' ? definition.description.id : definition.description.en}</p>}
      {(children.error ?? list.error) && (
        <p className="error" role="alert">
          {failure(children.error ?? list.error, lang)}
        </p>
      )}
      {c && (
        <>
          <nav aria-label={t('regions.breadcrumb')} className="breadcrumb">
            <ol>
              <li>
                <Link to={`/indicators?indicator=${chosen}`}>{t('regions.top')}</Link>
              </li>
              {region &&
                ancestors(region).map((a) => (
                  <li key={a}>
                    <Link to={`/indicators?indicator=${chosen}&region=${a}`}>{a}</Link>
                  </li>
                ))}
              {region && <li aria-current="page">{c.region_name}</li>}
            </ol>
          </nav>
          <h2>
            {c.region_name}
            {c.period ? ` · ${formatPeriod(c.period, lang)}` : ''}
          </h2>
          {c.version === null && <p>{t('me.noValues')}</p>}
          <dl className="kpis" data-testid="indicator-value">
            <div>
              <dt>{definition ? name(definition) : chosen}</dt>
              <dd>{cell(c.values)}</dd>
            </div>
            {total(c.values)?.denominator !== null && total(c.values) && (
              <div>
                <dt>{t('me.ratio')}</dt>
                <dd>
                  {formatNumber(total(c.values)!.numerator, lang)} /{' '}
                  {formatNumber(total(c.values)!.denominator ?? 0, lang)}
                </dd>
              </div>
            )}
          </dl>
          {c.refreshed_at && <p>{t('me.refreshed', { date: formatDate(c.refreshed_at, lang) })}</p>}
          <div className="columns">
            {chartRows.length > 0 && (
              <section aria-labelledby="me-chart-title">
                <h3 id="me-chart-title">{t('me.byRegion')}</h3>
                <Chart
                  label={t('me.byRegion')}
                  height={Math.max(200, chartRows.length * 22 + 40)}
                  onClick={(n) => {
                    const r = chartRows.find((x) => x.name === n);
                    if (r && r.code.length < 13) set({ region: r.code });
                  }}
                  option={{
                    grid: { left: 150, right: 16, top: 8, bottom: 24 },
                    tooltip: { trigger: 'axis' },
                    xAxis: { type: 'value' },
                    yAxis: { type: 'category', inverse: true, data: chartRows.map((r) => r.name) },
                    series: [
                      { type: 'bar', data: chartRows.map((r) => r.value), itemStyle: { color: '#1d5fa8' } },
                    ],
                  }}
                />
              </section>
            )}
            {trendRows.length > 0 && (
              <section aria-labelledby="me-trend-title">
                <h3 id="me-trend-title">{t('me.trend')}</h3>
                <div className="table-scroll" tabIndex={0}>
                  <table aria-labelledby="me-trend-title" data-testid="trend">
                    <thead>
                      <tr>
                        <th scope="col">{t('me.period')}</th>
                        <th scope="col" className="num">
                          {t('me.value')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {trendRows.map((r) => (
                        <tr key={r.period} aria-current={r.period === c.period ? 'true' : undefined}>
                          <th scope="row">
                            <button type="button" className="link" onClick={() => set({ period: r.period })}>
                              {formatPeriod(r.period, lang)}
                            </button>
                          </th>
                          <td className="num">{formatValue(r.value, unit, lang)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </section>
            )}
          </div>
          <section aria-labelledby="me-children-title">
            <h3 id="me-children-title">{t('me.children')}</h3>
            <p className="downloads">
              {t('me.download')}{' '}
              <a href={tableDownload('csv')} download>
                {t('me.csv')}
              </a>{' '}
              <a href={tableDownload('xlsx')} download>
                {t('me.xlsx')}
              </a>
            </p>
            <div className="table-scroll" tabIndex={0}>
              <table aria-labelledby="me-children-title" data-testid="children">
                <thead>
                  <tr>
                    <th scope="col">{t('regions.name')}</th>
                    <th scope="col" className="num">
                      {t('me.value')}
                    </th>
                    {categories.map((cat) => (
                      <th scope="col" className="num" key={cat}>
                        {cat}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {c.children.map((x) => (
                    <tr key={x.region_code}>
                      <th scope="row">
                        {x.region_level < 4 ? (
                          <Link
                            to={`/indicators?${new URLSearchParams({ indicator: chosen ?? '', region: x.region_code, ...(period ? { period } : {}), ...(by ? { by } : {}) }).toString()}`}
                          >
                            {x.region_name}
                          </Link>
                        ) : (
                          x.region_name
                        )}{' '}
                        <span className="code">{x.region_code}</span>
                      </th>
                      <td className="num">{cell(x.values)}</td>
                      {categories.map((cat) => (
                        <td className="num" key={cat}>
                          {cell(x.values, cat)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
      {!c && !children.error && <p className="loading">{t('app.loading')}</p>}
      <PilotEstimates />
    </>
  );
}

/** Links to each pilot's impact estimates (the M&E side of the pilots), for a role that may read pilots. */
function PilotEstimates() {
  const { t } = useTranslation();
  const { can } = useSession();
  const pilots = useQuery({
    queryKey: ['pilots'],
    enabled: can('pilots:read'),
    queryFn: async () => must(await api.GET('/api/v1/pilots')),
  });
  const items = pilots.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="me-pilots-title">
      <h2 id="me-pilots-title">{t('evaluation.pilotsTitle')}</h2>
      <p>{t('evaluation.pilotsHelp')}</p>
      <ul>
        {items.map((p) => (
          <li key={p.id}>
            <Link to={`/pilots/${p.id}/evaluation`}>{t('evaluation.open', { name: p.name })}</Link>{' '}
            <span className="code">{p.region_code}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
