import { Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { api, isApiError } from '../../lib/api.js';
import { type FieldErrors, splitError, useErrorText } from '../../lib/errors.js';
import { forgetSignOut, useMe, useSignedIn } from '../../lib/session.js';
import { compact, isBlank, isRecoveryCode, isTotpCode, looksLikeEmail } from '../../lib/validate.js';
import { FormError, Success } from '../../ui/notices.js';
import { Page } from '../../ui/page.js';
import { PasswordInput } from '../../ui/password-input.js';

type LocationState = { from?: string; signedOut?: boolean } | null;

/** Email and password; then, for accounts with two-step sign-in, the code from the app. */
export default function SignInPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const location = useLocation();
  const state = location.state as LocationState;
  const me = useMe();
  const signedIn = useSignedIn();
  // After a session ended by itself, go back to the page the person was on.
  const target = state?.from && !state.signedOut && state.from !== '/sign-in' ? state.from : '/';
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  useEffect(forgetSignOut, []);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const login = useMutation({
    mutationFn: api.login,
    onSuccess: (result) => {
      if (result.status === 'totp-required') {
        setNeedsCode(true);
        return;
      }
      signedIn(result.me);
      navigate(target, { replace: true });
    },
    onError: (error) => {
      const text = errorText(error, 'login');
      if (needsCode && isApiError(error, 'TOTP_INVALID')) {
        setFieldErrors({ totp: text });
        setFormError(null);
        return;
      }
      const split = splitError(error, text, ['email', 'password', 'totp']);
      setFieldErrors(split.fieldErrors);
      setFormError(split.formError);
    },
  });

  if (me.data) return <Navigate to={target} replace />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errors = compact({
      email: (isBlank(email) && t('errors.required')) || (!looksLikeEmail(email) && t('errors.email')),
      password: isBlank(password) && t('errors.required'),
      totp: needsCode && !isTotpCode(totp) && !isRecoveryCode(totp) && t('errors.codeFormat'),
    });
    setFieldErrors(errors);
    setFormError(null);
    if (Object.keys(errors).length > 0) return;
    login.mutate(needsCode ? { email, password, totp: totp.trim() } : { email, password });
  };

  const startOver = () => {
    setNeedsCode(false);
    setTotp('');
    setPassword('');
    setFieldErrors({});
    setFormError(null);
  };

  return (
    <Page title={t('signIn.title')} intro={<Text>{needsCode ? t('signIn.codeIntro') : t('signIn.intro')}</Text>}>
      {state?.signedOut && !needsCode && <Success>{t('signIn.signedOut')}</Success>}
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError message={formError} />
          {needsCode ? (
            <TextInput
              key="totp"
              label={t('signIn.code')}
              description={t('signIn.codeHint')}
              value={totp}
              onChange={(e) => setTotp(e.currentTarget.value)}
              error={fieldErrors.totp}
              autoComplete="one-time-code"
              inputMode="text"
              autoCapitalize="none"
              spellCheck={false}
              maxLength={20}
              data-autofocus
              autoFocus
              required
            />
          ) : (
            <>
              <TextInput
                label={t('common.email')}
                type="email"
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                error={fieldErrors.email}
                autoComplete="username"
                required
              />
              <PasswordInput
                label={t('common.password')}
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={fieldErrors.password}
                autoComplete="current-password"
                required
              />
            </>
          )}
          <Button type="submit" size="lg" loading={login.isPending}>
            {needsCode ? t('signIn.verify') : t('signIn.submit')}
          </Button>
          {needsCode && (
            <Anchor component="button" type="button" onClick={startOver} ta="left">
              {t('signIn.startOver')}
            </Anchor>
          )}
        </Stack>
      </form>
    </Page>
  );
}
