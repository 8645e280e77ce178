import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect } from 'react';
import { useNavigate } from 'react-router';
import type { Locale } from '../../shared/auth/contract.js';
import { ApiError, api, type Me } from './api.js';
import { currentLocale, setLocale, storedLocale } from './i18n.js';
import { lockJournal } from './journal-crypto.js';

export const ME_KEY = ['me'] as const;
export const SETUP_KEY = ['setup'] as const;

export function useSetupStatus() {
  return useQuery({ queryKey: SETUP_KEY, queryFn: api.setupStatus, staleTime: Number.POSITIVE_INFINITY });
}

/** The signed-in person; `data` is null when signed out (a 401), never an error. */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async (): Promise<Me | null> => {
      try {
        return await api.me();
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 30_000,
  });
}

/** The signed-in person, provided by the signed-in layout (which renders only once it is known). */
export const SignedInContext = createContext<Me | null>(null);

export function useSignedInMe(): Me {
  const me = useContext(SignedInContext);
  if (!me) throw new Error('useSignedInMe used outside the signed-in layout');
  return me;
}

/**
 * After sign-in: a language chosen on this device wins and is saved to the profile; with no
 * choice on this device, the profile's language is used.
 */
export function useLocaleSync(me: Me | null | undefined) {
  const client = useQueryClient();
  useEffect(() => {
    if (!me) return;
    const chosen = storedLocale();
    if (!chosen) {
      if (me.user.locale !== currentLocale()) void setLocale(me.user.locale, false);
      return;
    }
    if (chosen !== me.user.locale) {
      api.updateMe({ locale: chosen }).then(
        (fresh) => client.setQueryData(ME_KEY, fresh),
        () => undefined,
      );
    }
  }, [me, client]);
}

/** Changes the language here, remembers it on this device, and saves it to the profile when signed in. */
export function useChangeLanguage() {
  const client = useQueryClient();
  return useCallback(
    async (locale: Locale) => {
      await setLocale(locale);
      const me = client.getQueryData<Me | null>(ME_KEY);
      if (me && me.user.locale !== locale) {
        try {
          client.setQueryData(ME_KEY, await api.updateMe({ locale }));
        } catch {
          // The choice still applies on this device; the profile keeps its previous language.
        }
      }
    },
    [client],
  );
}

/**
 * True between pressing "Sign out" and the next sign-in. The signed-in layout may still be on
 * screen while the sign-in page loads; it must not remember the current page as a destination.
 */
let signedOutOnPurpose = false;
export const signedOutOnPurposeNow = () => signedOutOnPurpose;
/** Called once the sign-in page is on screen: from then on, a signed-in page visited means "come back here". */
export const forgetSignOut = () => {
  signedOutOnPurpose = false;
};

export function useSignOut() {
  const client = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: api.logout,
    onSettled: () => {
      lockJournal();
      signedOutOnPurpose = true;
      navigate('/sign-in', { replace: true, state: { signedOut: true } });
      client.clear();
      client.setQueryData(ME_KEY, null);
    },
  });
}

/** Stores the person who just signed in, set up or joined, and forgets anything cached before. */
export function useSignedIn() {
  const client = useQueryClient();
  return useCallback(
    (me: Me) => {
      lockJournal();
      signedOutOnPurpose = false;
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'setup' });
      client.setQueryData(ME_KEY, me);
      client.setQueryData(SETUP_KEY, { needsSetup: false });
    },
    [client],
  );
}
