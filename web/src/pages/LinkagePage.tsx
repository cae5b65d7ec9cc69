import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, errorText, must } from '../api/client.js';
import { formatDate, formatNumber, formatPercent, type Lang } from '../format.js';

type Pair = NonNullable<Awaited<ReturnType<typeof fetchQueue>>>[number];

async function fetchQueue(run: number) {
  return must(await api.GET('/api/v1/linkage/runs/{id}/review', { params: { path: { id: run } } })).items;
}

/** Linkage review: runs with their quality figures; a run's queue one pair at a time, decided by keyboard. */
export default function LinkagePage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { run } = useParams();
  const runs = useQuery({
    queryKey: ['linkage', 'runs'],
    queryFn: async () => must(await api.GET('/api/v1/linkage/runs')).items,
  });
  return (
    <>
      <h1>{t('linkage.title')}</h1>
      <section aria-labelledby="runs-title">
        <h2 id="runs-title">{t('linkage.runs')}</h2>
        {runs.data && runs.data.length === 0 && <p>{t('linkage.noRuns')}</p>}
        {runs.data && runs.data.length > 0 && (
          <div className="table-scroll" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('linkage.run')}</th>
                  <th scope="col">{t('linkage.sources')}</th>
                  <th scope="col">{t('linkage.candidates')}</th>
                  <th scope="col">{t('linkage.matches')}</th>
                  <th scope="col">{t('linkage.matchRate')}</th>
                  <th scope="col">{t('linkage.review')}</th>
                  <th scope="col">{t('linkage.finished')}</th>
                </tr>
              </thead>
              <tbody>
                {runs.data.map((r) => (
                  <tr key={r.id} aria-current={String(r.id) === run ? 'true' : undefined}>
                    <td>
                      <Link to={`/linkage/${r.id}`} aria-label={t('linkage.openRun', { id: r.id })}>
                        #{r.id}
                      </Link>{' '}
                      {r.kind}
                    </td>
                    <td>
                      {r.left_source}
                      {r.right_source ? ` ↔ ${r.right_source}` : ''}
                    </td>
                    <td className="num">{formatNumber(r.candidate_pairs, lang)}</td>
                    <td className="num">{formatNumber(r.matches, lang)}</td>
                    <td className="num">
                      {r.candidate_pairs > 0 ? formatPercent(r.matches / r.candidate_pairs, lang) : '–'}
                    </td>
                    <td className="num">{formatNumber(r.review, lang)}</td>
                    <td>{formatDate(r.finished_at, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {run && <ReviewQueue run={Number(run)} />}
    </>
  );
}

function ReviewQueue({ run }: { run: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const queryClient = useQueryClient();
  const queue = useQuery({ queryKey: ['linkage', 'review', run], queryFn: () => fetchQueue(run) });
  // Decided pairs leave the queue at once (the next pair shows without waiting for the server).
  const [decided, setDecided] = useState<Set<string>>(new Set());
  const [last, setLast] = useState<{ pair: Pair; decision: Decision } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const open = (queue.data ?? []).filter((p) => !decided.has(keyOf(p)));
  const pair = open[0];
  const decide = useMutation({
    mutationFn: async ({ pair, decision }: { pair: Pair; decision: Decision }) =>
      must(
        await api.POST('/api/v1/linkage/runs/{id}/review', {
          params: { path: { id: run } },
          body: { left_key: pair.left_key, right_key: pair.right_key, decision },
        }),
      ),
    onError: (error, { pair }) => {
      setProblem(errorText((error as { body?: unknown }).body, lang));
      setDecided((d) => {
        const next = new Set(d);
        next.delete(keyOf(pair));
        return next;
      });
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['linkage', 'runs'] }),
  });

  function choose(decision: Decision) {
    if (!pair) return;
    setProblem(null);
    setDecided((d) => new Set(d).add(keyOf(pair)));
    setLast({ pair, decision });
    decide.mutate({ pair, decision });
  }

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === 'a' || event.key === 'A') choose('match');
      else if (event.key === 'r' || event.key === 'R') choose('non_match');
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <section aria-labelledby="queue-title">
      <h2 id="queue-title">{t('linkage.queue', { id: run })}</h2>
      <p>{t('linkage.keys')}</p>
      <p aria-live="polite" data-testid="queue-status">
        {queue.data && t('linkage.remaining', { n: formatNumber(open.length, lang) })}
        {last &&
          ` ${t('linkage.lastDecision', { decision: t(`linkage.${last.decision}`), name: last.pair.left?.name ?? last.pair.left_key })}`}
      </p>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {queue.data && !pair && <p>{t('linkage.empty')}</p>}
      {pair && (
        <article className="pair" aria-labelledby="pair-title">
          <h3 id="pair-title">
            {t('linkage.pair', { probability: formatPercent(pair.match_probability, lang) })}
          </h3>
          <div className="table-scroll" tabIndex={0}>
            <table className="side-by-side">
              <thead>
                <tr>
                  <th scope="col">{t('linkage.field')}</th>
                  <th scope="col">{t('linkage.left', { source: pair.left?.source ?? pair.left_key })}</th>
                  <th scope="col">{t('linkage.right', { source: pair.right?.source ?? pair.right_key })}</th>
                  <th scope="col">{t('linkage.same')}</th>
                </tr>
              </thead>
              <tbody>
                {pair.fields.map((f) => (
                  <tr key={f.field} className={f.same === false ? 'differs' : undefined}>
                    <th scope="row">{t(`linkage.fields.${f.field}`)}</th>
                    <td className="mono">{f.left ?? '–'}</td>
                    <td className="mono">{f.right ?? '–'}</td>
                    <td>{f.same === null ? '–' : f.same ? t('linkage.yes') : t('linkage.no')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Evidence explanation={pair.explanation} />
          <div className="actions">
            <button type="button" className="accept" onClick={() => choose('match')}>
              {t('linkage.accept')} <kbd>A</kbd>
            </button>
            <button type="button" className="reject" onClick={() => choose('non_match')}>
              {t('linkage.reject')} <kbd>R</kbd>
            </button>
          </div>
        </article>
      )}
    </section>
  );
}

type Decision = 'match' | 'non_match';

const keyOf = (p: Pair) => `${p.left_key}|${p.right_key}`;

/** Field-by-field evidence: each weight (log2 Bayes factor) as a bar, for or against the match. */
function Evidence({ explanation }: { explanation: Record<string, number> }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const entries = Object.entries(explanation).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
  const largest = Math.max(1, ...entries.map(([, w]) => Math.abs(w)));
  if (entries.length === 0) return null;
  return (
    <figure className="evidence">
      <figcaption>{t('linkage.evidence')}</figcaption>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('linkage.field')}</th>
            <th scope="col">{t('linkage.weight')}</th>
            <th scope="col">
              <span className="sr-only">{t('linkage.bar')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map(([name, weight]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td className="num">{formatNumber(weight, lang, 2)}</td>
              <td className="bar-cell" aria-hidden="true">
                <span
                  className={weight >= 0 ? 'bar for' : 'bar against'}
                  style={{ width: `${(Math.abs(weight) / largest) * 100}%` }}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
