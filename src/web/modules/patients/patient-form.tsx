import { Button, Checkbox, Group, NativeSelect, SimpleGrid, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Demographics, PatientInput } from '../../lib/api.js';
import { type FieldErrors, splitError, useErrorText } from '../../lib/errors.js';
import { compact, isBlank, looksLikeEmail } from '../../lib/validate.js';
import { FormError } from '../../ui/notices.js';

type Form = {
  legalFirstName: string;
  legalLastName: string;
  preferredName: string;
  pronouns: string;
  dateOfBirth: string;
  email: string;
  phone: string;
  address: string;
  emergencyContactName: string;
  emergencyContactPhone: string;
  emergencyContactRelationship: string;
  preferredLanguage: 'en' | 'fr' | 'other';
  commEmail: boolean;
  commSms: boolean;
  commPhone: boolean;
  capable: boolean;
};

const FIELDS = [
  'legalFirstName',
  'legalLastName',
  'preferredName',
  'pronouns',
  'dateOfBirth',
  'email',
  'phone',
  'address',
  'emergencyContactName',
  'emergencyContactPhone',
  'emergencyContactRelationship',
] as const;

function initial(p?: Demographics): Form {
  const lang = p?.preferredLanguage;
  return {
    legalFirstName: p?.legalFirstName ?? '',
    legalLastName: p?.legalLastName ?? '',
    preferredName: p?.preferredName ?? '',
    pronouns: p?.pronouns ?? '',
    dateOfBirth: p?.dateOfBirth ?? '',
    email: p?.email ?? '',
    phone: p?.phone ?? '',
    address: p?.address ?? '',
    emergencyContactName: p?.emergencyContactName ?? '',
    emergencyContactPhone: p?.emergencyContactPhone ?? '',
    emergencyContactRelationship: p?.emergencyContactRelationship ?? '',
    preferredLanguage: lang === 'fr' || lang === 'other' ? lang : 'en',
    commEmail: p?.communicationPreferences.email ?? true,
    commSms: p?.communicationPreferences.sms ?? false,
    commPhone: p?.communicationPreferences.phone ?? true,
    capable: p?.capable ?? true,
  };
}

const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

/** Demographics, for a new patient or an edit; the server's messages land next to their field. */
export function PatientForm({
  patient,
  submitLabel,
  pending,
  serverError,
  onSubmit,
  onCancel,
}: {
  patient?: Demographics;
  submitLabel: string;
  pending: boolean;
  serverError: unknown;
  onSubmit: (body: PatientInput) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form, setForm] = useState<Form>(() => initial(patient));
  const [localErrors, setLocalErrors] = useState<FieldErrors>({});
  const server = serverError ? splitError(serverError, errorText(serverError), [...FIELDS]) : null;
  const fieldErrors: FieldErrors = { ...localErrors, ...(server?.fieldErrors ?? {}) };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errors = compact({
      legalFirstName: isBlank(form.legalFirstName) && t('errors.required'),
      legalLastName: isBlank(form.legalLastName) && t('errors.required'),
      dateOfBirth: (isBlank(form.dateOfBirth) && t('patients.dobRequired')) || null,
      email: !isBlank(form.email) && !looksLikeEmail(form.email) && t('errors.email'),
    });
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0) return;
    onSubmit({
      legalFirstName: form.legalFirstName.trim(),
      legalLastName: form.legalLastName.trim(),
      preferredName: orNull(form.preferredName),
      pronouns: orNull(form.pronouns),
      dateOfBirth: form.dateOfBirth,
      email: orNull(form.email),
      phone: orNull(form.phone),
      address: orNull(form.address),
      emergencyContactName: orNull(form.emergencyContactName),
      emergencyContactPhone: orNull(form.emergencyContactPhone),
      emergencyContactRelationship: orNull(form.emergencyContactRelationship),
      preferredLanguage: form.preferredLanguage,
      communicationPreferences: { email: form.commEmail, sms: form.commSms, phone: form.commPhone },
      capable: form.capable,
    });
  };

  const text = (key: (typeof FIELDS)[number], label: string, props: Record<string, unknown> = {}) => (
    <TextInput
      label={label}
      value={form[key]}
      error={fieldErrors[key]}
      onChange={(e) => {
        const value = e.currentTarget.value;
        setForm((f) => ({ ...f, [key]: value }));
      }}
      {...props}
    />
  );
  const check = (key: 'commEmail' | 'commSms' | 'commPhone' | 'capable', label: string, description?: string) => (
    <Checkbox
      label={label}
      description={description}
      checked={form[key]}
      onChange={(e) => {
        const value = e.currentTarget.checked;
        setForm((f) => ({ ...f, [key]: value }));
      }}
    />
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormError message={server?.formError ?? null} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {text('legalFirstName', t('patients.legalFirstName'), { required: true, autoComplete: 'off' })}
          {text('legalLastName', t('patients.legalLastName'), { required: true, autoComplete: 'off' })}
          {text('preferredName', t('patients.preferredName'), { description: t('patients.preferredNameHint') })}
          {text('pronouns', t('patients.pronouns'))}
          {text('dateOfBirth', t('patients.dateOfBirth'), { type: 'date', required: true })}
          <NativeSelect
            label={t('patients.preferredLanguage')}
            value={form.preferredLanguage}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setForm((f) => ({ ...f, preferredLanguage: v === 'fr' || v === 'other' ? v : 'en' }));
            }}
            data={[
              { value: 'en', label: t('patients.languages.en') },
              { value: 'fr', label: t('patients.languages.fr') },
              { value: 'other', label: t('patients.languages.other') },
            ]}
          />
          {text('phone', t('patients.phone'), { type: 'tel', description: t('patients.phoneHint') })}
          {text('email', t('common.email'), { type: 'email' })}
        </SimpleGrid>
        <Textarea
          label={t('patients.address')}
          value={form.address}
          error={fieldErrors.address}
          autosize
          minRows={2}
          onChange={(e) => {
            const address = e.currentTarget.value;
            setForm((f) => ({ ...f, address }));
          }}
        />
        <Title order={3} size="h5">
          {t('patients.emergencyTitle')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {text('emergencyContactName', t('patients.emergencyName'))}
          {text('emergencyContactPhone', t('patients.emergencyPhone'), { type: 'tel' })}
          {text('emergencyContactRelationship', t('patients.emergencyRelationship'))}
        </SimpleGrid>
        <Stack gap="xs" role="group" aria-labelledby="comm-prefs">
          <Title order={3} size="h5" id="comm-prefs">
            {t('patients.commTitle')}
          </Title>
          {check('commEmail', t('patients.commEmail'))}
          {check('commSms', t('patients.commSms'))}
          {check('commPhone', t('patients.commPhone'))}
        </Stack>
        {check('capable', t('patients.capable'), t('patients.capableHint'))}
        <Group>
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
