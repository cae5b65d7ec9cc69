import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, errorText, must } from '../api/client.js';
import { formatDate, formatNumber, type Lang } from '../format.js';
import { useSession } from '../session.js';

/**
 * Batch jobs (docs/JOBS.md): parts done per job, refreshed every few seconds while one is queued or running;
 * cancel and retry for those who run batch work. National scope only (the API shows others nothing).
 */
export function JobsSection() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { can } = useSession();
  const queryClient = useQueryClient();
  const jobs = useQuery({
    queryKey: ['jobs'],
    enabled: can('batches:read'),
    queryFn: async () => must(await api.GET('/api/v1/jobs', { params: { query: { limit: 20 } } })),
    refetchInterval: (query) =>
      query.state.data?.items.some((j) => j.state === 'queued' || j.state === 'running') ? 3000 : false,
  });
  const change = useMutation({
    mutationFn: async ({ id, action }: { id: number; action: 'cancel' | 'retry' }) =>
      must(
        await api.POST(action === 'cancel' ? '/api/v1/jobs/{id}/cancel' : '/api/v1/jobs/{id}/retry', {
          params: { path: { id } },
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['jobs'] }),
  });

  if (!can('batches:read')) return null;
  return (
    <section aria-labelledby="jobs-title">
      <h2 id="jobs-title">{t('jobs.title')}</h2>
      <p>{t('jobs.help')}</p>
      {(jobs.error ?? change.error) && (
        <p className="error" role="alert">
          {errorText(((jobs.error ?? change.error) as { body?: unknown }).body, lang)}
        </p>
      )}
      {jobs.data && jobs.data.items.length === 0 && <p>{t('jobs.none')}</p>}
      {jobs.data && jobs.data.items.length > 0 && (
        <div className="table-scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('jobs.id')}</th>
                <th scope="col">{t('jobs.kind')}</th>
                <th scope="col">{t('jobs.state')}</th>
                <th scope="col">{t('jobs.parts')}</th>
                <th scope="col">{t('jobs.progress')}</th>
                <th scope="col">{t('jobs.created')}</th>
                <th scope="col">{t('imports.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {jobs.data.items.map((j) => (
                <tr key={j.id} data-testid={`job-${j.id}`}>
                  <td className="num">{j.id}</td>
                  <td>{t(`jobs.kinds.${j.kind}`, { defaultValue: j.kind })}</td>
                  <td>
                    {t(`jobs.states.${j.state}`)}
                    {j.error && (
                      <>
                        <br />
                        <small>{j.error}</small>
                      </>
                    )}
                  </td>
                  <td>
                    <label className="inline">
                      <progress max={j.parts.total || 1} value={j.parts.done} />{' '}
                      {t('jobs.partsDone', {
                        done: formatNumber(j.parts.done, lang),
                        total: formatNumber(j.parts.total, lang),
                      })}
                    </label>
                  </td>
                  <td className="num">
                    {j.progress.total > 0
                      ? t('jobs.progressDone', {
                          done: formatNumber(j.progress.done, lang),
                          total: formatNumber(j.progress.total, lang),
                        })
                      : '–'}
                  </td>
                  <td>
                    {formatDate(j.created_at, lang)}
                    {j.created_by && (
                      <>
                        <br />
                        <small>{j.created_by}</small>
                      </>
                    )}
                  </td>
                  <td className="actions">
                    {can('imports:write') && (j.state === 'queued' || j.state === 'running') && (
                      <button type="button" onClick={() => change.mutate({ id: j.id, action: 'cancel' })}>
                        {t('jobs.cancel', { id: j.id })}
                      </button>
                    )}
                    {can('imports:write') && (j.state === 'failed' || j.state === 'cancelled') && (
                      <button type="button" onClick={() => change.mutate({ id: j.id, action: 'retry' })}>
                        {t('jobs.retry', { id: j.id })}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
