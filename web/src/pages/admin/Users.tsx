import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLE_DEFINITIONS, ROLES, type Role } from '../../../../src/shared/roles.js';
import { api, errorText, must } from '../../api/client.js';
import { Dialog } from '../../components/Dialog.js';
import { formatDate, type Lang } from '../../format.js';
import { field } from '../../forms.js';
import { useSession } from '../../session.js';

const failure = (e: unknown, lang: string) => errorText((e as { body?: unknown }).body ?? e, lang);

/**
 * Users with role, scope, TOTP and status; with users:manage, create one and disable one. The roles offered are
 * those whose permissions the signed-in user holds (the server refuses any other: separation of duties), and
 * their scope and TOTP rules come from the server's own role definitions (src/shared/roles.ts).
 */
export function Users() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { can, me } = useSession();
  const manage = can('users:manage');
  const queryClient = useQueryClient();
  const [disabling, setDisabling] = useState<{ id: number; username: string } | null>(null);
  const [message, setMessage] = useState('');
  const users = useQuery({ queryKey: ['users'], queryFn: async () => must(await api.GET('/api/v1/users')) });
  const disable = useMutation({
    mutationFn: async (target: { id: number; username: string }) => {
      must(await api.POST('/api/v1/users/{id}/disable', { params: { path: { id: target.id } } }));
      return target;
    },
    onSuccess: async (target) => {
      setDisabling(null);
      setMessage(t('admin.disabledMessage', { user: target.username }));
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      await queryClient.invalidateQueries({ queryKey: ['api-tokens'] });
    },
  });
  return (
    <section aria-labelledby="users-title">
      <h2 id="users-title">{t('admin.users')}</h2>
      {users.error && (
        <p className="error" role="alert">
          {failure(users.error, lang)}
        </p>
      )}
      <p role="status">{message}</p>
      <div className="table-scroll" tabIndex={0}>
        <table aria-labelledby="users-title" data-testid="users">
          <thead>
            <tr>
              <th scope="col">{t('login.username')}</th>
              <th scope="col">{t('admin.role')}</th>
              <th scope="col">{t('admin.scope')}</th>
              <th scope="col">TOTP</th>
              <th scope="col">{t('admin.status')}</th>
              <th scope="col">{t('pilots.created')}</th>
            </tr>
          </thead>
          <tbody>
            {(users.data?.items ?? []).map((u) => (
              <tr key={u.id}>
                <td>{u.username}</td>
                <td>{u.role}</td>
                <td>
                  {u.cooperative_id !== null
                    ? t('admin.cooperative', { id: u.cooperative_id })
                    : u.regions.length > 0
                      ? u.regions.join(', ')
                      : t('overview.national')}
                </td>
                <td>{u.totp_enrolled ? t('linkage.yes') : t('linkage.no')}</td>
                <td className="actions">
                  {u.disabled ? t('admin.disabled') : t('admin.active')}
                  {manage && !u.disabled && u.username !== me?.username && (
                    <>
                      {' '}
                      <button type="button" onClick={() => setDisabling({ id: u.id, username: u.username })}>
                        {t('admin.disable', { user: u.username })}
                      </button>
                    </>
                  )}
                </td>
                <td>{formatDate(u.created_at, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {manage && (
        <Dialog
          open={disabling !== null}
          title={t('admin.disableTitle')}
          onOpen={() => disable.reset()}
          onCancel={() => setDisabling(null)}
          onSubmit={() => disabling && disable.mutate(disabling)}
          cancelLabel={t('mentoring.cancel')}
          submitLabel={t('admin.disableConfirm', { user: disabling?.username ?? '' })}
          busy={disable.isPending}
        >
          <p>{t('admin.disableHelp', { user: disabling?.username ?? '' })}</p>
          {disable.error && (
            <p className="error" role="alert">
              {failure(disable.error, lang)}
            </p>
          )}
        </Dialog>
      )}
      {manage && <CreateUser />}
    </section>
  );
}

function CreateUser() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { can } = useSession();
  const queryClient = useQueryClient();
  // Separation of duties, as the server decides it: only roles whose every permission the creator holds.
  const grantable = ROLES.filter((r) => ROLE_DEFINITIONS[r].permissions.every((p) => can(p)));
  const [role, setRole] = useState<Role>(grantable[0] ?? 'auditor');
  const rule = ROLE_DEFINITIONS[role];
  const create = useMutation({
    mutationFn: async (form: FormData) => {
      const regions = field(form, 'regions')
        .split(/[\s,]+/)
        .filter((c) => c !== '');
      const cooperative = field(form, 'cooperative_id');
      return must(
        await api.POST('/api/v1/users', {
          body: {
            username: field(form, 'username').trim(),
            password: field(form, 'password'),
            role,
            ...(regions.length > 0 ? { regions } : {}),
            ...(cooperative ? { cooperative_id: Number(cooperative) } : {}),
          },
        }),
      );
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
  if (grantable.length === 0) return null;
  return (
    <>
      <form
        className="stack-form"
        aria-labelledby="create-user-title"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          create.mutate(new FormData(form), { onSuccess: () => form.reset() });
        }}
      >
        <h3 id="create-user-title">{t('admin.createTitle')}</h3>
        <label>
          {t('login.username')}
          <input name="username" required minLength={2} maxLength={64} autoComplete="off" />
        </label>
        <label>
          {t('login.password')}
          <input
            name="password"
            type="password"
            required
            minLength={12}
            maxLength={200}
            autoComplete="new-password"
            aria-describedby="password-rule"
          />
        </label>
        <p id="password-rule" className="hint">
          {t('admin.passwordRule')}
        </p>
        <label>
          {t('admin.role')}
          <select
            name="role"
            value={role}
            onChange={(e) => setRole(grantable.find((r) => r === e.target.value) ?? role)}
          >
            {grantable.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        {rule.scope === 'cooperative' ? (
          <label>
            {t('admin.cooperativeId')}
            <input name="cooperative_id" required inputMode="numeric" pattern="^[1-9][0-9]*$" />
          </label>
        ) : (
          <label>
            {rule.scope === 'regions' ? t('admin.regionsRequired') : t('admin.regionsOptional')}
            <input name="regions" required={rule.scope === 'regions'} pattern="^[0-9., ]*$" />
          </label>
        )}
        <p className="hint" data-testid="totp-rule">
          {rule.requiresTotp ? t('admin.totpRequired') : t('admin.totpNotRequired')}
        </p>
        {create.error && (
          <p className="error" role="alert">
            {failure(create.error, lang)}
          </p>
        )}
        <button type="submit" disabled={create.isPending}>
          {t('admin.create')}
        </button>
      </form>
      {create.data && (
        <div className="notice" role="status">
          <p>{t('admin.created', { user: create.data.user.username, role: create.data.user.role })}</p>
          {create.data.totp && (
            <>
              <p>{t('admin.totpSecret')}</p>
              <p className="mono" data-testid="totp-secret">
                {create.data.totp.secret}
              </p>
              <p className="mono">{create.data.totp.uri}</p>
            </>
          )}
        </div>
      )}
    </>
  );
}
