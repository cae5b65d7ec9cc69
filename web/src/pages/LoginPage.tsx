import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../api/client.js';
import { field } from '../forms.js';
import { useSession } from '../session.js';

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const { signIn, reason } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const totp = field(form, 'totp').trim();
    setBusy(true);
    setError(null);
    const result = await signIn({
      username: field(form, 'username'),
      password: field(form, 'password'),
      ...(totp ? { totp } : {}),
    });
    setBusy(false);
    if (!result.ok) setError(errorText(result.error, i18n.language));
  }

  return (
    <main id="main" className="login">
      <h1>{t('login.title')}</h1>
      {reason && !error && (
        <p className="notice" role="status">
          {t(`login.${reason}`)}
        </p>
      )}
      <form onSubmit={(e) => void submit(e)}>
        <label>
          {t('login.username')}
          <input name="username" autoComplete="username" required autoFocus />
        </label>
        <label>
          {t('login.password')}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <label>
          {t('login.totp')}
          <input name="totp" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
    </main>
  );
}
