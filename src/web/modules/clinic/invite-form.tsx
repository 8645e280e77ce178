import { Alert, Button, CopyButton, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type InvitableRole, type Invitation } from '../../lib/api.js';
import { type FieldErrors, splitError, useErrorText } from '../../lib/errors.js';
import { useSignedInMe } from '../../lib/session.js';
import { compact, isBlank, looksLikeEmail } from '../../lib/validate.js';
import { FormError, Success } from '../../ui/notices.js';

export const INVITATIONS_KEY = ['clinic', 'invitations'] as const;

function SharedLink({ invitation }: { invitation: Invitation }) {
  const { t } = useTranslation();
  if (invitation.emailQueued || !invitation.link) return <Success>{t('people.invitedEmailed', { email: invitation.email })}</Success>;
  return (
    <Alert color="sage" variant="light" role="status" title={t('people.invitedLinkTitle', { email: invitation.email })}>
      <Stack gap="sm">
        <Text size="sm">{t('people.invitedLink')}</Text>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            label={t('people.linkLabel')}
            value={invitation.link}
            readOnly
            style={{ flex: 1, minWidth: 240 }}
            onFocus={(e) => e.currentTarget.select()}
          />
          <CopyButton value={invitation.link}>
            {({ copied, copy }) => (
              <Button variant="default" onClick={copy}>
                {copied ? t('common.copied') : t('people.copyLink')}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Stack>
    </Alert>
  );
}

export function InviteForm() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const me = useSignedInMe();
  const client = useQueryClient();
  const roles: InvitableRole[] = me.clinic?.role === 'owner' ? ['therapist', 'locum', 'mentor', 'admin'] : ['therapist', 'locum', 'mentor'];
  const [form, setForm] = useState<{ email: string; name: string; role: InvitableRole }>({ email: '', name: '', role: 'therapist' });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const invite = useMutation({
    mutationFn: api.createInvitation,
    onSuccess: () => {
      setForm({ email: '', name: '', role: 'therapist' });
      void client.invalidateQueries({ queryKey: INVITATIONS_KEY });
    },
    onError: (error) => {
      const split = splitError(error, errorText(error), ['email', 'name', 'role']);
      setFieldErrors(split.fieldErrors);
      setFormError(split.formError);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errors = compact({ email: (isBlank(form.email) && t('errors.required')) || (!looksLikeEmail(form.email) && t('errors.email')) });
    setFieldErrors(errors);
    setFormError(null);
    if (Object.keys(errors).length > 0) return;
    invite.mutate({ email: form.email.trim(), role: form.role, ...(isBlank(form.name) ? {} : { name: form.name.trim() }) });
  };

  return (
    <Stack gap="md">
      {invite.data && <SharedLink invitation={invite.data} />}
      <form onSubmit={submit} noValidate>
        <Stack gap="md" maw={480}>
          <FormError message={formError} />
          <TextInput
            label={t('people.inviteEmail')}
            type="email"
            value={form.email}
            onChange={(e) => {
              const email = e.currentTarget.value;
              setForm((f) => ({ ...f, email }));
            }}
            error={fieldErrors.email}
            autoComplete="off"
            required
          />
          <TextInput
            label={t('people.inviteName')}
            value={form.name}
            onChange={(e) => {
              const name = e.currentTarget.value;
              setForm((f) => ({ ...f, name }));
            }}
            error={fieldErrors.name}
            autoComplete="off"
          />
          <NativeSelect
            label={t('people.inviteRole')}
            value={form.role}
            error={fieldErrors.role}
            onChange={(e) => {
              const role = roles.find((r) => r === e.currentTarget.value) ?? 'therapist';
              setForm((f) => ({ ...f, role }));
            }}
            data={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          />
          <Group>
            <Button type="submit" loading={invite.isPending}>
              {t('people.inviteSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
