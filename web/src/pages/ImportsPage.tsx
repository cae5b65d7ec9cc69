import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorText, must, type paths } from '../api/client.js';
import { readNdjson } from '../api/ndjson.js';
import { formatDate, formatNumber, formatPercent, type Lang } from '../format.js';
import { field } from '../forms.js';
import { useSession } from '../session.js';
import { JobsSection } from './JobsSection.js';

const PROFILES = ['dtsen', 'bansos', 'cooperatives', 'members', 'officers'] as const;
type Profile = (typeof PROFILES)[number];

/** One line of the upload's NDJSON answer, as the server's OpenAPI document describes it. */
type Line = paths['/api/v1/imports']['post']['responses'][200]['content']['application/x-ndjson'];
type Progress = Extract<Line, { type: 'progress' }>;
type Result = Extract<Line, { type: 'result' }>;
type Upload =
  | { state: 'idle' }
  | { state: 'running'; progress: Progress | null }
  | { state: 'done'; result: Result }
  | { state: 'failed'; message: string };

/** Imports: upload with a progress bar (the NDJSON stream), batches with counts, rejects, revert with a reason. */
export default function ImportsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { can } = useSession();
  const queryClient = useQueryClient();
  const [profile, setProfile] = useState<Profile>('bansos');
  const [upload, setUpload] = useState<Upload>({ state: 'idle' });
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [reverting, setReverting] = useState<number | null>(null);
  const batches = useQuery({
    queryKey: ['batches', cursor ?? ''],
    enabled: can('batches:read'),
    queryFn: async () =>
      must(await api.GET('/api/v1/source-batches', { params: { query: cursor ? { cursor } : {} } })),
  });

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0) {
      setUpload({ state: 'failed', message: t('imports.noFile') });
      return;
    }
    const body = new FormData();
    body.set('file', file, file.name);
    const query = {
      profile,
      ...(field(form, 'program') ? { program: field(form, 'program') } : {}),
      ...(field(form, 'period') ? { period: field(form, 'period') } : {}),
      ...(field(form, 'snapshot_date') ? { snapshot_date: field(form, 'snapshot_date') } : {}),
    };
    setUpload({ state: 'running', progress: null });
    const answer = await api.POST('/api/v1/imports', {
      params: { query },
      body: body as never,
      bodySerializer: (b: unknown) => b as FormData,
      parseAs: 'stream',
    });
    if (answer.error !== undefined || !answer.data) {
      setUpload({
        state: 'failed',
        message: errorText(answer.error, lang) || `HTTP ${answer.response.status}`,
      });
      return;
    }
    let outcome: Upload = { state: 'failed', message: t('imports.noResult') };
    await readNdjson(answer.data, (line) => {
      const l = line as Line;
      if (l.type === 'progress') setUpload({ state: 'running', progress: l });
      else if (l.type === 'result') outcome = { state: 'done', result: l };
      else if (l.type === 'error') outcome = { state: 'failed', message: errorText(l, lang) };
    });
    setUpload(outcome);
    setCursor(undefined);
    await queryClient.invalidateQueries({ queryKey: ['batches'] });
  }

  const progress = upload.state === 'running' ? upload.progress : null;
  const share = progress && progress.total_bytes ? Math.min(1, progress.bytes / progress.total_bytes) : null;

  return (
    <>
      <h1>{t('imports.title')}</h1>
      {can('imports:write') && (
        <section aria-labelledby="upload-title">
          <h2 id="upload-title">{t('imports.upload')}</h2>
          <form className="filters" onSubmit={(e) => void submit(e)}>
            <label>
              {t('imports.profile')}
              <select name="profile" value={profile} onChange={(e) => setProfile(e.target.value as Profile)}>
                {PROFILES.map((p) => (
                  <option key={p} value={p}>
                    {t(`imports.profiles.${p}`)}
                  </option>
                ))}
              </select>
            </label>
            {profile === 'bansos' && (
              <>
                <label>
                  {t('imports.program')}
                  <input name="program" required maxLength={20} />
                </label>
                <label>
                  {t('imports.period')}
                  <input name="period" required pattern="\d{4}-\d{2}" placeholder="2026-12" />
                </label>
              </>
            )}
            {profile === 'dtsen' && (
              <label>
                {t('imports.snapshot')}
                <input name="snapshot_date" type="date" />
              </label>
            )}
            <label>
              {t('imports.file')}
              <input name="file" type="file" accept=".csv,.xlsx,text/csv" required />
            </label>
            <button type="submit" disabled={upload.state === 'running'}>
              {t('imports.send')}
            </button>
          </form>
          <div aria-live="polite">
            {upload.state === 'running' && (
              <p>
                <label className="inline">
                  {t('imports.progress')}
                  <progress max={1} value={share ?? undefined} />
                </label>{' '}
                {progress &&
                  t('imports.rowsRead', {
                    rows: formatNumber(progress.rows, lang),
                    share: share === null ? '' : formatPercent(share, lang, 0),
                  })}
              </p>
            )}
            {upload.state === 'done' && (
              <p className="notice" data-testid="import-result">
                {t(upload.result.status === 'already_imported' ? 'imports.already' : 'imports.done', {
                  batch: upload.result.batch_id,
                  rows: formatNumber(upload.result.rows, lang),
                  accepted: formatNumber(upload.result.accepted, lang),
                  rejected: formatNumber(upload.result.rejected, lang),
                })}{' '}
                {upload.result.has_rejects && (
                  <a href={`/api/v1/source-batches/${upload.result.batch_id}/rejects`} download>
                    {t('imports.downloadRejects', { batch: upload.result.batch_id })}
                  </a>
                )}
              </p>
            )}
            {upload.state === 'failed' && (
              <p className="error" role="alert">
                {upload.message}
              </p>
            )}
          </div>
        </section>
      )}
      {can('batches:read') && (
        <section aria-labelledby="batches-title">
          <h2 id="batches-title">{t('imports.batches')}</h2>
          {batches.error && (
            <p className="error" role="alert">
              {errorText((batches.error as { body?: unknown }).body, lang)}
            </p>
          )}
          {batches.data && (
            <div className="table-scroll" tabIndex={0}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('imports.batch')}</th>
                    <th scope="col">{t('imports.source')}</th>
                    <th scope="col">{t('imports.file')}</th>
                    <th scope="col">{t('imports.rows')}</th>
                    <th scope="col">{t('imports.accepted')}</th>
                    <th scope="col">{t('imports.rejected')}</th>
                    <th scope="col">{t('imports.when')}</th>
                    <th scope="col">{t('imports.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {batches.data.items.map((b) => (
                    <tr key={b.id}>
                      <td className="num">{b.id}</td>
                      <td>
                        {b.source}
                        {b.program_code ? ` · ${b.program_code} ${b.period ?? ''}` : ''}
                      </td>
                      <td>{b.file_name ?? '–'}</td>
                      <td className="num">{formatNumber(b.rows_total, lang)}</td>
                      <td className="num">{formatNumber(b.rows_accepted, lang)}</td>
                      <td className="num">{formatNumber(b.rows_rejected, lang)}</td>
                      <td>
                        {formatDate(b.created_at, lang)}
                        {b.reverted_at && (
                          <>
                            <br />
                            <strong>
                              {t('imports.reverted', { date: formatDate(b.reverted_at, lang) })}
                            </strong>
                          </>
                        )}
                      </td>
                      <td className="actions">
                        {b.rows_rejected > 0 && (
                          <a href={`/api/v1/source-batches/${b.id}/rejects`} download>
                            {t('imports.downloadRejects', { batch: b.id })}
                          </a>
                        )}
                        {!b.reverted_at && can('imports:write') && (
                          <button type="button" onClick={() => setReverting(b.id)}>
                            {t('imports.revert', { batch: b.id })}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="pager">
            {cursor && (
              <button type="button" onClick={() => setCursor(undefined)}>
                {t('households.first')}
              </button>
            )}
            {batches.data?.next_cursor && (
              <button type="button" onClick={() => setCursor(batches.data.next_cursor!)}>
                {t('households.next')}
              </button>
            )}
          </div>
        </section>
      )}
      <JobsSection />
      <RevertDialog
        batch={reverting}
        onClose={() => setReverting(null)}
        onDone={() => {
          setReverting(null);
          void queryClient.invalidateQueries({ queryKey: ['batches'] });
        }}
      />
    </>
  );
}

/** Revert a batch: a modal asking for the reason, which the server audits with the revert. */
function RevertDialog({
  batch,
  onClose,
  onDone,
}: {
  batch: number | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (batch !== null && !d.open) d.showModal();
    if (batch === null && d.open) d.close();
    setError(null);
  }, [batch]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = field(new FormData(event.currentTarget), 'reason').trim();
    if (reason.length < 3) {
      setError(t('imports.reasonTooShort'));
      return;
    }
    const { error: failed } = await api.POST('/api/v1/source-batches/{id}/revert', {
      params: { path: { id: batch! } },
      body: { reason },
    });
    if (failed) setError(errorText(failed, i18n.language));
    else onDone();
  }

  return (
    <dialog ref={dialog} aria-labelledby="revert-title" onCancel={onClose}>
      <form onSubmit={(e) => void submit(e)}>
        <h2 id="revert-title">{t('imports.revertTitle', { batch: batch ?? '' })}</h2>
        <p>{t('imports.revertHelp')}</p>
        <label>
          {t('imports.reason')}
          <input
            name="reason"
            maxLength={500}
            required
            aria-describedby={error ? 'revert-error' : undefined}
          />
        </label>
        {error && (
          <p id="revert-error" className="error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={onClose}>
            {t('purpose.cancel')}
          </button>
          <button type="submit">{t('imports.revertConfirm')}</button>
        </div>
      </form>
    </dialog>
  );
}
