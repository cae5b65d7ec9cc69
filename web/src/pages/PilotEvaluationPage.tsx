import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, errorText, must } from '../api/client.js';
import { CoefficientPlot } from '../components/CoefficientPlot.js';
import { formatDate, formatNumber, formatPercent, type Lang } from '../format.js';

const failure = (e: unknown, lang: string) => errorText((e as { body?: unknown }).body ?? e, lang);
const METHODS = ['itt', 'did', 'staggered'] as const;
const OUTCOMES = ['welfare', 'welfare_z', 'welfare_index', 'decile', 'decile_1_2', 'member'] as const;

/**
 * A pilot's impact estimates (GET /pilots/:id/evaluation, what `entas evaluate pilot` prints): per outcome the
 * effect with its 95% interval as a coefficient plot and a table, means by arm, attrition, the few-cluster
 * p-values and the estimator's notes; the PDF and XLSX reports for download. Method and outcome live in the
 * address bar.
 */
export default function PilotEvaluationPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const id = Number(useParams().id);
  const [params, setParams] = useSearchParams();
  const method = METHODS.find((m) => m === params.get('method'));
  const outcome = OUTCOMES.find((o) => o === params.get('outcome'));
  const query = { ...(method ? { method } : {}), ...(outcome ? { outcome } : {}) };
  const pilot = useQuery({
    queryKey: ['pilot', id],
    queryFn: async () => must(await api.GET('/api/v1/pilots/{id}', { params: { path: { id } } })),
  });
  const evaluation = useQuery({
    queryKey: ['pilot', id, 'evaluation', method ?? '', outcome ?? ''],
    staleTime: 5 * 60_000,
    queryFn: async () =>
      must(await api.GET('/api/v1/pilots/{id}/evaluation', { params: { path: { id }, query } })),
  });
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  };
  const outcomeName = (o: string) => t(`evaluation.outcomes.${o}`, { defaultValue: o });
  const dec = (v: number | null, digits = 3) => (v === null ? '–' : formatNumber(v, lang, digits));
  const pValue = (v: number | null) => (v === null ? '–' : v < 0.001 ? `< ${dec(0.001)}` : dec(v, 3));
  const e = evaluation.data;
  const estimated = (e?.evaluations ?? []).flatMap((x) =>
    x.result ? [{ outcome: x.outcome, r: x.result }] : [],
  );
  const plotted = estimated.flatMap(({ outcome: o, r }) =>
    r.effect.estimate !== null && r.effect.ci_low !== null && r.effect.ci_high !== null
      ? [{ label: outcomeName(o), estimate: r.effect.estimate, low: r.effect.ci_low, high: r.effect.ci_high }]
      : [],
  );
  const download = (format: 'pdf' | 'xlsx') =>
    `/api/v1/pilots/${id}/evaluation.${format}?${new URLSearchParams({ ...query, lang }).toString()}`;
  const name = pilot.data?.name ?? e?.pilot.name ?? `#${id}`;
  return (
    <>
      <nav aria-label={t('regions.breadcrumb')} className="breadcrumb">
        <ol>
          <li>
            <Link to="/pilots">{t('pilots.title')}</Link>
          </li>
          <li>
            <Link to={`/pilots/${id}`}>{name}</Link>
          </li>
          <li aria-current="page">{t('evaluation.link')}</li>
        </ol>
      </nav>
      <h1>{t('evaluation.title', { name })}</h1>
      <p>{t('evaluation.pilotsHelp')}</p>
      <form className="filters" aria-label={t('evaluation.estimates')} onSubmit={(x) => x.preventDefault()}>
        <label>
          {t('evaluation.method')}
          <select value={method ?? ''} onChange={(x) => set('method', x.target.value)}>
            <option value="">{t('evaluation.methods.default')}</option>
            {METHODS.map((m) => (
              <option key={m} value={m}>
                {t(`evaluation.methods.${m}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('evaluation.outcome')}
          <select value={outcome ?? ''} onChange={(x) => set('outcome', x.target.value)}>
            <option value="">{t('evaluation.allOutcomes')}</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {outcomeName(o)}
              </option>
            ))}
          </select>
        </label>
      </form>
      {evaluation.isFetching && (
        <p className="loading" role="status">
          {t('evaluation.computing')}
        </p>
      )}
      {evaluation.error && (
        <p className="error" role="alert">
          {failure(evaluation.error, lang)}
        </p>
      )}
      {e && (
        <>
          {plotted.length > 0 && (
            <section aria-labelledby="coef-title">
              <h2 id="coef-title">{t('evaluation.plot')}</h2>
              <CoefficientPlot rows={plotted} label={t('evaluation.plot')} lang={lang} />
              <p>{t('evaluation.plotHelp')}</p>
            </section>
          )}
          <section aria-labelledby="estimates-title">
            <h2 id="estimates-title">{t('evaluation.estimates')}</h2>
            <div className="table-scroll" tabIndex={0}>
              <table aria-labelledby="estimates-title" data-testid="estimates">
                <thead>
                  <tr>
                    <th scope="col">{t('evaluation.outcome')}</th>
                    <th scope="col">{t('evaluation.method')}</th>
                    <th scope="col" className="num">
                      {t('evaluation.estimate')}
                    </th>
                    <th scope="col" className="num">
                      {t('evaluation.se')}
                    </th>
                    <th scope="col">{t('evaluation.ci')}</th>
                    <th scope="col" className="num">
                      {t('evaluation.p')}
                    </th>
                    <th scope="col" className="num">
                      {t('evaluation.clusters')}
                    </th>
                    <th scope="col">{t('evaluation.households')}</th>
                    <th scope="col">{t('evaluation.period')}</th>
                  </tr>
                </thead>
                <tbody>
                  {e.evaluations.map(({ outcome: o, result: r, problem }) =>
                    r ? (
                      <tr key={o}>
                        <th scope="row">{outcomeName(o)}</th>
                        <td>{t(`evaluation.methods.${r.method}`, { defaultValue: r.method })}</td>
                        <td className="num">{dec(r.effect.estimate)}</td>
                        <td className="num">{dec(r.effect.se)}</td>
                        <td>
                          [{dec(r.effect.ci_low)}; {dec(r.effect.ci_high)}]
                        </td>
                        <td className="num">{pValue(r.effect.p)}</td>
                        <td className="num">{formatNumber(r.clusters, lang)}</td>
                        <td>
                          {formatNumber(r.households.treated, lang)} /{' '}
                          {formatNumber(r.households.control, lang)}
                        </td>
                        <td>
                          {formatDate(r.baseline, lang)} → {formatDate(r.followup, lang)}
                        </td>
                      </tr>
                    ) : (
                      <tr key={o}>
                        <th scope="row">{outcomeName(o)}</th>
                        <td colSpan={8}>
                          {t('evaluation.problem')}:{' '}
                          {problem
                            ? lang === 'id'
                              ? (problem.message_id ?? problem.message)
                              : problem.message
                            : '–'}
                        </td>
                      </tr>
                    ),
                  )}
                </tbody>
              </table>
            </div>
            {estimated
              .filter(({ r }) => r.few_clusters)
              .slice(0, 1)
              .map(({ r }) => (
                <p key="few" className="notice">
                  {t('evaluation.fewClusters', {
                    wild: r.wild_bootstrap ? pValue(r.wild_bootstrap.p) : '–',
                    ri: r.randomization_inference ? pValue(r.randomization_inference.p) : '–',
                  })}
                </p>
              ))}
            {estimated[0] && (
              <p>
                {t('evaluation.attrition', {
                  treated: formatPercent(estimated[0].r.attrition.treated_share, lang),
                  control: formatPercent(estimated[0].r.attrition.control_share, lang),
                })}
              </p>
            )}
          </section>
          {estimated.length > 0 && (
            <section aria-labelledby="means-title">
              <h2 id="means-title">{t('evaluation.means')}</h2>
              <div className="table-scroll" tabIndex={0}>
                <table aria-labelledby="means-title">
                  <thead>
                    <tr>
                      <th scope="col">{t('evaluation.outcome')}</th>
                      <th scope="col" className="num">
                        {t('evaluation.treated')} · {t('evaluation.baseline')}
                      </th>
                      <th scope="col" className="num">
                        {t('evaluation.control')} · {t('evaluation.baseline')}
                      </th>
                      <th scope="col" className="num">
                        {t('evaluation.treated')} · {t('evaluation.followup')}
                      </th>
                      <th scope="col" className="num">
                        {t('evaluation.control')} · {t('evaluation.followup')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {estimated.map(({ outcome: o, r }) => (
                      <tr key={o}>
                        <th scope="row">{outcomeName(o)}</th>
                        <td className="num">{dec(r.means.treated_baseline)}</td>
                        <td className="num">{dec(r.means.control_baseline)}</td>
                        <td className="num">{dec(r.means.treated_followup)}</td>
                        <td className="num">{dec(r.means.control_followup)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          )}
          {estimated.some(({ r }) => r.notes.length > 0) && (
            <section aria-labelledby="notes-title">
              <h2 id="notes-title">{t('evaluation.notes')}</h2>
              <ul>
                {[
                  ...new Set(estimated.flatMap(({ r }) => r.notes.map((n) => (lang === 'id' ? n.id : n.en)))),
                ].map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            </section>
          )}
          <section aria-labelledby="downloads-title">
            <h2 id="downloads-title">{t('evaluation.download')}</h2>
            <ul>
              <li>
                <a href={download('pdf')} download>
                  {t('evaluation.pdf')}
                </a>
              </li>
              <li>
                <a href={download('xlsx')} download>
                  {t('evaluation.xlsx')}
                </a>
              </li>
            </ul>
          </section>
        </>
      )}
    </>
  );
}
