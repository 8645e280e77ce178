import { Alert, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { SignalKind } from '../../../shared/reflection/contract.js';
import { reflectionApi } from './api.js';
import { REFLECTION_KEY } from './check-in-dialog.js';

/**
 * "Reflect on this" from a signal card opens the journal as `?reflect=<kind>&signal=<key>`: a
 * structured reflection with a title and a first prompt that name no one. Once the reflection is
 * saved, the signal is marked as reflected on (the server keeps only that it happened, and when).
 */
export function useReflectFromSignal() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const kind = SignalKind.safeParse(params.get('reflect'));
  const key = params.get('signal');
  if (!kind.success) return null;
  return {
    kind: kind.data,
    title: t(`reflection.practice.prompt.${kind.data}.title`),
    prompt: t(`reflection.practice.prompt.${kind.data}.text`),
    /** After saving: mark the signal, once, and leave the journal's address plain again. */
    reflected: async () => {
      if (key) await reflectionApi.markSignalReflected(key).catch(() => undefined); // a dismissed signal has nothing to mark
      void client.invalidateQueries({ queryKey: [...REFLECTION_KEY, 'signals'] });
      setParams({}, { replace: true });
    },
  };
}

export function SignalPrompt({ prompt }: { prompt: string }) {
  const { t } = useTranslation();
  return (
    <Alert color="sage" variant="light" title={prompt}>
      <Text size="sm">{t('reflection.practice.prompt.intro')}</Text>
    </Alert>
  );
}
