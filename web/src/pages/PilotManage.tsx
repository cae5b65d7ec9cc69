import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { api, errorText, must, type paths } from '../api/client.js';
import { formatNumber, type Lang } from '../format.js';
import { field } from '../forms.js';

type Pilot = paths['/api/v1/pilots/{id}']['get']['responses'][200]['content']['application/json'];
type Design = 'randomized' | 'stepped_wedge' | 'non_randomized';
const DESIGNS: Design[] = ['randomized', 'stepped_wedge', 'non_randomized'];
const DEFAULT_TREATMENTS = 'ANGGOTA_MODAL_PENDAMPINGAN, ANGGOTA_SIMPANAN';

const failure = (e: unknown, lang: string) => errorText((e as { body?: unknown }).body ?? e, lang);

/** What the village ranking hands over when the user creates a pilot from its villages. */
export interface RankingSelection {
  villages: string[];
}

/** The smallest region holding every village: the codes' longest common run of segments ("53.01" …). */
export function commonRegion(villages: string[]): string {
  const parts = villages.map((v) => v.split('.'));
  const first = parts[0] ?? [];
  let n = 0;
  while (n < first.length && parts.every((p) => p[n] === first[n])) n++;
  return first.slice(0, n).join('.');
}

/** Create a pilot over a region's villages, or over villages chosen from the village ranking (pilots:manage). */
export function CreatePilotForm() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const state = useLocation().state as RankingSelection | null;
  const villages = state?.villages ?? null;
  const [design, setDesign] = useState<Design>('randomized');
  const [waves, setWaves] = useState<string[]>(['', '']);
  const policies = useQuery({
    queryKey: ['policies'],
    queryFn: async () => must(await api.GET('/api/v1/policies')).items,
  });
  const create = useMutation({
    mutationFn: async (form: FormData) => {
      const maxClusters = field(form, 'max_clusters');
      const comparison = field(form, 'comparison_method');
      return must(
        await api.POST('/api/v1/pilots', {
          body: {
            name: field(form, 'name'),
            region_code: field(form, 'region_code'),
            design,
            ...(design === 'stepped_wedge' ? {} : { treated_share: field(form, 'treated_share') }),
            waves: waves.filter((w) => w !== '').map((starts_on) => ({ starts_on })),
            policy_id: field(form, 'policy_id'),
            member_treatments: field(form, 'member_treatments')
              .split(/[,\s]+/)
              .filter((x) => x !== ''),
            ...(comparison ? { comparison_method: comparison } : {}),
            ...(villages ? { villages } : {}),
            ...(maxClusters ? { max_clusters: Number(maxClusters) } : {}),
          },
        }),
      );
    },
    onSuccess: async (pilot) => {
      await queryClient.invalidateQueries({ queryKey: ['pilots'] });
      void navigate(`/pilots/${pilot.id}`);
    },
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    create.mutate(new FormData(e.currentTarget));
  };
  return (
    <section aria-labelledby="create-pilot-title">
      <h2 id="create-pilot-title">{t('pilots.create')}</h2>
      <p>
        {villages
          ? t('pilots.fromRanking', { n: formatNumber(villages.length, lang) })
          : t('pilots.createHelp')}
      </p>
      <form className="stack-form" aria-labelledby="create-pilot-title" onSubmit={submit}>
        <label>
          {t('pilots.name')}
          <input name="name" required maxLength={200} />
        </label>
        <label>
          {t('pilots.region')}
          <input
            name="region_code"
            required
            pattern="^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$"
            defaultValue={villages ? commonRegion(villages) : ''}
            readOnly={villages !== null}
          />
        </label>
        <label>
          {t('pilots.design')}
          <select name="design" value={design} onChange={(e) => setDesign(e.target.value as Design)}>
            {DESIGNS.map((d) => (
              <option key={d} value={d}>
                {t(`pilots.designs.${d}`)}
              </option>
            ))}
          </select>
        </label>
        {design !== 'stepped_wedge' && (
          <label>
            {t('pilots.treatedShare')}
            <input name="treated_share" inputMode="decimal" defaultValue="0.5" maxLength={8} />
          </label>
        )}
        {design === 'non_randomized' && (
          <label>
            {t('pilots.comparisonMethod')}
            <textarea name="comparison_method" required maxLength={2000} rows={2} />
          </label>
        )}
        <label>
          {t('pilots.policy')}
          <select name="policy_id" required>
            {(policies.data ?? []).map((p) => (
              <option key={p.policy_id} value={p.policy_id}>
                {p.policy_id}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('pilots.memberTreatments')}
          <input name="member_treatments" required defaultValue={DEFAULT_TREATMENTS} />
        </label>
        {!villages && (
          <label>
            {t('pilots.maxClusters')}
            <input name="max_clusters" type="number" min={2} max={100000} />
          </label>
        )}
        <fieldset>
          <legend>{t('pilots.waveStarts')}</legend>
          {waves.map((w, i) => (
            <label key={i}>
              {t('pilots.waveStart', { n: i + 1 })}
              <input
                type="date"
                required
                value={w}
                onChange={(e) => setWaves(waves.map((x, j) => (j === i ? e.target.value : x)))}
              />
            </label>
          ))}
          <div className="actions">
            <button type="button" onClick={() => setWaves([...waves, ''])} disabled={waves.length >= 100}>
              {t('pilots.addWave')}
            </button>
            <button type="button" onClick={() => setWaves(waves.slice(0, -1))} disabled={waves.length <= 1}>
              {t('pilots.removeWave')}
            </button>
          </div>
        </fieldset>
        <button type="submit" disabled={create.isPending}>
          {t('pilots.createSubmit')}
        </button>
        {create.error && (
          <p className="error" role="alert">
            {failure(create.error, lang)}
          </p>
        )}
      </form>
    </section>
  );
}

/** Randomise (a draft draw from a seed; after publication a new draw needs a reason), publish, open waves. */
export function PilotActions({ pilot }: { pilot: Pilot }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<string | null>(null);
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ['pilot', pilot.id] });
    await queryClient.invalidateQueries({ queryKey: ['pilots'] });
  };
  const published = pilot.randomization?.status === 'published';
  const randomize = useMutation({
    mutationFn: async (form: FormData) => {
      const reason = field(form, 'reason');
      return must(
        await api.POST('/api/v1/pilots/{id}/randomize', {
          params: { path: { id: pilot.id } },
          body: { seed: field(form, 'seed'), ...(reason ? { reason } : {}) },
        }),
      );
    },
    onSuccess: async (r) => {
      setMessage(
        t('pilots.randomized', {
          treated: formatNumber(r.treated, lang),
          control: formatNumber(r.control, lang),
        }),
      );
      await refresh();
    },
  });
  const publish = useMutation({
    mutationFn: async () =>
      must(await api.POST('/api/v1/pilots/{id}/publish', { params: { path: { id: pilot.id } } })),
    onSuccess: async () => {
      setMessage(t('pilots.publishedMessage'));
      await refresh();
    },
  });
  const openWave = useMutation({
    mutationFn: async (waveNo: number) =>
      must(
        await api.POST('/api/v1/pilots/{id}/waves/open', {
          params: { path: { id: pilot.id } },
          body: { wave_no: waveNo },
        }),
      ),
    onSuccess: async (r) => {
      setMessage(
        t('pilots.waveOpened', {
          wave: r.wave_no,
          clusters: formatNumber(r.clusters, lang),
          identified: formatNumber(r.identified, lang),
        }),
      );
      await refresh();
      await queryClient.invalidateQueries({ queryKey: ['work-list'] });
    },
  });
  const error = randomize.error ?? publish.error ?? openWave.error;
  const nextWave = pilot.waves.find((w) => !w.opened_at);
  return (
    <section aria-labelledby="pilot-actions-title" data-testid="pilot-actions">
      <h3 id="pilot-actions-title">{t('pilots.manage')}</h3>
      <form
        className="filters"
        aria-label={t('pilots.randomize')}
        onSubmit={(e) => {
          e.preventDefault();
          randomize.mutate(new FormData(e.currentTarget));
        }}
      >
        <label>
          {t('pilots.seed')}
          <input name="seed" required inputMode="numeric" pattern="^\d{1,15}$" maxLength={15} />
        </label>
        {published && (
          <label>
            {t('pilots.reason')}
            <input name="reason" required minLength={3} maxLength={2000} />
          </label>
        )}
        <button type="submit" disabled={randomize.isPending}>
          {published ? t('pilots.redraw') : t('pilots.randomize')}
        </button>
      </form>
      {pilot.randomization?.status === 'draft' && (
        <div className="filters">
          <p>{t('pilots.publishHelp')}</p>
          <button type="button" disabled={publish.isPending} onClick={() => publish.mutate()}>
            {t('pilots.publish')}
          </button>
        </div>
      )}
      {published && nextWave && (
        <div className="filters">
          <button
            type="button"
            disabled={openWave.isPending}
            onClick={() => openWave.mutate(nextWave.wave_no)}
          >
            {t('pilots.openWave', { wave: nextWave.wave_no })}
          </button>
        </div>
      )}
      <p role="status" aria-live="polite">
        {message}
      </p>
      {error && (
        <p className="error" role="alert">
          {failure(error, lang)}
        </p>
      )}
    </section>
  );
}
