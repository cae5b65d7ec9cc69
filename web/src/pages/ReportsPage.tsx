import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, must } from '../api/client.js';
import { downloadCsv, toCsv } from '../csv.js';
import { formatNumber, formatPercent, type Lang } from '../format.js';
import { formatPeriod } from '../periods.js';
import { useSession } from '../session.js';
import type { RankingSelection } from './PilotManage.js';

/** Village ranking (where a new cooperative helps most) and the targeting report, each exportable as CSV. */
export default function ReportsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const [top, setTop] = useState(50);
  const { can } = useSession();
  const navigate = useNavigate();
  const ranking = useQuery({
    queryKey: ['ranking', top],
    queryFn: async () =>
      must(await api.GET('/api/v1/villages/ranking', { params: { query: { top } } })).items,
  });
  const targeting = useQuery({
    queryKey: ['targeting'],
    queryFn: async () => must(await api.GET('/api/v1/reports/targeting')),
  });
  return (
    <>
      <h1>{t('reports.title')}</h1>
      <section aria-labelledby="ranking-title">
        <h2 id="ranking-title">{t('reports.ranking')}</h2>
        <p>{t('reports.rankingHelp')}</p>
        <div className="filters">
          <label>
            {t('reports.top')}
            <select value={top} onChange={(e) => setTop(Number(e.target.value))}>
              {[20, 50, 100, 500].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            disabled={!ranking.data}
            onClick={() =>
              downloadCsv(
                'peringkat-desa.csv',
                toCsv(
                  [
                    'rank',
                    'village_code',
                    'name',
                    'score',
                    'households',
                    'decile1',
                    'recipients_not_members',
                  ],
                  (ranking.data ?? []).map((r) => [
                    r.rank,
                    r.village_code,
                    r.name,
                    r.score,
                    r.households,
                    r.decile1,
                    r.recipients_not_members,
                  ]),
                ),
              )
            }
          >
            {t('reports.export', { what: t('reports.ranking') })}
          </button>
          {can('pilots:manage') && (
            <button
              type="button"
              disabled={!ranking.data || ranking.data.length < 2}
              onClick={() =>
                void navigate('/pilots/new', {
                  state: {
                    villages: (ranking.data ?? []).map((r) => r.village_code),
                  } satisfies RankingSelection,
                })
              }
            >
              {t('reports.pilotFromRanking', { n: ranking.data?.length ?? top })}
            </button>
          )}
        </div>
        <div className="table-scroll" tabIndex={0}>
          <table data-testid="ranking">
            <thead>
              <tr>
                <th scope="col">{t('reports.rank')}</th>
                <th scope="col">{t('households.village')}</th>
                <th scope="col">{t('reports.score')}</th>
                <th scope="col">{t('regions.households')}</th>
                <th scope="col">{t('reports.decile1')}</th>
                <th scope="col">{t('reports.notMembers')}</th>
                <th scope="col">{t('reports.cooperative')}</th>
              </tr>
            </thead>
            <tbody>
              {(ranking.data ?? []).map((r) => (
                <tr key={r.village_code}>
                  <td className="num">{r.rank}</td>
                  <td>
                    {r.name} <span className="code">{r.village_code}</span>
                  </td>
                  <td className="num">{formatNumber(r.score, lang, 1)}</td>
                  <td className="num">{formatNumber(r.households, lang)}</td>
                  <td className="num">{formatNumber(r.decile1, lang)}</td>
                  <td className="num">{formatNumber(r.recipients_not_members, lang)}</td>
                  <td>{r.cooperative}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="targeting-report-title">
        <h2 id="targeting-report-title">{t('overview.targeting')}</h2>
        <button
          type="button"
          disabled={!targeting.data}
          onClick={() =>
            downloadCsv(
              'laporan-sasaran.csv',
              toCsv(
                ['program', 'period', 'recipients', 'inclusion_error', 'exclusion_error'],
                (targeting.data?.programs ?? []).map((p) => [
                  p.program,
                  p.period,
                  p.recipients,
                  p.inclusion_error,
                  p.exclusion_error,
                ]),
              ),
            )
          }
        >
          {t('reports.export', { what: t('overview.targeting') })}
        </button>
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
              {(targeting.data?.programs ?? []).map((p) => (
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
    </>
  );
}
