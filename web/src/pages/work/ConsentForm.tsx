import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, errorText, must } from '../../api/client.js';
import { field } from '../../forms.js';

// The methods the server accepts for a decision taken in the field (CONSENT_METHODS in
// src/consent/consent-purposes.ts; data_subject_request comes through the data-protection office, not here).
const METHODS = ['written', 'thumbprint', 'verbal_witnessed', 'digital'] as const;

const failure = (e: unknown, lang: string) => errorText((e as { body?: unknown }).body ?? e, lang);

/**
 * Records, at the door, that a person gave or withdrew consent to cooperative enrolment (POST /consents: the
 * server checks scope, demands a guardian for a person under 18 and audits the record). Entering "consented"
 * or a later step needs it; a withdrawal ends the person's open enrolments (the server does that too).
 */
export function ConsentForm({
  item,
  onDone,
}: {
  item: { household_id: number; person_id: number; name: string };
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const record = useMutation({
    mutationFn: async (form: FormData) => {
      const status = field(form, 'status') === 'withdrawn' ? ('withdrawn' as const) : ('given' as const);
      const method = METHODS.find((m) => m === field(form, 'method')) ?? 'written';
      const optional = (name: string) => field(form, name).trim();
      return must(
        await api.POST('/api/v1/consents', {
          body: {
            household_id: item.household_id,
            person_id: item.person_id,
            purpose: 'cooperative_enrolment',
            status,
            method,
            ...(optional('evidence_ref') ? { evidence_ref: optional('evidence_ref') } : {}),
            ...(optional('guardian_name')
              ? {
                  guardian_name: optional('guardian_name'),
                  ...(optional('guardian_relation')
                    ? { guardian_relation: optional('guardian_relation') }
                    : {}),
                }
              : {}),
            ...(optional('note') ? { note: optional('note') } : {}),
          },
        }),
      );
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['work-list'] });
    },
  });
  const done = record.data;
  return (
    <form
      className="step-form"
      aria-label={t('consentForm.form', { name: item.name })}
      onSubmit={(e) => {
        e.preventDefault();
        record.mutate(new FormData(e.currentTarget));
      }}
    >
      <p>{t('consentForm.purpose')}</p>
      <fieldset>
        <legend>{t('consentForm.decision')}</legend>
        <label className="choice">
          <input type="radio" name="status" value="given" defaultChecked />
          {t('consentForm.given')}
        </label>
        <label className="choice">
          <input type="radio" name="status" value="withdrawn" />
          {t('consentForm.withdrawn')}
        </label>
      </fieldset>
      <label>
        {t('consentForm.method')}
        <select name="method" defaultValue="written">
          {METHODS.map((m) => (
            <option key={m} value={m}>
              {t(`consentForm.methods.${m}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('consentForm.evidence')}
        <input name="evidence_ref" maxLength={200} />
      </label>
      <fieldset>
        <legend>{t('consentForm.guardian')}</legend>
        <p className="hint">{t('consentForm.guardianHelp')}</p>
        <label>
          {t('consentForm.guardianName')}
          <input name="guardian_name" maxLength={200} />
        </label>
        <label>
          {t('consentForm.guardianRelation')}
          <input name="guardian_relation" maxLength={60} />
        </label>
      </fieldset>
      <label>
        {t('work.note')}
        <textarea name="note" rows={2} maxLength={2000} />
      </label>
      <div className="actions">
        <button type="button" onClick={onDone}>
          {t('consentForm.close')}
        </button>
        <button type="submit" disabled={record.isPending}>
          {t('consentForm.save')}
        </button>
      </div>
      <div aria-live="polite">
        {record.error && (
          <p className="error" role="alert">
            {failure(record.error, i18n.language)}
          </p>
        )}
        {done && (
          <p className="notice">
            {done.status === 'given' ? t('consentForm.recordedGiven') : t('consentForm.recordedWithdrawn')}
          </p>
        )}
      </div>
    </form>
  );
}
