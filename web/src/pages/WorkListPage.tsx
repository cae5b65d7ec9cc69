import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TRANSITIONS, type FunnelState } from '../../../src/pilots/enrolment/funnel.js';
import { api, errorText, must } from '../api/client.js';
import { PurposeReveal } from '../components/PurposeReveal.js';
import { formatDate, type Lang } from '../format.js';
import { field } from '../forms.js';
import { ConsentForm } from './work/ConsentForm.js';

// The visit outcomes the server accepts (VISIT_OUTCOMES in src/pilots/enrolment/visit-log.ts, which reads the
// database and so cannot ship in the bundle); a new outcome there fails the typed client here.
const OUTCOMES = ['met', 'not_home', 'moved', 'refused', 'rescheduled'] as const;

const today = () => new Date().toISOString().slice(0, 10);

/**
 * The facilitator's work list, phone first: one card per person with the next step; opening a card shows the
 * visit form and the funnel step (consent is enforced by the server, which names what is missing), or the
 * consent form (work/ConsentForm.tsx) that records the decision the step needs.
 */
export default function WorkListPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const [open, setOpen] = useState<{ id: number; form: 'step' | 'consent' } | null>(null);
  // NIK and address arrive masked; a facilitator who may see them states a purpose (X-Purpose, audited) to find
  // the house.
  const [purpose, setPurpose] = useState<string | null>(null);
  const list = useQuery({
    queryKey: ['work-list', purpose],
    queryFn: async () =>
      must(await api.GET('/api/v1/work-list', purpose ? { headers: { 'X-Purpose': purpose } } : {})).items,
  });
  return (
    <>
      <h1>{t('work.title')}</h1>
      <PurposeReveal purpose={purpose} onChange={setPurpose} texts="work" />
      {list.data && list.data.length === 0 && <p>{t('work.empty')}</p>}
      <ul className="cards">
        {(list.data ?? []).map((item) => (
          <li key={item.enrolment_id} className="card">
            <h2 className="card-title">{item.name}</h2>
            <p>
              {item.address ?? item.village_code} · <span className="mono">{item.nik ?? '–'}</span>
            </p>
            <p>
              <strong>{t(`work.states.${item.state}`, { defaultValue: item.state })}</strong> —{' '}
              {lang === 'id' ? item.next_step.id : item.next_step.en}
            </p>
            {item.next_visit_on && (
              <p>{t('work.nextVisit', { date: formatDate(item.next_visit_on, lang) })}</p>
            )}
            {open?.id === item.enrolment_id && open.form === 'step' && (
              <StepForm item={item} onDone={() => setOpen(null)} />
            )}
            {open?.id === item.enrolment_id && open.form === 'consent' && (
              <ConsentForm item={item} onDone={() => setOpen(null)} />
            )}
            <div className="actions card-actions">
              {!(open?.id === item.enrolment_id && open.form === 'step') && (
                <button type="button" onClick={() => setOpen({ id: item.enrolment_id, form: 'step' })}>
                  {t('work.record', { name: item.name })}
                </button>
              )}
              {!(open?.id === item.enrolment_id && open.form === 'consent') && (
                <button type="button" onClick={() => setOpen({ id: item.enrolment_id, form: 'consent' })}>
                  {t('consentForm.open', { name: item.name })}
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}

type Item = { enrolment_id: number; version: number; state: string; name: string };

function StepForm({ item, onDone }: { item: Item; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const id = item.enrolment_id;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const outcome = field(form, 'outcome') as (typeof OUTCOMES)[number];
    const to = field(form, 'to');
    const next = field(form, 'next_visit_on');
    const note = field(form, 'note').trim();
    setBusy(true);
    const visit = await api.POST('/api/v1/enrolments/{id}/visits', {
      params: { path: { id } },
      body: {
        visited_on: today(),
        outcome,
        ...(next ? { next_visit_on: next } : {}),
        ...(note ? { note } : {}),
      },
    });
    if (visit.error) {
      setBusy(false);
      setMessage({ ok: false, text: errorText(visit.error, i18n.language) });
      return;
    }
    if (to) {
      const moved = await api.POST('/api/v1/enrolments/{id}/transitions', {
        params: { path: { id } },
        body: {
          to: to as FunnelState,
          expected_version: item.version,
          ...(note ? { note } : {}),
          ...(to === 'registered' ? { joined_on: today() } : {}),
        },
      });
      if (moved.error) {
        setBusy(false);
        setMessage({ ok: false, text: errorText(moved.error, i18n.language) });
        await queryClient.invalidateQueries({ queryKey: ['work-list'] });
        return;
      }
    }
    setBusy(false);
    setMessage({
      ok: true,
      text: to ? t('work.moved', { state: t(`work.states.${to}`, { defaultValue: to }) }) : t('work.visited'),
    });
    await queryClient.invalidateQueries({ queryKey: ['work-list'] });
    if (!to) onDone();
  }

  // The funnel's own rules (src/pilots/enrolment/funnel.ts): the same steps the server allows.
  const options = TRANSITIONS[item.state as FunnelState] ?? [];
  return (
    <form
      className="step-form"
      onSubmit={(e) => void submit(e)}
      aria-label={t('work.form', { name: item.name })}
    >
      <fieldset>
        <legend>{t('work.outcome')}</legend>
        {OUTCOMES.map((o, i) => (
          <label key={o} className="choice">
            <input type="radio" name="outcome" value={o} defaultChecked={i === 0} />
            {t(`work.outcomes.${o}`)}
          </label>
        ))}
      </fieldset>
      <label>
        {t('work.step')}
        <select name="to" defaultValue="">
          <option value="">{t('work.noStep')}</option>
          {options.map((s) => (
            <option key={s} value={s}>
              {t(`work.states.${s}`, { defaultValue: s })}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('work.nextVisitOn')}
        <input type="date" name="next_visit_on" />
      </label>
      <label>
        {t('work.note')}
        <textarea name="note" rows={2} maxLength={2000} />
      </label>
      <button type="submit" disabled={busy}>
        {t('work.save')}
      </button>
      <div aria-live="polite">
        {message && (
          <p className={message.ok ? 'notice' : 'error'} role={message.ok ? undefined : 'alert'}>
            {message.text}
          </p>
        )}
      </div>
    </form>
  );
}
