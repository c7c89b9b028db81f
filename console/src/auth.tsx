import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Provider as UrqlProvider } from 'urql';
import { createConsoleClient, storedToken, TOKEN_KEY } from './client';
import type { MeQuery as MeQueryResult } from './gql/graphql';
import { MeQuery } from './ops';

export type Me = NonNullable<MeQueryResult['me']>;

interface Session {
  token: string | null;
  me: Me | null;
  /** True until the first answer to `me` for a stored token. */
  loading: boolean;
  signIn(token: string): void;
  signOut(): void;
}

const SessionContext = createContext<Session | null>(null);

/** The signed-in user and the GraphQL client of their session. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(storedToken);
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState<boolean>(!!token);

  const signOut = useCallback(() => {
    try {
      localStorage.removeItem(TOKEN_KEY);
    } catch {
      // nothing stored
    }
    setMe(null);
    setToken(null);
  }, []);

  const signIn = useCallback((next: string) => {
    try {
      localStorage.setItem(TOKEN_KEY, next);
    } catch {
      // kept in memory only
    }
    setLoading(true);
    setToken(next);
  }, []);

  const session = useMemo(() => createConsoleClient(token, signOut), [token, signOut]);
  useEffect(() => () => session.dispose(), [session]);

  useEffect(() => {
    if (!token) {
      setLoading(false);
      return;
    }
    let live = true;
    session.client
      .query(MeQuery, {}, { requestPolicy: 'network-only' })
      .toPromise()
      .then((result) => {
        if (!live) return;
        if (result.data?.me) setMe(result.data.me);
        else if (!result.error?.networkError) signOut();
        setLoading(false);
      });
    return () => {
      live = false;
    };
  }, [token, session, signOut]);

  const value = useMemo<Session>(() => ({ token, me, loading, signIn, signOut }), [token, me, loading, signIn, signOut]);
  return (
    <SessionContext.Provider value={value}>
      <UrqlProvider value={session.client}>{children}</UrqlProvider>
    </SessionContext.Provider>
  );
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user (pages behind the sign-in only). */
export function useMe(): Me {
  const me = useSession().me;
  if (!me) throw new Error('useMe without a user');
  return me;
}

export const isAdmin = (me: Me) => me.role === 'CITY_ADMIN' || me.role === 'STREET_ADMIN';
export const isStaff = (me: Me) => isAdmin(me) || me.role === 'SECRETARY';
