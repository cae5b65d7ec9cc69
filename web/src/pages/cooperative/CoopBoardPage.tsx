import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { OFFICER_POSITIONS } from '../../../../src/cooperatives/operations/register-checks.js';
import { api, errorText, must } from '../../api/client.js';
import { Dialog } from '../../components/Dialog.js';
import { formatDate, type Lang } from '../../format.js';
import { field } from '../../forms.js';
import { useSession } from '../../session.js';
import { CoopHeader, useCooperative } from './CoopHeader.js';

const failure = (e: unknown, lang: string) => errorText((e as { body?: unknown }).body ?? e, lang);
const today = () => new Date().toISOString().slice(0, 10);

/**
 * The board (pengurus and pengawas) as the registrar checks it: current officers, the registrar's findings
 * (errors and warnings, in the server's words), and — with cooperatives:manage — appoint an officer, end a term
 * and record the RAT. Every change goes through the cooperative operations API, which checks scope and audits.
 */
export default function CoopBoardPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const id = Number(useParams().id);
  const { can } = useSession();
  const manage = can('cooperatives:manage');
  const coop = useCooperative(id);
  const check = useQuery({
    queryKey: ['cooperative', id, 'register-check'],
    queryFn: async () =>
      must(await api.GET('/api/v1/cooperatives/{id}/register-check', { params: { path: { id } } })),
  });
  const [ending, setEnding] = useState<{ id: number; name: string } | null>(null);
  if (coop.error) return <p className="error">{failure(coop.error, lang)}</p>;
  if (!coop.data) return <p className="loading">{t('app.loading')}</p>;
  const c = check.data;
  return (
    <>
      <CoopHeader id={id} name={coop.data.name} />
      <h2 id="board-title">{t('board.title')}</h2>
      {check.error && (
        <p className="error" role="alert">
          {failure(check.error, lang)}
        </p>
      )}
      {c && (
        <>
          <p data-testid="register-status" className={c.in_order ? 'notice' : 'error'}>
            {c.in_order ? t('board.inOrder') : t('board.notInOrder')}
          </p>
          {c.findings.length > 0 && (
            <ul className="findings" aria-label={t('board.findings')}>
              {c.findings.map((f, i) => (
                <li key={i} className={f.severity}>
                  <strong>{t(`board.severity.${f.severity}`)}:</strong>{' '}
                  {lang === 'id' ? f.message.id : f.message.en}
                </li>
              ))}
            </ul>
          )}
          <div className="table-scroll" tabIndex={0}>
            <table aria-labelledby="board-title" data-testid="officers">
              <thead>
                <tr>
                  <th scope="col">{t('board.position')}</th>
                  <th scope="col">{t('board.name')}</th>
                  <th scope="col">{t('board.since')}</th>
                  {manage && <th scope="col">{t('board.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {c.officers.map((o) => (
                  <tr key={o.id}>
                    <td>
                      {t(`board.positions.${o.position}`, { defaultValue: o.position })}
                      {o.ex_officio ? ` (${t('board.exOfficio')})` : ''}
                    </td>
                    <td>{o.name}</td>
                    <td>{o.start_date ? formatDate(o.start_date, lang) : '–'}</td>
                    {manage && (
                      <td>
                        <button type="button" onClick={() => setEnding({ id: o.id, name: o.name })}>
                          {t('board.end', { name: o.name })}
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {manage && (
        <>
          <EndTerm coopId={id} officer={ending} onDone={() => setEnding(null)} />
          <div className="columns">
            <Appoint coopId={id} />
            <RecordRat coopId={id} />
          </div>
        </>
      )}
    </>
  );
}

function EndTerm({
  coopId,
  officer,
  onDone,
}: {
  coopId: number;
  officer: { id: number; name: string } | null;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const end = useMutation({
    mutationFn: async ({ target, form }: { target: { id: number }; form: FormData }) =>
      must(
        await api.POST('/api/v1/cooperatives/{id}/officer-terms-ended', {
          params: { path: { id: coopId } },
          body: { officer_id: target.id, end_date: field(form, 'end_date') },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['cooperative', coopId] });
      onDone();
    },
  });
  return (
    <Dialog
      open={officer !== null}
      title={t('board.endTitle')}
      onOpen={() => end.reset()}
      onCancel={onDone}
      onSubmit={(form) => officer && end.mutate({ target: officer, form })}
      cancelLabel={t('mentoring.cancel')}
      submitLabel={t('board.endConfirm', { name: officer?.name ?? '' })}
      busy={end.isPending}
    >
      <p>{t('board.endHelp', { name: officer?.name ?? '' })}</p>
      <label>
        {t('board.endDate')}
        <input name="end_date" type="date" required defaultValue={today()} />
      </label>
      {end.error && (
        <p className="error" role="alert">
          {failure(end.error, i18n.language)}
        </p>
      )}
    </Dialog>
  );
}

function Appoint({ coopId }: { coopId: number }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const appoint = useMutation({
    mutationFn: async (form: FormData) => {
      const position = OFFICER_POSITIONS.find((p) => p === field(form, 'position')) ?? 'pengawas';
      const nik = field(form, 'nik').trim();
      const kk = field(form, 'kk').trim();
      return must(
        await api.POST('/api/v1/cooperatives/{id}/officers', {
          params: { path: { id: coopId } },
          body: {
            position,
            name: field(form, 'name').trim(),
            ...(nik ? { nik } : {}),
            ...(kk ? { kk } : {}),
            ex_officio: field(form, 'ex_officio') === 'on',
            start_date: field(form, 'start_date'),
          },
        }),
      );
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['cooperative', coopId] }),
  });
  return (
    <form
      className="stack-form"
      aria-labelledby="appoint-title"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        appoint.mutate(new FormData(form), { onSuccess: () => form.reset() });
      }}
    >
      <h3 id="appoint-title">{t('board.appoint')}</h3>
      <label>
        {t('board.position')}
        <select name="position" required defaultValue="">
          <option value="" disabled>
            {t('board.choosePosition')}
          </option>
          {OFFICER_POSITIONS.map((p) => (
            <option key={p} value={p}>
              {t(`board.positions.${p}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('board.name')}
        <input name="name" required maxLength={200} />
      </label>
      <label>
        {t('board.nik')}
        <input name="nik" inputMode="numeric" pattern="^\d{16}$" autoComplete="off" />
      </label>
      <label>
        {t('board.kk')}
        <input name="kk" inputMode="numeric" pattern="^\d{16}$" autoComplete="off" />
      </label>
      <label className="choice">
        <input name="ex_officio" type="checkbox" />
        {t('board.exOfficioField')}
      </label>
      <label>
        {t('board.startDate')}
        <input name="start_date" type="date" required defaultValue={today()} />
      </label>
      {appoint.error && (
        <p className="error" role="alert">
          {failure(appoint.error, i18n.language)}
        </p>
      )}
      <button type="submit" disabled={appoint.isPending}>
        {t('board.appointSubmit')}
      </button>
      <p role="status">{appoint.data && t('board.appointed', { id: appoint.data.officer_id })}</p>
    </form>
  );
}

function RecordRat({ coopId }: { coopId: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const queryClient = useQueryClient();
  const rat = useMutation({
    mutationFn: async (form: FormData) =>
      must(
        await api.POST('/api/v1/cooperatives/{id}/rat-meetings', {
          params: { path: { id: coopId } },
          body: { book_year: Number(field(form, 'book_year')), held_on: field(form, 'held_on') },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['cooperative', coopId] }),
  });
  const lastYear = new Date().getFullYear() - 1;
  return (
    <form
      className="stack-form"
      aria-labelledby="rat-title"
      onSubmit={(e) => {
        e.preventDefault();
        rat.mutate(new FormData(e.currentTarget));
      }}
    >
      <h3 id="rat-title">{t('board.rat')}</h3>
      <p>{t('board.ratHelp')}</p>
      <label>
        {t('board.bookYear')}
        <input name="book_year" type="number" required min={1990} max={2200} defaultValue={lastYear} />
      </label>
      <label>
        {t('board.heldOn')}
        <input name="held_on" type="date" required defaultValue={today()} />
      </label>
      {rat.error && (
        <p className="error" role="alert">
          {failure(rat.error, lang)}
        </p>
      )}
      <button type="submit" disabled={rat.isPending}>
        {t('board.ratSubmit')}
      </button>
      <p role="status" data-testid="rat-recorded">
        {rat.data &&
          t('board.ratRecorded', { year: rat.data.book_year, date: formatDate(rat.data.held_on, lang) })}
      </p>
    </form>
  );
}
