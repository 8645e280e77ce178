import { Alert, Button, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api, type InvitationPreviewData } from '../../lib/api.js';
import { type FieldErrors, splitError, useErrorText } from '../../lib/errors.js';
import { useSignedIn } from '../../lib/session.js';
import { compact, isBlank, PASSWORD_MIN } from '../../lib/validate.js';
import { FormError, LoadError, Loading } from '../../ui/notices.js';
import { Page } from '../../ui/page.js';
import { PasswordInput } from '../../ui/password-input.js';

function InvalidLink() {
  const { t } = useTranslation();
  return (
    <Page title={t('invitation.invalidTitle')}>
      <Text>{t('invitation.invalidBody')}</Text>
      <Button component={Link} to="/sign-in" variant="light" w="fit-content">
        {t('invitation.goToSignIn')}
      </Button>
    </Page>
  );
}

function AcceptForm({ token, preview }: { token: string; preview: InvitationPreviewData }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const signedIn = useSignedIn();
  const [name, setName] = useState(preview.name ?? '');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const role = t(`roles.${preview.role}`);

  const accept = useMutation({
    mutationFn: () => api.acceptInvitation(token, preview.hasAccount ? { password } : { name: name.trim(), password }),
    onSuccess: ({ me }) => {
      signedIn(me);
      navigate('/', { replace: true });
    },
    onError: (error) => {
      const split = splitError(error, errorText(error), ['name', 'password']);
      setFieldErrors(split.fieldErrors);
      setFormError(split.formError);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errors = compact({
      name: !preview.hasAccount && isBlank(name) && t('errors.required'),
      password: preview.hasAccount
        ? isBlank(password) && t('errors.required')
        : password.length < PASSWORD_MIN && t('errors.passwordMin', { min: PASSWORD_MIN }),
    });
    setFieldErrors(errors);
    setFormError(null);
    if (Object.keys(errors).length === 0) accept.mutate();
  };

  return (
    <Page
      title={t('invitation.title', { clinic: preview.clinicName })}
      intro={<Text>{t('invitation.intro', { clinic: preview.clinicName, role: role.toLowerCase() })}</Text>}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError message={formError} />
          <TextInput label={t('common.email')} value={preview.email} readOnly autoComplete="username" />
          {preview.hasAccount ? (
            <>
              <Alert color="sage" variant="light">
                {t('invitation.existingAccount')}
              </Alert>
              <PasswordInput
                label={t('invitation.yourPassword')}
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={fieldErrors.password}
                autoComplete="current-password"
                required
              />
            </>
          ) : (
            <>
              <TextInput
                label={t('invitation.yourName')}
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                error={fieldErrors.name}
                autoComplete="name"
                required
              />
              <PasswordInput
                label={t('invitation.newPassword')}
                description={t('common.passwordHint', { min: PASSWORD_MIN })}
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={fieldErrors.password}
                autoComplete="new-password"
                required
              />
            </>
          )}
          <Button type="submit" size="lg" loading={accept.isPending}>
            {t('invitation.submit')}
          </Button>
        </Stack>
      </form>
    </Page>
  );
}

/** Opened from an invitation link: join the clinic with a new or an existing account. */
export default function InvitationPage() {
  const { token = '' } = useParams();
  const preview = useQuery({ queryKey: ['invitation', token], queryFn: () => api.invitation(token), staleTime: Number.POSITIVE_INFINITY });
  if (preview.isPending) return <Loading />;
  if (preview.isError) {
    const error = preview.error;
    const invalid = error instanceof ApiError && error.status >= 400 && error.status < 500;
    return invalid ? <InvalidLink /> : <LoadError error={error} retry={() => void preview.refetch()} />;
  }
  return <AcceptForm token={token} preview={preview.data} />;
}
