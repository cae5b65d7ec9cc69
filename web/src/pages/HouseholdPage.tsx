import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, errorText, must } from '../api/client.js';
import { PurposeReveal } from '../components/PurposeReveal.js';
import { formatDate, formatNumber, formatRupiah, type Lang } from '../format.js';

/** One household: members (identifiers masked unless revealed with a purpose), bansos, cooperatives, decisions, consent. */
export default function HouseholdPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { id } = useParams();
  const [purpose, setPurpose] = useState<string | null>(null);
  const household = useQuery({
    queryKey: ['household', id, purpose],
    queryFn: async () =>
      must(
        await api.GET('/api/v1/households/{id}', {
          params: { path: { id: id! } },
          ...(purpose ? { headers: { 'X-Purpose': purpose } } : {}),
        }),
      ),
  });
  const decisions = useQuery({
    queryKey: ['decisions', id],
    queryFn: async () =>
      must(await api.GET('/api/v1/households/{id}/decisions', { params: { path: { id: id! } } })).items,
  });
  const h = household.data;
  if (household.error) {
    return (
      <p className="error" role="alert">
        {errorText((household.error as { body?: unknown }).body ?? household.error, lang)}
      </p>
    );
  }
  if (!h) return <p className="loading">{t('app.loading')}</p>;
  const none = <p>{t('household.none')}</p>;

  return (
    <>
      <p>
        <Link to="/households">{t('household.back')}</Link>
      </p>
      <h1>{t('household.title', { id: h.id })}</h1>
      <dl className="facts">
        <div>
          <dt>{t('households.kk')}</dt>
          <dd className="mono" data-testid="kk">
            {h.kk ?? '–'}
          </dd>
        </div>
        <div>
          <dt>{t('households.village')}</dt>
          <dd>
            <Link to={`/regions/${h.village_code}`}>{h.village_code}</Link>
          </dd>
        </div>
        <div>
          <dt>{t('households.address')}</dt>
          <dd>{h.address ?? '–'}</dd>
        </div>
        <div>
          <dt>{t('households.decile')}</dt>
          <dd>{h.decile ?? '–'}</dd>
        </div>
        <div>
          <dt>{t('household.pmt')}</dt>
          <dd>{h.pmt_score === null ? '–' : formatNumber(h.pmt_score, lang, 2)}</dd>
        </div>
        <div>
          <dt>{t('households.snapshot')}</dt>
          <dd>{h.snapshot_date ? formatDate(h.snapshot_date, lang) : '–'}</dd>
        </div>
      </dl>
      <PurposeReveal purpose={purpose} onChange={setPurpose} texts="household" />
      <section aria-labelledby="members-title">
        <h2 id="members-title">{t('household.members')}</h2>
        <div className="table-scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('household.nik')}</th>
                <th scope="col">{t('household.name')}</th>
                <th scope="col">{t('household.sex')}</th>
                <th scope="col">{t('household.birth')}</th>
                <th scope="col">{t('household.disability')}</th>
              </tr>
            </thead>
            <tbody>
              {h.members.map((m) => (
                <tr key={m.id}>
                  <td className="mono" data-testid="nik">
                    {m.nik ?? '–'}
                  </td>
                  <td>{m.name}</td>
                  <td>{m.sex ?? '–'}</td>
                  <td>{m.birth_date ? formatDate(m.birth_date, lang) : '–'}</td>
                  <td>{m.disability ? t('household.yes') : t('household.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="decisions-title">
        <h2 id="decisions-title">{t('household.decisions')}</h2>
        {decisions.data && decisions.data.length > 0
          ? decisions.data.map((d) => (
              <article key={d.decision_id} className={d.current ? 'decision current' : 'decision'}>
                <h3>
                  {d.treatment_label?.[lang] ?? d.treatment} · {t('household.effective')}{' '}
                  {formatDate(d.effective, lang)}
                </h3>
                <p>{d.text[lang]}</p>
              </article>
            ))
          : none}
      </section>
      <section aria-labelledby="enrolments-title">
        <h2 id="enrolments-title">{t('household.enrolments')}</h2>
        {h.enrolments.length === 0 ? (
          none
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('household.program')}</th>
                <th scope="col">{t('household.period')}</th>
                <th scope="col">{t('household.amount')}</th>
              </tr>
            </thead>
            <tbody>
              {h.enrolments.map((e) => (
                <tr key={e.id}>
                  <td>{e.program_code}</td>
                  <td>{e.period}</td>
                  <td className="num">{e.amount === null ? '–' : formatRupiah(e.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="coops-title">
        <h2 id="coops-title">{t('household.cooperatives')}</h2>
        {h.cooperative_memberships.length === 0 ? (
          none
        ) : (
          <ul>
            {h.cooperative_memberships.map((c) => (
              <li key={`${c.cooperative_id}-${c.person_id}`}>
                {c.cooperative_name}
                {c.member_no && ` · ${t('household.memberNo')} ${c.member_no}`}
                {c.joined_on && ` · ${t('household.joined')} ${formatDate(c.joined_on, lang)}`}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="consent-title">
        <h2 id="consent-title">{t('household.consent')}</h2>
        {h.consent.length === 0 ? (
          none
        ) : (
          <ul>
            {h.consent.map((c) => (
              <li key={c.purpose}>
                {c.purpose}: {c.has_consent ? '✓' : '✗'}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
