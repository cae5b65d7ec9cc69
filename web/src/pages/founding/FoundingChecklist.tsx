import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  FOUNDING_STEPS,
  isFoundingStep,
  MIN_FOUNDERS,
  type FoundingStep,
} from '../../../../src/cooperatives/operations/founding.js';
import { api, errorText, must } from '../../api/client.js';
import { formatDate, formatNumber, type Lang } from '../../format.js';
import { field } from '../../forms.js';
import { useSession } from '../../session.js';

const failure = (e: unknown, lang: string) => errorText((e as { body?: unknown }).body ?? e, lang);
const today = () => new Date().toISOString().slice(0, 10);

type Details = { founders?: number; legal_entity_no?: string; bank?: string; account_no?: string } | null;

/**
 * One founding checklist: Musdesus held, at least nine founders, AD/ART, the legal-entity number, the bank
 * account, officers elected — each with its date and document; with cooperatives:manage, record the next step
 * (the server refuses one out of order, with its reason) and, once every step is done, register the cooperative.
 */
export function FoundingChecklist({ id }: { id: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { can } = useSession();
  const queryClient = useQueryClient();
  const founding = useQuery({
    queryKey: ['founding', id],
    queryFn: async () =>
      must(await api.GET('/api/v1/cooperative-foundings/{id}', { params: { path: { id } } })),
  });
  const register = useMutation({
    mutationFn: async () =>
      must(await api.POST('/api/v1/cooperative-foundings/{id}/register', { params: { path: { id } } })),
    onSuccess: (f) => {
      queryClient.setQueryData(['founding', id], f);
      void queryClient.invalidateQueries({ queryKey: ['foundings'] });
    },
  });
  if (founding.error)
    return (
      <p className="error" role="alert">
        {failure(founding.error, lang)}
      </p>
    );
  const f = founding.data;
  if (!f) return <p className="loading">{t('app.loading')}</p>;
  const open = f.status === 'open';
  const manage = can('cooperatives:manage') && open;
  const done = f.steps.filter((s) => s.done).length;
  return (
    <>
      <p>
        <Link to="/foundings">{t('founding.back')}</Link>
      </p>
      <h1>{f.name}</h1>
      <p>
        {t('founding.inVillage', { village: f.village_code })} · {t(`founding.statuses.${f.status}`)}
      </p>
      <h2 id="checklist-title">{t('founding.checklist')}</h2>
      <p>
        <label className="inline">
          <progress max={FOUNDING_STEPS.length} value={done} />{' '}
          {t('founding.stepsDone', { done, total: FOUNDING_STEPS.length })}
        </label>
      </p>
      <ol className="checklist" aria-labelledby="checklist-title" data-testid="founding-checklist">
        {f.steps.map((s) => (
          <li key={s.step} className={s.done ? 'done' : 'todo'}>
            <strong>{t(`founding.steps.${s.step}`)}</strong>{' '}
            <span className={s.done ? 'state-done' : 'state-todo'}>
              {s.done ? t('founding.done') : t('founding.todo')}
            </span>
            {s.done && (
              <>
                <br />
                {s.done_on && formatDate(s.done_on, lang)} · {s.document}
                <StepDetails details={s.details} lang={lang} />
              </>
            )}
          </li>
        ))}
      </ol>
      {f.status === 'registered' && f.cooperative_id !== null && (
        <p className="notice" role="status">
          {t('founding.registered')}{' '}
          <Link to={`/cooperatives/${f.cooperative_id}`}>{t('founding.openCooperative')}</Link>
        </p>
      )}
      {manage && f.ready && (
        <section aria-labelledby="register-title">
          <h2 id="register-title">{t('founding.register')}</h2>
          <p>{t('founding.registerHelp')}</p>
          {register.error && (
            <p className="error" role="alert">
              {failure(register.error, lang)}
            </p>
          )}
          <button type="button" disabled={register.isPending} onClick={() => register.mutate()}>
            {t('founding.registerSubmit', { name: f.name })}
          </button>
        </section>
      )}
      {manage && !f.ready && (
        <RecordStep id={id} missing={f.missing.filter((s): s is FoundingStep => isFoundingStep(s))} />
      )}
    </>
  );
}

function StepDetails({ details, lang }: { details: Details; lang: Lang }) {
  const { t } = useTranslation();
  if (!details) return null;
  const parts = [
    details.founders !== undefined &&
      t('founding.foundersCount', { count: details.founders, n: formatNumber(details.founders, lang) }),
    details.legal_entity_no && t('founding.legalEntityNo', { no: details.legal_entity_no }),
    details.bank && t('founding.bankAccount', { bank: details.bank, account: details.account_no ?? '' }),
  ].filter((p): p is string => typeof p === 'string' && p !== '');
  return parts.length > 0 ? <> · {parts.join(' · ')}</> : null;
}

/** Record one step not done yet: its date and document, and what that step needs besides. */
function RecordStep({ id, missing }: { id: number; missing: FoundingStep[] }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<FoundingStep>(missing[0] ?? 'musdesus');
  const chosen = missing.includes(step) ? step : (missing[0] ?? 'musdesus');
  const record = useMutation({
    mutationFn: async (form: FormData) => {
      const founders = field(form, 'founders');
      const optional = (name: string) => {
        const v = field(form, name).trim();
        return v ? { [name]: v } : {};
      };
      return must(
        await api.POST('/api/v1/cooperative-foundings/{id}/steps', {
          params: { path: { id } },
          body: {
            step: chosen,
            done_on: field(form, 'done_on'),
            document: field(form, 'document').trim(),
            ...(chosen === 'founders' && founders ? { founders: Number(founders) } : {}),
            ...(chosen === 'legal_entity' ? optional('legal_entity_no') : {}),
            ...(chosen === 'bank_account' ? { ...optional('bank'), ...optional('account_no') } : {}),
          },
        }),
      );
    },
    onSuccess: (f) => {
      queryClient.setQueryData(['founding', id], f);
      void queryClient.invalidateQueries({ queryKey: ['foundings'] });
    },
  });
  return (
    <form
      className="stack-form"
      aria-labelledby="record-step-title"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        record.mutate(new FormData(form), { onSuccess: () => form.reset() });
      }}
    >
      <h2 id="record-step-title">{t('founding.record')}</h2>
      <label>
        {t('founding.step')}
        <select name="step" value={chosen} onChange={(e) => setStep(e.target.value as FoundingStep)}>
          {missing.map((s) => (
            <option key={s} value={s}>
              {t(`founding.steps.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('founding.doneOn')}
        <input name="done_on" type="date" required defaultValue={today()} />
      </label>
      <label>
        {t('founding.document')}
        <input name="document" required maxLength={500} />
      </label>
      {chosen === 'founders' && (
        <label>
          {t('founding.founders', { min: MIN_FOUNDERS })}
          <input name="founders" type="number" required min={0} step={1} inputMode="numeric" />
        </label>
      )}
      {chosen === 'legal_entity' && (
        <label>
          {t('founding.legalEntity')}
          <input name="legal_entity_no" required maxLength={100} />
        </label>
      )}
      {chosen === 'bank_account' && (
        <>
          <label>
            {t('founding.bank')}
            <input name="bank" required maxLength={100} />
          </label>
          <label>
            {t('founding.accountNo')}
            <input name="account_no" required maxLength={50} inputMode="numeric" />
          </label>
        </>
      )}
      {record.error && (
        <p className="error" role="alert">
          {failure(record.error, i18n.language)}
        </p>
      )}
      <button type="submit" disabled={record.isPending}>
        {t('founding.recordSubmit', { step: t(`founding.steps.${chosen}`) })}
      </button>
    </form>
  );
}
