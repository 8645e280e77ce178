import { Button, Group, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../lib/errors.js';
import { type JournalCryptoKey, type JournalKeyMaterial, rewrapForNewPassphrase } from '../../lib/journal-crypto.js';
import { FormError, Success } from '../../ui/notices.js';
import { PasswordInput } from '../../ui/password-input.js';
import { Section } from '../../ui/section.js';
import { reflectionApi } from './api.js';
import { JOURNAL_KEY } from './journal-content.js';

export const MIN_PASSPHRASE = 10;

/**
 * A new passphrase for the journal. The current passphrase (or the recovery key) unwraps the data
 * key here, and the new one wraps it again: the entries and the recovery key do not change.
 */
export function PassphraseChange({ material, onChanged }: { material: JournalKeyMaterial; onChanged: (key: JournalCryptoKey) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const client = useQueryClient();
  const [using, setUsing] = useState<'passphrase' | 'recovery'>('passphrase');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<{ current?: string; next?: string; again?: string }>({});
  const change = useMutation({
    mutationFn: async () => {
      let rewrapped: Awaited<ReturnType<typeof rewrapForNewPassphrase>>;
      try {
        rewrapped = await rewrapForNewPassphrase(material, using === 'recovery' ? { recoveryKey: current } : { passphrase: current }, next);
      } catch {
        return { wrongSecret: true as const };
      }
      await reflectionApi.changeJournalPassphrase(rewrapped.body);
      return { wrongSecret: false as const, dataKey: rewrapped.dataKey };
    },
    onSuccess: (result) => {
      if (result.wrongSecret) {
        setErrors({ current: using === 'recovery' ? t('reflection.journal.wrongRecovery') : t('reflection.journal.wrongPassphrase') });
        return;
      }
      setCurrent('');
      setNext('');
      setAgain('');
      onChanged(result.dataKey);
      void client.invalidateQueries({ queryKey: [...JOURNAL_KEY, 'key'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = {
      current: current ? undefined : t('reflection.journal.changeCurrentMissing'),
      next: next.length < MIN_PASSPHRASE ? t('reflection.journal.passphraseShort') : undefined,
      again: next !== again ? t('reflection.journal.passphraseMismatch') : undefined,
    };
    setErrors(found);
    if (!found.current && !found.next && !found.again) change.mutate();
  };
  const done = change.data && !change.data.wrongSecret;
  return (
    <Section title={t('reflection.journal.changeTitle')}>
      <Text>{t('reflection.journal.changeIntro')}</Text>
      <form onSubmit={submit} noValidate>
        <Stack gap="md" maw={480}>
          <FormError message={change.isError ? errorText(change.error) : null} />
          {done && <Success>{t('reflection.journal.changed')}</Success>}
          <Radio.Group
            label={t('reflection.journal.changeWith')}
            value={using}
            onChange={(v) => {
              setUsing(v as 'passphrase' | 'recovery');
              setCurrent('');
              setErrors({});
            }}
          >
            <Group mt="xs">
              <Radio value="passphrase" label={t('reflection.journal.withPassphrase')} size="md" />
              <Radio value="recovery" label={t('reflection.journal.withRecovery')} size="md" />
            </Group>
          </Radio.Group>
          {using === 'recovery' ? (
            <TextInput
              label={t('reflection.journal.recoveryLabel')}
              value={current}
              error={errors.current}
              autoComplete="off"
              onChange={(e) => setCurrent(e.currentTarget.value)}
            />
          ) : (
            <PasswordInput
              label={t('reflection.journal.currentPassphrase')}
              value={current}
              error={errors.current}
              autoComplete="current-password"
              onChange={(e) => setCurrent(e.currentTarget.value)}
            />
          )}
          <PasswordInput
            label={t('reflection.journal.newPassphrase')}
            description={t('reflection.journal.passphraseHint')}
            value={next}
            error={errors.next}
            autoComplete="new-password"
            onChange={(e) => setNext(e.currentTarget.value)}
          />
          <PasswordInput
            label={t('reflection.journal.newPassphraseAgain')}
            value={again}
            error={errors.again}
            autoComplete="new-password"
            onChange={(e) => setAgain(e.currentTarget.value)}
          />
          <Group>
            <Button type="submit" loading={change.isPending} h={44}>
              {t('reflection.journal.change')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}
