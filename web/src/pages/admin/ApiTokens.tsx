import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorText, must } from '../../api/client.js';
import { field } from '../../forms.js';
import { formatDate, type Lang } from '../../format.js';
import { useSession } from '../../session.js';
import { Dialog } from '../../components/Dialog.js';

const failure = (e: unknown, lang: string) => errorText((e as { body?: unknown }).body ?? e, lang);

/**
 * Machine API tokens of the users in scope (users:read); with users:manage, issue one (the secret is shown this
 * once) and revoke one. The server refuses a token for a user whose role carries a permission the issuer lacks.
 */
export function ApiTokens() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { can } = useSession();
  const manage = can('users:manage');
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState<{ id: number; name: string } | null>(null);
  const tokens = useQuery({
    queryKey: ['api-tokens'],
    queryFn: async () => must(await api.GET('/api/v1/api-tokens')),
  });
  const users = useQuery({
    queryKey: ['users'],
    enabled: manage,
    queryFn: async () => must(await api.GET('/api/v1/users')),
  });
  const issue = useMutation({
    mutationFn: async (form: FormData) => {
      const days = field(form, 'days');
      return must(
        await api.POST('/api/v1/api-tokens', {
          body: {
            username: field(form, 'username'),
            name: field(form, 'name').trim(),
            ...(days ? { days: Number(days) } : {}),
          },
        }),
      );
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['api-tokens'] }),
  });
  const revoke = useMutation({
    mutationFn: async (id: number) =>
      must(await api.POST('/api/v1/api-tokens/{id}/revoke', { params: { path: { id } } })),
    onSuccess: async () => {
      setConfirming(null);
      await queryClient.invalidateQueries({ queryKey: ['api-tokens'] });
    },
  });
  const items = tokens.data?.items ?? [];
  return (
    <section aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t('admin.tokensTitle')}</h2>
      <p>{t('admin.tokensHelp')}</p>
      {tokens.error && (
        <p className="error" role="alert">
          {failure(tokens.error, lang)}
        </p>
      )}
      {tokens.data && items.length === 0 && <p>{t('admin.noTokens')}</p>}
      {items.length > 0 && (
        <div className="table-scroll" tabIndex={0}>
          <table aria-labelledby="tokens-title" data-testid="api-tokens">
            <thead>
              <tr>
                <th scope="col">ID</th>
                <th scope="col">{t('admin.tokenName')}</th>
                <th scope="col">{t('login.username')}</th>
                <th scope="col">{t('pilots.created')}</th>
                <th scope="col">{t('admin.expires')}</th>
                <th scope="col">{t('admin.lastUsed')}</th>
                <th scope="col">{t('admin.status')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((k) => (
                <tr key={k.id}>
                  <td className="num">{k.id}</td>
                  <th scope="row">{k.name ?? '–'}</th>
                  <td>{k.username}</td>
                  <td>{formatDate(k.created_at, lang)}</td>
                  <td>{k.expires_at ? formatDate(k.expires_at, lang) : t('admin.never')}</td>
                  <td>{k.last_used_at ? formatDate(k.last_used_at, lang) : '–'}</td>
                  <td className="actions">
                    {k.revoked ? t('admin.revoked') : t('admin.active')}
                    {manage && !k.revoked && (
                      <>
                        {' '}
                        <button type="button" onClick={() => setConfirming({ id: k.id, name: k.name ?? '' })}>
                          {t('admin.revoke', { id: k.id })}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {manage && (
        <Dialog
          open={confirming !== null}
          title={t('admin.revokeTitle')}
          onOpen={() => revoke.reset()}
          onCancel={() => setConfirming(null)}
          onSubmit={() => confirming && revoke.mutate(confirming.id)}
          cancelLabel={t('mentoring.cancel')}
          submitLabel={t('admin.revokeConfirm', { id: confirming?.id ?? '' })}
          busy={revoke.isPending}
        >
          <p>{t('admin.revokeHelp', { id: confirming?.id ?? '', name: confirming?.name ?? '' })}</p>
          {revoke.error && (
            <p className="error" role="alert">
              {failure(revoke.error, lang)}
            </p>
          )}
        </Dialog>
      )}
      {manage && (
        <form
          className="stack-form"
          aria-labelledby="issue-token-title"
          onSubmit={(e) => {
            e.preventDefault();
            issue.mutate(new FormData(e.currentTarget));
          }}
        >
          <h3 id="issue-token-title">{t('admin.issueTitle')}</h3>
          <label>
            {t('admin.tokenUser')}
            <select name="username" required defaultValue="">
              <option value="" disabled>
                {t('admin.chooseUser')}
              </option>
              {(users.data?.items ?? [])
                .filter((u) => !u.disabled)
                .map((u) => (
                  <option key={u.id} value={u.username}>
                    {u.username} ({u.role})
                  </option>
                ))}
            </select>
          </label>
          <label>
            {t('admin.tokenName')}
            <input name="name" required maxLength={100} />
          </label>
          <label>
            {t('admin.tokenDays')}
            <input name="days" type="number" min={1} max={3650} />
          </label>
          {issue.error && (
            <p className="error" role="alert">
              {failure(issue.error, lang)}
            </p>
          )}
          <button type="submit" disabled={issue.isPending}>
            {t('admin.issue')}
          </button>
        </form>
      )}
      {issue.data && (
        <div className="notice" role="status">
          <p>{t('admin.issued', { id: issue.data.id, user: issue.data.username })}</p>
          <p className="mono" data-testid="token-secret">
            {issue.data.token}
          </p>
        </div>
      )}
    </section>
  );
}
