import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorText, must, type paths } from '../api/client.js';
import { Chart } from '../components/Chart.js';
import { formatDate, formatNumber, formatPercent, formatRupiah, type Lang } from '../format.js';
import { field } from '../forms.js';
import { useSession } from '../session.js';

type Diagnostic = {
  severity: string;
  code: string;
  message: string;
  path: string;
  line: number;
  col: number;
};
type Simulation = paths['/api/v1/policies/simulate']['post']['responses'][200]['content']['application/json'];

const errorMessage = (e: unknown, lang: string) => errorText((e as { body?: unknown }).body ?? e, lang);

/** Policies: the YAML editor with diagnostics at their line, simulation, two versions side by side, apply. */
export default function PoliciesPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { can } = useSession();
  const stored = useQuery({
    queryKey: ['policies'],
    queryFn: async () => must(await api.GET('/api/v1/policies')).items,
  });
  const versions = useMemo(
    () => (stored.data ?? []).flatMap((p) => p.versions.map((v) => ({ ...v, policy_id: p.policy_id }))),
    [stored.data],
  );
  const [text, setText] = useState<string | null>(null);
  const [compareWith, setCompareWith] = useState<string>('');
  const [diagnostics, setDiagnostics] = useState<Diagnostic[] | null>(null);
  const [region, setRegion] = useState('');
  const load = async (key: string) => {
    const [policy, version] = key.split('@') as [string, string];
    return must(
      await api.GET('/api/v1/policies/{policy}/versions/{version}', {
        params: { path: { policy, version: Number(version) } },
      }),
    ).text;
  };
  // The editor opens on the newest stored version.
  const first = versions[0] ? `${versions[0].policy_id}@${versions[0].version}` : null;
  useEffect(() => {
    if (first && text === null) void load(first).then((loaded) => setText((current) => current ?? loaded));
  }, [first, text]);
  const other = useQuery({
    queryKey: ['policy-text', compareWith],
    enabled: compareWith !== '',
    queryFn: () => load(compareWith),
  });

  const validate = useMutation({
    mutationFn: async (body: string) =>
      must(await api.POST('/api/v1/policies/validate', { body: { text: body } })),
    onSuccess: (r) => setDiagnostics(r.diagnostics),
  });
  const simulate = useMutation({
    mutationFn: async (body: string) =>
      must(
        await api.POST('/api/v1/policies/simulate', {
          body: {
            text: body,
            ...(other.data && compareWith ? { against: other.data } : {}),
            ...(region ? { region } : {}),
          },
        }),
      ),
  });
  const apply = useMutation({
    mutationFn: async (effective: string) =>
      must(
        await api.POST('/api/v1/policies/apply', {
          body: { text: text ?? '', effective, ...(region ? { region } : {}) },
        }),
      ),
  });

  const errors = (diagnostics ?? []).filter((d) => d.severity === 'error');
  return (
    <>
      <h1>{t('policies.title')}</h1>
      <section aria-labelledby="stored-title">
        <h2 id="stored-title">{t('policies.stored')}</h2>
        <div className="table-scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('policies.policy')}</th>
                <th scope="col">{t('policies.version')}</th>
                <th scope="col">{t('policies.asOf')}</th>
                <th scope="col">{t('policies.applications')}</th>
                <th scope="col">{t('policies.lastApplied')}</th>
                <th scope="col">{t('imports.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={`${v.policy_id}@${v.version}`}>
                  <td>{v.policy_id}</td>
                  <td className="num">{v.version}</td>
                  <td>{formatDate(v.as_of, lang)}</td>
                  <td className="num">{formatNumber(v.applications, lang)}</td>
                  <td>{v.last_applied_at ? formatDate(v.last_applied_at, lang) : '–'}</td>
                  <td>
                    <button
                      type="button"
                      onClick={() =>
                        void load(`${v.policy_id}@${v.version}`).then((loaded) => {
                          setText(loaded);
                          setDiagnostics(null);
                        })
                      }
                    >
                      {t('policies.open', { policy: v.policy_id, version: v.version })}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="editor-title">
        <h2 id="editor-title">{t('policies.editor')}</h2>
        <div className="filters">
          <label>
            {t('policies.compareWith')}
            <select value={compareWith} onChange={(e) => setCompareWith(e.target.value)}>
              <option value="">{t('policies.noCompare')}</option>
              {versions.map((v) => (
                <option key={`${v.policy_id}@${v.version}`} value={`${v.policy_id}@${v.version}`}>
                  {v.policy_id} v{v.version}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('policies.region')}
            <input value={region} onChange={(e) => setRegion(e.target.value.trim())} placeholder="53.01" />
          </label>
        </div>
        <div className={compareWith ? 'side-by-side-editors' : undefined}>
          <Editor
            label={t('policies.text')}
            value={text ?? ''}
            onChange={(v) => {
              setText(v);
              setDiagnostics(null);
            }}
            diagnostics={diagnostics ?? []}
          />
          {compareWith && (
            <Editor
              label={t('policies.otherText', { version: compareWith.replace('@', ' v') })}
              value={other.data ?? ''}
              readOnly
              diagnostics={[]}
            />
          )}
        </div>
        <div className="actions">
          <button type="button" onClick={() => validate.mutate(text ?? '')} disabled={text === null}>
            {t('policies.validate')}
          </button>
          <button
            type="button"
            onClick={() => simulate.mutate(text ?? '')}
            disabled={text === null || simulate.isPending}
          >
            {simulate.isPending ? t('policies.simulating') : t('policies.simulate')}
          </button>
        </div>
        <div aria-live="polite">
          {diagnostics && errors.length === 0 && (
            <p className="notice">{t('policies.valid', { n: diagnostics.length })}</p>
          )}
          {diagnostics && diagnostics.length > 0 && (
            <ul className="diagnostics" aria-label={t('policies.diagnostics')}>
              {diagnostics.map((d, i) => (
                <li key={i} className={d.severity}>
                  {t('policies.at', { line: d.line, col: d.col })} {d.severity} {d.code}: {d.message} (
                  {d.path})
                </li>
              ))}
            </ul>
          )}
          {validate.error && (
            <p className="error" role="alert">
              {errorMessage(validate.error, lang)}
            </p>
          )}
          {simulate.error && (
            <p className="error" role="alert">
              {errorMessage(simulate.error, lang)}
            </p>
          )}
        </div>
      </section>
      {simulate.data && <SimulationView result={simulate.data} />}
      {can('policies:write') && (
        <ApplyForm
          disabled={text === null}
          pending={apply.isPending}
          onApply={(effective) => apply.mutate(effective)}
          result={
            apply.data
              ? t('policies.applied', {
                  policy: apply.data.policy.id,
                  version: apply.data.policy.version,
                  households: formatNumber(apply.data.households, lang),
                  effective: formatDate(apply.data.effective, lang),
                })
              : null
          }
          error={apply.error ? errorMessage(apply.error, lang) : null}
        />
      )}
    </>
  );
}

/** A YAML text area with line numbers; lines with a diagnostic are marked and named in the list below it. */
function Editor({
  label,
  value,
  onChange,
  readOnly,
  diagnostics,
}: {
  label: string;
  value: string;
  onChange?: (v: string) => void;
  readOnly?: boolean;
  diagnostics: Diagnostic[];
}) {
  const gutter = useRef<HTMLPreElement>(null);
  const lines = value.split('\n').length;
  const marked = new Set(diagnostics.map((d) => d.line));
  return (
    <div className="editor">
      <pre ref={gutter} className="gutter" aria-hidden="true">
        {Array.from({ length: lines }, (_, i) => (
          <span key={i} className={marked.has(i + 1) ? 'marked' : undefined} data-line={i + 1}>
            {i + 1}
            {'\n'}
          </span>
        ))}
      </pre>
      <label className="editor-text">
        <span className="sr-only">{label}</span>
        <textarea
          value={value}
          readOnly={readOnly}
          spellCheck={false}
          rows={24}
          onChange={(e) => onChange?.(e.target.value)}
          onScroll={(e) => {
            if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
          }}
        />
      </label>
    </div>
  );
}

function SimulationView({ result }: { result: Simulation }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const codes = Object.keys(result.by_treatment).sort();
  const option = useMemo(
    () => ({
      grid: { left: 64, right: 12, top: 28, bottom: 90 },
      tooltip: { trigger: 'axis' as const },
      legend: { top: 0 },
      xAxis: { type: 'category' as const, data: codes, axisLabel: { rotate: 30 } },
      yAxis: { type: 'value' as const },
      series: [
        {
          type: 'bar' as const,
          name: `${result.policy.id} v${result.policy.version}`,
          data: codes.map((c) => result.by_treatment[c] ?? 0),
          itemStyle: { color: '#3182bd' },
        },
        ...(result.against
          ? [
              {
                type: 'bar' as const,
                name: `${result.against.policy.id} v${result.against.policy.version}`,
                data: codes.map((c) => result.against!.by_treatment[c] ?? 0),
                itemStyle: { color: '#fd8d3c' },
              },
            ]
          : []),
      ],
    }),
    [result, codes],
  );
  return (
    <section aria-labelledby="simulation-title" data-testid="simulation">
      <h2 id="simulation-title">{t('policies.simulation')}</h2>
      <dl className="kpis">
        <div>
          <dt>{t('policies.households')}</dt>
          <dd>{formatNumber(result.households, lang)}</dd>
        </div>
        <div>
          <dt>{t('policies.monthlyCost')}</dt>
          <dd>{formatRupiah(result.cost.monthly)}</dd>
        </div>
        <div>
          <dt>{t('policies.yearlyCost')}</dt>
          <dd>{formatRupiah(result.cost.yearly)}</dd>
        </div>
        <div>
          <dt>{t('overview.exclusionError')}</dt>
          <dd>{formatPercent(result.quality.exclusion_error, lang)}</dd>
        </div>
        <div>
          <dt>{t('overview.inclusionError')}</dt>
          <dd>{formatPercent(result.quality.inclusion_error, lang)}</dd>
        </div>
      </dl>
      <Chart option={option} label={t('policies.byTreatment')} height={300} />
      <div className="table-scroll" tabIndex={0}>
        <table>
          <caption>{t('policies.byTreatment')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('household.treatment')}</th>
              <th scope="col">{t('policies.households')}</th>
              <th scope="col">{t('policies.monthlyCost')}</th>
              {result.comparison && <th scope="col">{t('policies.otherCount')}</th>}
              {result.comparison && <th scope="col">{t('policies.difference')}</th>}
            </tr>
          </thead>
          <tbody>
            {codes.map((c) => (
              <tr key={c}>
                <th scope="row">{c}</th>
                <td className="num">{formatNumber(result.by_treatment[c] ?? 0, lang)}</td>
                <td className="num">{formatRupiah(result.cost.by_treatment[c]?.monthly ?? 0)}</td>
                {result.comparison && (
                  <td className="num">{formatNumber(result.comparison.by_treatment[c]?.other ?? 0, lang)}</td>
                )}
                {result.comparison && (
                  <td className="num">
                    {formatNumber(result.comparison.by_treatment[c]?.difference ?? 0, lang)}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {result.comparison && (
        <p>
          {t('policies.changed', {
            households: formatNumber(result.comparison.households_changed, lang),
            cost: formatRupiah(result.comparison.cost_difference.monthly),
          })}
        </p>
      )}
      <div className="table-scroll" tabIndex={0}>
        <table>
          <caption>{t('policies.fairness')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('policies.group')}</th>
              <th scope="col">{t('policies.households')}</th>
              <th scope="col">{t('policies.targeted')}</th>
              <th scope="col">{t('overview.exclusionError')}</th>
              <th scope="col">{t('overview.inclusionError')}</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(result.fairness).flatMap(([split, groups]) =>
              Object.entries(groups).map(([group, q]) => (
                <tr key={`${split}-${group}`}>
                  <th scope="row">
                    {t(`policies.splits.${split}`, { defaultValue: split })}: {group}
                  </th>
                  <td className="num">{formatNumber(q.households, lang)}</td>
                  <td className="num">{formatNumber(q.targeted, lang)}</td>
                  <td className="num">{formatPercent(q.exclusion_error, lang)}</td>
                  <td className="num">{formatPercent(q.inclusion_error, lang)}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ApplyForm({
  disabled,
  pending,
  onApply,
  result,
  error,
}: {
  disabled: boolean;
  pending: boolean;
  onApply: (effective: string) => void;
  result: string | null;
  error: string | null;
}) {
  const { t } = useTranslation();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const effective = field(new FormData(event.currentTarget), 'effective');
    if (effective && window.confirm(t('policies.confirmApply', { date: effective }))) onApply(effective);
  }
  return (
    <section aria-labelledby="apply-title">
      <h2 id="apply-title">{t('policies.apply')}</h2>
      <p>{t('policies.applyHelp')}</p>
      <form className="filters" onSubmit={submit}>
        <label>
          {t('policies.effective')}
          <input name="effective" type="date" required />
        </label>
        <button type="submit" disabled={disabled || pending}>
          {t('policies.applyButton')}
        </button>
      </form>
      <div aria-live="polite">
        {result && <p className="notice">{result}</p>}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </div>
    </section>
  );
}
