import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { minimumDetectableEffect } from '../../../src/pilots/design/power.js';
import { api, errorText, must } from '../api/client.js';
import { formatDate, formatNumber, type Lang } from '../format.js';
import { useSession } from '../session.js';
import { CreatePilotForm, PilotActions } from './PilotManage.js';

/** Pilots: the list, one pilot's design, waves, draw by stratum and balance table, and an MDE calculator. */
export default function PilotsPage({ create = false }: { create?: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { id } = useParams();
  const { can } = useSession();
  const pilots = useQuery({
    queryKey: ['pilots'],
    queryFn: async () => must(await api.GET('/api/v1/pilots')),
  });
  return (
    <>
      <h1>{t('pilots.title')}</h1>
      {can('pilots:manage') && !create && (
        <p>
          <Link to="/pilots/new">{t('pilots.create')}</Link>
        </p>
      )}
      {create && can('pilots:manage') && <CreatePilotForm />}
      <div className="table-scroll" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('pilots.name')}</th>
              <th scope="col">{t('regions.code')}</th>
              <th scope="col">{t('pilots.design')}</th>
              <th scope="col">{t('pilots.status')}</th>
              <th scope="col">{t('pilots.waves')}</th>
              <th scope="col">{t('pilots.created')}</th>
            </tr>
          </thead>
          <tbody>
            {(pilots.data?.items ?? []).map((p) => (
              <tr key={p.id} aria-current={String(p.id) === id ? 'true' : undefined}>
                <td>
                  <Link to={`/pilots/${p.id}`}>{p.name}</Link>
                </td>
                <td>{p.region_code}</td>
                <td>{t(`pilots.designs.${p.design}`, { defaultValue: p.design })}</td>
                <td>{t(`pilots.statuses.${p.status}`, { defaultValue: p.status })}</td>
                <td className="num">{p.wave_count}</td>
                <td>{formatDate(p.created_at, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pilots.data?.items.length === 0 && <p>{t('pilots.none')}</p>}
      {id && <PilotDetail id={Number(id)} />}
      <MdeCalculator />
    </>
  );
}

function PilotDetail({ id }: { id: number }) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const lang = i18n.language as Lang;
  const pilot = useQuery({
    queryKey: ['pilot', id],
    queryFn: async () => must(await api.GET('/api/v1/pilots/{id}', { params: { path: { id } } })),
  });
  const balance = useQuery({
    queryKey: ['pilot', id, 'balance'],
    queryFn: async () => must(await api.GET('/api/v1/pilots/{id}/balance', { params: { path: { id } } })),
  });
  if (pilot.error)
    return <p className="error">{errorText((pilot.error as { body?: unknown }).body, lang)}</p>;
  const p = pilot.data;
  if (!p) return <p className="loading">{t('app.loading')}</p>;
  const dec = (v: number | null, digits = 2) => (v === null ? '–' : formatNumber(v, lang, digits));
  return (
    <section aria-labelledby="pilot-title">
      <h2 id="pilot-title">{p.name}</h2>
      <dl className="facts">
        <div>
          <dt>{t('pilots.design')}</dt>
          <dd>{t(`pilots.designs.${p.design}`, { defaultValue: p.design })}</dd>
        </div>
        <div>
          <dt>{t('pilots.clusters')}</dt>
          <dd>{formatNumber(p.clusters, lang)}</dd>
        </div>
        <div>
          <dt>{t('pilots.treatedShare')}</dt>
          <dd>{p.treated_share}</dd>
        </div>
        <div>
          <dt>{t('pilots.policy')}</dt>
          <dd>{p.policy ? `${p.policy.policy_id} v${p.policy.version}` : '–'}</dd>
        </div>
        <div>
          <dt>{t('pilots.status')}</dt>
          <dd>{t(`pilots.statuses.${p.status}`, { defaultValue: p.status })}</dd>
        </div>
      </dl>
      <p>
        <Link to={`/pilots/${id}/evaluation`}>{t('evaluation.open', { name: p.name })}</Link>
      </p>
      {can('pilots:manage') && <PilotActions pilot={p} />}
      <h3>{t('pilots.waves')}</h3>
      <div className="table-scroll" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('pilots.wave')}</th>
              <th scope="col">{t('pilots.starts')}</th>
              <th scope="col">{t('pilots.ends')}</th>
              <th scope="col">{t('pilots.opened')}</th>
            </tr>
          </thead>
          <tbody>
            {p.waves.map((w) => (
              <tr key={w.wave_no}>
                <td className="num">{w.wave_no}</td>
                <td>{formatDate(w.starts_on, lang)}</td>
                <td>{w.ends_on ? formatDate(w.ends_on, lang) : '–'}</td>
                <td>{w.opened_at ? formatDate(w.opened_at, lang) : t('pilots.notOpened')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {p.randomization && (
        <>
          <h3>{t('pilots.draw')}</h3>
          <p>
            {t('pilots.drawFacts', {
              status: p.randomization.status,
              seed: p.randomization.seed,
              treated: formatNumber(p.randomization.treated, lang),
              control: formatNumber(p.randomization.control, lang),
            })}
          </p>
          <div className="table-scroll" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('pilots.stratum')}</th>
                  <th scope="col">{t('pilots.clusters')}</th>
                  <th scope="col">{t('pilots.treated')}</th>
                  <th scope="col">{t('pilots.control')}</th>
                </tr>
              </thead>
              <tbody>
                {p.randomization.strata.map((s) => (
                  <tr key={s.stratum}>
                    <td>{s.stratum}</td>
                    <td className="num">{formatNumber(s.clusters, lang)}</td>
                    <td className="num">{formatNumber(s.treated, lang)}</td>
                    <td className="num">{formatNumber(s.control, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <h3>{t('pilots.balance')}</h3>
      {balance.data && balance.data.rows.length === 0 && <p>{t('pilots.noBalance')}</p>}
      {balance.data && balance.data.rows.length > 0 && (
        <div className="table-scroll" tabIndex={0}>
          <table data-testid="balance">
            <thead>
              <tr>
                <th scope="col">{t('pilots.covariate')}</th>
                <th scope="col">{t('pilots.meanTreatment')}</th>
                <th scope="col">{t('pilots.meanControl')}</th>
                <th scope="col">SMD</th>
                <th scope="col">{t('pilots.warning')}</th>
              </tr>
            </thead>
            <tbody>
              {balance.data.rows.map((r) => (
                <tr key={r.covariate}>
                  <th scope="row">{r.covariate}</th>
                  <td className="num">{dec(r.mean_treatment)}</td>
                  <td className="num">{dec(r.mean_control)}</td>
                  <td className="num">{dec(r.smd, 3)}</td>
                  <td>{r.warning ? t('pilots.imbalanced') : t('pilots.balanced')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The same formula as `entas pilot power` (src/pilots/design/power.ts), computed as the user types. */
function MdeCalculator() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const [v, setV] = useState({
    clusters: '60',
    size: '20',
    icc: '0.05',
    share: '0.5',
    alpha: '0.05',
    power: '0.8',
  });
  let result: string;
  try {
    const r = minimumDetectableEffect(Number(v.clusters), {
      clusterSize: Number(v.size),
      icc: Number(v.icc),
      treatedShare: Number(v.share),
      alpha: Number(v.alpha),
      power: Number(v.power),
      normal: false,
    });
    result = t('pilots.mdeResult', {
      mde: formatNumber(r.mde_sd, lang, 3),
      deff: formatNumber(r.design_effect, lang, 2),
    });
  } catch (error) {
    result = error instanceof Error ? error.message : String(error);
  }
  const input = (key: keyof typeof v, label: string) => (
    <label>
      {label}
      <input
        inputMode="decimal"
        value={v[key]}
        onChange={(e) => setV({ ...v, [key]: e.target.value.replace(',', '.') })}
      />
    </label>
  );
  return (
    <section aria-labelledby="mde-title">
      <h2 id="mde-title">{t('pilots.mde')}</h2>
      <div className="filters">
        {input('clusters', t('pilots.mdeClusters'))}
        {input('size', t('pilots.mdeSize'))}
        {input('icc', t('pilots.mdeIcc'))}
        {input('share', t('pilots.treatedShare'))}
        {input('alpha', t('pilots.mdeAlpha'))}
        {input('power', t('pilots.mdePower'))}
      </div>
      <p aria-live="polite" data-testid="mde">
        {result}
      </p>
    </section>
  );
}
