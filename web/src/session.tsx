import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, onSessionExpired } from './api/client.js';
import type { Lang } from './format.js';
import { savedLanguage, setLanguage } from './i18n/index.js';

/** Who is signed in; null when nobody is. */
async function fetchMe() {
  const { data, response } = await api.GET('/api/v1/auth/me');
  if (response.status === 401) return null;
  if (!data) throw new Error(`HTTP ${response.status}`);
  return data;
}

type Me = NonNullable<Awaited<ReturnType<typeof fetchMe>>>;
type LoginBody = { username: string; password: string; totp?: string };

export type SignOutReason = 'expired' | 'signedOut' | null;

interface Session {
  me: Me | null;
  loading: boolean;
  /** Why the user is on the sign-in page (for the message there). */
  reason: SignOutReason;
  can: (permission: string) => boolean;
  signIn: (body: LoginBody) => Promise<{ ok: true } | { ok: false; error: unknown }>;
  signOut: () => Promise<void>;
  lang: Lang;
  chooseLanguage: (lang: Lang) => void;
}

const SessionContext = createContext<Session | null>(null);

/** Who is signed in (GET /auth/me): the menus follow the permissions the server names, not a copy of them. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState<SignOutReason>(null);
  const [lang, setLang] = useState<Lang>('id');
  const me = useQuery({
    queryKey: ['me'],
    queryFn: fetchMe,
    staleTime: 60_000,
    retry: false,
  });
  const user = me.data?.username ?? null;

  useEffect(() => {
    const lang = savedLanguage(user);
    setLanguage(lang, null);
    setLang(lang);
  }, [user]);

  useEffect(() => {
    onSessionExpired(() => {
      if (queryClient.getQueryData(['me'])) {
        setReason('expired');
        queryClient.clear();
        queryClient.setQueryData(['me'], null);
      }
    });
  }, [queryClient]);

  const signIn = useCallback(
    async (body: LoginBody) => {
      const { error } = await api.POST('/api/v1/auth/login', { body });
      if (error) return { ok: false as const, error };
      setReason(null);
      queryClient.clear();
      await queryClient.refetchQueries({ queryKey: ['me'] });
      await me.refetch();
      return { ok: true as const };
    },
    [queryClient, me],
  );

  const signOut = useCallback(async () => {
    await api.POST('/api/v1/auth/logout');
    setReason('signedOut');
    queryClient.clear();
    queryClient.setQueryData(['me'], null);
  }, [queryClient]);

  const value = useMemo<Session>(
    () => ({
      me: me.data ?? null,
      loading: me.isPending,
      reason,
      can: (p) => me.data?.permissions.includes(p) ?? false,
      signIn,
      signOut,
      lang,
      chooseLanguage: (l) => {
        setLanguage(l, user);
        setLang(l);
      },
    }),
    [me.data, me.isPending, reason, signIn, signOut, lang, user],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
