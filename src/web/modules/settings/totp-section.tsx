import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.js';
import { splitError, useErrorText } from '../../lib/errors.js';
import { ME_KEY, useSignedInMe } from '../../lib/session.js';
import { FormError, Success } from '../../ui/notices.js';
import { PasswordInput } from '../../ui/password-input.js';
import { RecoveryCodes } from './recovery-codes.js';
import { type Enrolment, TotpEnrol } from './totp-enrol.js';

function DisableForm({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [password, setPassword] = useState('');
  const [passwordError, setPasswordError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const disable = useMutation({
    mutationFn: api.totpDisable,
    onSuccess: onDone,
    onError: (error) => {
      const split = splitError(error, errorText(error), ['password']);
      setPasswordError(split.fieldErrors.password);
      setFormError(split.formError);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    if (!password) {
      setPasswordError(t('errors.required'));
      return;
    }
    setPasswordError(undefined);
    disable.mutate(password);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md" maw={420}>
        <Text>{t('security.disableIntro')}</Text>
        <FormError message={formError} />
        <PasswordInput
          label={t('common.password')}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={passwordError}
          autoComplete="current-password"
          required
        />
        <Group>
          <Button type="submit" color="red.9" loading={disable.isPending}>
            {t('security.turnOff')}
          </Button>
          <Button variant="subtle" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

type Step =
  | { kind: 'idle'; notice?: 'enabled' | 'disabled' }
  | { kind: 'enrolling'; enrolment: Enrolment }
  | { kind: 'codes'; codes: string[] }
  | { kind: 'disabling' };

/** Two-step sign-in for the signed-in person: turn on (scan, confirm, save codes) or off. */
export function TotpSection() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const me = useSignedInMe();
  const client = useQueryClient();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const refreshMe = () => client.invalidateQueries({ queryKey: ME_KEY });

  const enrol = useMutation({ mutationFn: api.totpEnrol, onSuccess: (enrolment) => setStep({ kind: 'enrolling', enrolment }) });

  if (step.kind === 'codes') {
    return (
      <RecoveryCodes
        codes={step.codes}
        email={me.user.email}
        onDone={() => {
          setStep({ kind: 'idle', notice: 'enabled' });
          void refreshMe();
        }}
      />
    );
  }
  if (step.kind === 'enrolling') {
    return (
      <TotpEnrol
        enrolment={step.enrolment}
        onConfirmed={(codes) => setStep({ kind: 'codes', codes })}
        onCancel={() => setStep({ kind: 'idle' })}
      />
    );
  }

  const on = me.user.totpEnabled;
  return (
    <Stack gap="md" align="flex-start">
      {step.kind === 'idle' && step.notice && <Success>{t(step.notice === 'enabled' ? 'security.enabled' : 'security.disabled')}</Success>}
      <Badge color={on ? 'sage' : 'gray'} variant="light" size="lg">
        {on ? t('security.statusOn') : t('security.statusOff')}
      </Badge>
      <Text>{on ? t('security.totpOn') : t('security.totpOff')}</Text>
      <FormError message={enrol.isError ? errorText(enrol.error) : null} />
      {!on && (
        <Button onClick={() => enrol.mutate()} loading={enrol.isPending}>
          {t('security.turnOn')}
        </Button>
      )}
      {on && me.clinic?.requireTotp && <Text>{t('security.disableRequired')}</Text>}
      {on && !me.clinic?.requireTotp && step.kind === 'idle' && (
        <Button variant="default" onClick={() => setStep({ kind: 'disabling' })}>
          {t('security.turnOff')}
        </Button>
      )}
      {step.kind === 'disabling' && (
        <DisableForm
          onCancel={() => setStep({ kind: 'idle' })}
          onDone={() => {
            setStep({ kind: 'idle', notice: 'disabled' });
            void refreshMe();
          }}
        />
      )}
    </Stack>
  );
}
