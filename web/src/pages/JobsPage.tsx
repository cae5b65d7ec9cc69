import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorText, must } from '../api/client.js';
import { type Lang } from '../format.js';
import { field } from '../forms.js';
import { useSession } from '../session.js';
import { JobsSection } from './JobsSection.js';

const failure = (e: unknown, lang: string) => errorText((e as { body?: unknown }).body ?? e, lang);

/**
 * Batch jobs (docs/JOBS.md): every job with its state, parts and progress, refreshed while one runs; and a form
 * that starts the kinds the server says this user may submit (`submittable` of GET /jobs: each kind's
 * permission, national scope only), with what each kind needs — an indicator, a stored policy version (and an
 * effective date to apply it), a linkage source, a program.
 */
export default function JobsPage() {
  const { t } = useTranslation();
  const jobs = useQuery({
    queryKey: ['jobs'],
    queryFn: async () => must(await api.GET('/api/v1/jobs', { params: { query: { limit: 20 } } })),
  });
  const kinds = jobs.data?.submittable ?? [];
  return (
    <>
      <h1>{t('jobs.page')}</h1>
      {kinds.length > 0 && <StartJob kinds={kinds} />}
      {jobs.data && kinds.length === 0 && <p>{t('jobs.cannotStart')}</p>}
      <JobsSection />
    </>
  );
}

type Kind = 'indicator-refresh' | 'policy-simulate' | 'policy-apply' | 'link-run' | 'targeting-report';
const isKind = (k: string): k is Kind =>
  ['indicator-refresh', 'policy-simulate', 'policy-apply', 'link-run', 'targeting-report'].includes(k);

function StartJob({ kinds }: { kinds: string[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { can } = useSession();
  const queryClient = useQueryClient();
  const offered = kinds.filter(isKind);
  const [kind, setKind] = useState<Kind | ''>('');
  const chosen: Kind | undefined = kind === '' ? offered[0] : kind;
  const indicators = useQuery({
    queryKey: ['indicator-definitions'],
    enabled: chosen === 'indicator-refresh',
    queryFn: async () => must(await api.GET('/api/v1/indicators')).items,
  });
  const policies = useQuery({
    queryKey: ['policies'],
    enabled: (chosen === 'policy-simulate' || chosen === 'policy-apply') && can('policies:read'),
    queryFn: async () => must(await api.GET('/api/v1/policies')).items,
  });
  const programs = useQuery({
    queryKey: ['programs'],
    enabled: chosen === 'targeting-report',
    queryFn: async () => must(await api.GET('/api/v1/programs')).items,
  });
  const [started, setStarted] = useState<number | null>(null);
  const submit = useMutation({
    mutationFn: async (form: FormData) => {
      if (!chosen) throw new Error('no kind');
      let params: Record<string, unknown> = {};
      if (chosen === 'indicator-refresh') params = { ids: [field(form, 'indicator')] };
      if (chosen === 'link-run') params = { source: field(form, 'source') };
      if (chosen === 'targeting-report') {
        const program = field(form, 'program');
        params = program ? { program } : {};
      }
      if (chosen === 'policy-simulate' || chosen === 'policy-apply') {
        const [policy, version] = field(form, 'policy').split('@') as [string, string];
        const { text } = must(
          await api.GET('/api/v1/policies/{policy}/versions/{version}', {
            params: { path: { policy, version: Number(version) } },
          }),
        );
        params = { policy_text: text };
        if (chosen === 'policy-apply') params.effective = field(form, 'effective');
      }
      return must(await api.POST('/api/v1/jobs', { body: { kind: chosen, params } }));
    },
    onSuccess: async (detail) => {
      setStarted(detail.job.id);
      await queryClient.invalidateQueries({ queryKey: ['jobs'] });
    },
  });
  if (!chosen) return null;
  const name = (d: { name: { id: string; en: string } }) => (lang === 'id' ? d.name.id : d.name.en);
  return (
    <form
      className="stack-form"
      aria-labelledby="start-job-title"
      onSubmit={(e) => {
        e.preventDefault();
        setStarted(null);
        submit.mutate(new FormData(e.currentTarget));
      }}
    >
      <h2 id="start-job-title">{t('jobs.start')}</h2>
      <label>
        {t('jobs.kind')}
        <select
          name="kind"
          value={chosen}
          onChange={(e) => isKind(e.target.value) && setKind(e.target.value)}
        >
          {offered.map((k) => (
            <option key={k} value={k}>
              {t(`jobs.kinds.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <p>{t(`jobs.kindHelp.${chosen}`)}</p>
      {chosen === 'indicator-refresh' && (
        <label>
          {t('jobs.indicator')}
          <select name="indicator" required key="indicator">
            {(indicators.data ?? []).map((d) => (
              <option key={d.id} value={d.id}>
                {name(d)}
              </option>
            ))}
          </select>
        </label>
      )}
      {(chosen === 'policy-simulate' || chosen === 'policy-apply') && (
        <label>
          {t('jobs.policy')}
          <select name="policy" required key="policy">
            {(policies.data ?? []).flatMap((p) =>
              p.versions.map((v) => (
                <option key={`${p.policy_id}@${v.version}`} value={`${p.policy_id}@${v.version}`}>
                  {t('jobs.policyVersion', { policy: p.policy_id, version: v.version })}
                </option>
              )),
            )}
          </select>
        </label>
      )}
      {chosen === 'policy-apply' && (
        <label>
          {t('jobs.effective')}
          <input name="effective" type="date" required />
        </label>
      )}
      {chosen === 'link-run' && (
        <label>
          {t('jobs.source')}
          <select name="source" defaultValue="all" key="source">
            {(['all', 'bansos', 'members'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`jobs.sources.${s}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      {chosen === 'targeting-report' && (
        <label>
          {t('jobs.program')}
          <select name="program" defaultValue="" key="program">
            <option value="">{t('jobs.allPrograms')}</option>
            {(programs.data ?? []).map((p) => (
              <option key={p.code} value={p.code}>
                {p.code} — {p.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {submit.error && (
        <p className="error" role="alert">
          {failure(submit.error, lang)}
        </p>
      )}
      {started !== null && (
        <p className="notice" role="status">
          {t('jobs.started', { id: started })}
        </p>
      )}
      <button type="submit" disabled={submit.isPending}>
        {t('jobs.startSubmit', { kind: t(`jobs.kinds.${chosen}`) })}
      </button>
    </form>
  );
}
