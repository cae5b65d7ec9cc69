import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorText, must } from '../../api/client.js';
import { field } from '../../forms.js';
import { formatDate, type Lang } from '../../format.js';
import { useSession } from '../../session.js';
import { Dialog } from '../../components/Dialog.js';

const failure = (e: unknown, lang: string) => errorText((e as { body?: unknown }).body ?? e, lang);
const today = () => new Date().toISOString().slice(0, 10);

type Followup = { id: number; action: string; due_on: string };

/**
 * Mentoring sessions (pendampingan manajemen) with their follow-ups, newest first. With cooperatives:manage the
 * user records a session and closes a follow-up; the server audits both (src/access/coop-operations-access.ts).
 */
export function Mentoring({ id }: { id: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { can } = useSession();
  const manage = can('cooperatives:manage');
  const [closing, setClosing] = useState<Followup | null>(null);
  const [message, setMessage] = useState('');
  const sessions = useQuery({
    queryKey: ['cooperative', id, 'mentoring'],
    queryFn: async () =>
      must(await api.GET('/api/v1/cooperatives/{id}/mentoring-sessions', { params: { path: { id } } })),
  });
  const s = sessions.data;
  const items = [...(s?.items ?? [])].sort((a, b) => (a.held_on < b.held_on ? 1 : -1));
  return (
    <section aria-labelledby="mentoring-title">
      <h2 id="mentoring-title">{t('mentoring.title')}</h2>
      {sessions.error && (
        <p className="error" role="alert">
          {failure(sessions.error, lang)}
        </p>
      )}
      <p role="status">{message}</p>
      {s && <p data-testid="open-followups">{t('mentoring.open', { n: s.open_followups })}</p>}
      {s && items.length === 0 && <p>{t('mentoring.none')}</p>}
      {items.map((session) => (
        <article key={session.id} className="card" aria-labelledby={`session-${session.id}`}>
          <h3 id={`session-${session.id}`}>
            {formatDate(session.held_on, lang)} · {session.topic}
          </h3>
          <dl className="facts">
            <div>
              <dt>{t('mentoring.mentor')}</dt>
              <dd>
                {session.mentor} ({t('mentoring.recordedBy', { user: session.recorded_by })})
              </dd>
            </div>
            <div>
              <dt>{t('mentoring.attendees')}</dt>
              <dd>{session.attendees.join(', ') || '–'}</dd>
            </div>
          </dl>
          {session.findings && (
            <p>
              <strong>{t('mentoring.findings')}:</strong> {session.findings}
            </p>
          )}
          {session.followups.length > 0 && (
            <div className="table-scroll" tabIndex={0}>
              <table aria-label={`${t('mentoring.followups')}: ${session.topic}`}>
                <thead>
                  <tr>
                    <th scope="col">{t('mentoring.action')}</th>
                    <th scope="col">{t('mentoring.due')}</th>
                    <th scope="col">{t('mentoring.state')}</th>
                  </tr>
                </thead>
                <tbody>
                  {session.followups.map((f) => {
                    const overdue = f.closed_on === null && f.due_on < today();
                    return (
                      <tr key={f.id} className={overdue ? 'overdue' : undefined}>
                        <th scope="row">{f.action}</th>
                        <td>{formatDate(f.due_on, lang)}</td>
                        <td>
                          {f.closed_on !== null ? (
                            t('mentoring.closed', {
                              date: formatDate(f.closed_on, lang),
                              user: f.closed_by ?? '–',
                            })
                          ) : (
                            <>
                              {overdue ? t('mentoring.overdue') : t('mentoring.openState')}
                              {manage && (
                                <>
                                  {' '}
                                  <button type="button" onClick={() => setClosing(f)}>
                                    {t('mentoring.close', { action: f.action })}
                                  </button>
                                </>
                              )}
                            </>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </article>
      ))}
      {manage && (
        <CloseFollowup
          coopId={id}
          followup={closing}
          onDone={(text) => {
            setClosing(null);
            if (text) setMessage(text);
          }}
        />
      )}
      {manage && <RecordSession coopId={id} onRecorded={setMessage} />}
    </section>
  );
}

/** Asks when the follow-up was done and a note, in the dashboard's modal dialog. */
function CloseFollowup({
  coopId,
  followup,
  onDone,
}: {
  coopId: number;
  followup: Followup | null;
  onDone: (message: string | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const queryClient = useQueryClient();
  const close = useMutation({
    mutationFn: async ({ target, form }: { target: Followup; form: FormData }) =>
      must(
        await api.POST('/api/v1/cooperatives/{id}/followup-closures', {
          params: { path: { id: coopId } },
          body: {
            followup_id: target.id,
            closed_on: field(form, 'closed_on'),
            note: field(form, 'note'),
          },
        }),
      ),
    onSuccess: async (_result, { target }) => {
      await queryClient.invalidateQueries({ queryKey: ['cooperative', coopId] });
      onDone(t('mentoring.closedMessage', { action: target.action }));
    },
  });
  return (
    <Dialog
      open={followup !== null}
      title={t('mentoring.closeTitle')}
      onOpen={() => close.reset()}
      onCancel={() => onDone(null)}
      onSubmit={(form) => followup && close.mutate({ target: followup, form })}
      cancelLabel={t('mentoring.cancel')}
      submitLabel={t('mentoring.closeSubmit')}
      busy={close.isPending}
    >
      <p>{followup?.action}</p>
      <label>
        {t('mentoring.closedOn')}
        <input name="closed_on" type="date" required defaultValue={today()} />
      </label>
      <label>
        {t('mentoring.note')}
        <textarea name="note" maxLength={2000} rows={3} />
      </label>
      {close.error && (
        <p className="error" role="alert">
          {failure(close.error, lang)}
        </p>
      )}
    </Dialog>
  );
}

function RecordSession({ coopId, onRecorded }: { coopId: number; onRecorded: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const queryClient = useQueryClient();
  const [followups, setFollowups] = useState(1);
  const record = useMutation({
    mutationFn: async (form: FormData) => {
      const list = Array.from({ length: followups }, (_, i) => ({
        action: field(form, `action_${i}`).trim(),
        due_on: field(form, `due_${i}`),
      })).filter((f) => f.action !== '');
      const undated = list.findIndex((f) => f.due_on === '');
      if (undated >= 0) throw new Error(t('mentoring.dueMissing', { action: list[undated]!.action }));
      return must(
        await api.POST('/api/v1/cooperatives/{id}/mentoring-sessions', {
          params: { path: { id: coopId } },
          body: {
            held_on: field(form, 'held_on'),
            mentor: field(form, 'mentor').trim(),
            topic: field(form, 'topic').trim(),
            attendees: field(form, 'attendees')
              .split('\n')
              .map((a) => a.trim())
              .filter((a) => a !== ''),
            findings: field(form, 'findings'),
            followups: list,
          },
        }),
      );
    },
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: ['cooperative', coopId] });
      onRecorded(t('mentoring.recorded', { id: r.session_id, n: r.followup_ids.length }));
    },
  });
  return (
    <form
      className="stack-form"
      aria-labelledby="record-session-title"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        record.mutate(new FormData(form), {
          onSuccess: () => {
            form.reset();
            setFollowups(1);
          },
        });
      }}
    >
      <h3 id="record-session-title">{t('mentoring.record')}</h3>
      <label>
        {t('mentoring.heldOn')}
        <input name="held_on" type="date" required defaultValue={today()} />
      </label>
      <label>
        {t('mentoring.mentor')}
        <input name="mentor" required maxLength={200} />
      </label>
      <label>
        {t('mentoring.topic')}
        <input name="topic" required maxLength={200} />
      </label>
      <label>
        {t('mentoring.attendeesField')}
        <textarea name="attendees" rows={3} />
      </label>
      <label>
        {t('mentoring.findings')}
        <textarea name="findings" rows={3} maxLength={5000} />
      </label>
      <fieldset>
        <legend>{t('mentoring.followups')}</legend>
        {Array.from({ length: followups }, (_, i) => (
          <div key={i} className="filters">
            <label>
              {t('mentoring.followupAction', { n: i + 1 })}
              <input name={`action_${i}`} maxLength={500} />
            </label>
            <label>
              {t('mentoring.followupDue', { n: i + 1 })}
              <input name={`due_${i}`} type="date" />
            </label>
          </div>
        ))}
        <div className="actions">
          <button type="button" onClick={() => setFollowups((n) => Math.min(50, n + 1))}>
            {t('mentoring.addFollowup')}
          </button>
          {followups > 1 && (
            <button type="button" onClick={() => setFollowups((n) => n - 1)}>
              {t('mentoring.removeFollowup')}
            </button>
          )}
        </div>
      </fieldset>
      {record.error && (
        <p className="error" role="alert">
          {failure(record.error, lang)}
        </p>
      )}
      <button type="submit" disabled={record.isPending}>
        {t('mentoring.recordSubmit')}
      </button>
    </form>
  );
}
