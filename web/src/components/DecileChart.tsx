import { useTranslation } from 'react-i18next';
import { formatNumber, type Lang } from '../format.js';
import { Chart } from './Chart.js';

/** Households per decile as bars, with the same figures in a table for screen readers and print. */
export function DecileChart({
  byDecile,
  title,
}: {
  byDecile: { decile: number | null; households: number }[];
  title: string;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const rows = byDecile.filter((d) => d.decile !== null) as { decile: number; households: number }[];
  const option = {
    grid: { left: 56, right: 12, top: 12, bottom: 28 },
    tooltip: { trigger: 'axis' as const },
    xAxis: { type: 'category' as const, data: rows.map((d) => String(d.decile)) },
    yAxis: { type: 'value' as const },
    series: [{ type: 'bar' as const, data: rows.map((d) => d.households), itemStyle: { color: '#3182bd' } }],
  };
  return (
    <section aria-labelledby="by-decile">
      <h2 id="by-decile">{title}</h2>
      <Chart option={option} label={title} height={240} />
      <details>
        <summary>{t('regions.households')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('households.decile')}</th>
              <th scope="col">{t('regions.households')}</th>
            </tr>
          </thead>
          <tbody>
            {byDecile.map((d) => (
              <tr key={d.decile ?? 'none'}>
                <td>{d.decile ?? t('regions.noDecile')}</td>
                <td className="num">{formatNumber(d.households, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
