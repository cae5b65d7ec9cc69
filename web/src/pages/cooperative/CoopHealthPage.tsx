import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { api, errorText, must } from '../../api/client.js';
import { field } from '../../forms.js';
import { formatDate, formatNumber, formatRupiah, type Lang } from '../../format.js';
import { useSession } from '../../session.js';
import { CoopHeader, useCooperative } from './CoopHeader.js';
import { Mentoring } from './Mentoring.js';

const failure = (e: unknown, lang: string) => errorText((e as { body?: unknown }).body ?? e, lang);

/** Inputs that are money (whole rupiah) and dates, so each shows in its own format. */
const RUPIAH = new Set(['savings', 'savings_per_member', 'target_per_member', 'par30_amount', 'outstanding']);
const DATES = new Set(['deadline', 'held_on']);

/**
 * A cooperative's health score (GET /cooperatives/:id/health, cooperatives:read) with the seven components and
 * the figures each came from, and its management mentoring: sessions and follow-ups (members:read), recorded and
 * closed here with cooperatives:manage.
 */
export default function CoopHealthPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const id = Number(useParams().id);
  const { can } = useSession();
  const coop = useCooperative(id);
  if (coop.error) return <p className="error">{failure(coop.error, lang)}</p>;
  if (!coop.data) return <p className="loading">{t('app.loading')}</p>;
  return (
    <>
      <CoopHeader id={id} name={coop.data.name} />
      <Health id={id} />
      {can('members:read') && <Mentoring id={id} />}
    </>
  );
}

function Health({ id }: { id: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const [params, setParams] = useSearchParams();
  const asOf = params.get('as_of') ?? '';
  const health = useQuery({
    queryKey: ['cooperative', id, 'health', asOf],
    queryFn: async () =>
      must(
        await api.GET('/api/v1/cooperatives/{id}/health', {
          params: { path: { id }, query: asOf ? { as_of: asOf } : {} },
        }),
      ),
  });
  const h = health.data;
  const shown = (key: string, v: number | string | null) => {
    if (v === null) return t('health.never');
    if (typeof v === 'string') return DATES.has(key) ? formatDate(v, lang) : v;
    return RUPIAH.has(key) ? formatRupiah(v) : formatNumber(v, lang);
  };
  return (
    <section aria-labelledby="health-title">
      <h2 id="health-title">{t('health.title')}</h2>
      <form
        className="filters"
        aria-labelledby="health-title"
        onSubmit={(e) => {
          e.preventDefault();
          const d = field(new FormData(e.currentTarget), 'as_of');
          setParams(d ? { as_of: d } : {});
        }}
      >
        <label>
          {t('health.asOf')}
          <input name="as_of" type="date" defaultValue={asOf} />
        </label>
        <button type="submit">{t('health.show')}</button>
      </form>
      {health.error && (
        <p className="error" role="alert">
          {failure(health.error, lang)}
        </p>
      )}
      {h && (
        <>
          <dl className="kpis" data-testid="health-score">
            <div>
              <dt>{t('health.asOfText', { date: formatDate(h.as_of, lang) })}</dt>
              <dd>{t('health.score', { score: formatNumber(h.score, lang) })}</dd>
            </div>
          </dl>
          <p>{t('health.formula')}</p>
          <div className="table-scroll" tabIndex={0}>
            <table aria-labelledby="health-title" data-testid="health-components">
              <thead>
                <tr>
                  <th scope="col">{t('health.component')}</th>
                  <th scope="col" className="num">
                    {t('health.weight')}
                  </th>
                  <th scope="col" className="num">
                    {t('health.achieved')}
                  </th>
                  <th scope="col" className="bar-cell">
                    <span className="sr-only">{t('health.chart')}</span>
                  </th>
                  <th scope="col">{t('health.facts')}</th>
                </tr>
              </thead>
              <tbody>
                {h.components.map((c) => (
                  <tr key={c.key}>
                    <th scope="row">{t(`health.components.${c.key}`, { defaultValue: c.key })}</th>
                    <td className="num">{formatNumber(c.weight, lang)}</td>
                    <td className="num">
                      {c.applicable
                        ? `${formatNumber(c.permille / 10, lang, 1)}%`
                        : t('health.notApplicable')}
                    </td>
                    <td className="bar-cell" aria-hidden="true">
                      {c.applicable && (
                        <span className="bar score" style={{ width: `${c.permille / 10}%` }} />
                      )}
                    </td>
                    <td>
                      {t(`health.inputs.${c.key}`, {
                        defaultValue: Object.entries(c.inputs)
                          .map(([k, v]) => `${k}: ${shown(k, v)}`)
                          .join(', '),
                        ...Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, shown(k, v)])),
                      })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
