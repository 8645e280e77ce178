import { Button, CopyButton, Group, Image, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.js';
import { splitError, useErrorText } from '../../lib/errors.js';
import { isTotpCode } from '../../lib/validate.js';
import { FormError } from '../../ui/notices.js';

export type Enrolment = { secret: string; qrSvg: string };

/** The QR code as an image (never injected as markup). */
const svgDataUrl = (svg: string) => {
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
};

/** Step 2 of turning on two-step sign-in: scan, then prove it works with a code. */
export function TotpEnrol({
  enrolment,
  onConfirmed,
  onCancel,
}: {
  enrolment: Enrolment;
  onConfirmed: (codes: string[]) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);

  const confirm = useMutation({
    mutationFn: api.totpConfirm,
    onSuccess: (result) => onConfirmed(result.recoveryCodes),
    onError: (error) => {
      const split = splitError(error, errorText(error), ['code']);
      setCodeError(split.fieldErrors.code);
      setFormError(split.formError);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    if (!isTotpCode(code)) {
      setCodeError(t('errors.totpFormat'));
      return;
    }
    setCodeError(undefined);
    confirm.mutate(code.trim());
  };

  return (
    <Stack gap="md">
      <Text>{t('security.scan')}</Text>
      <Image src={svgDataUrl(enrolment.qrSvg)} alt={t('security.qrAlt')} className="qr-code" w={200} h={200} fit="contain" />
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          label={t('security.secret')}
          description={t('security.secretHint')}
          value={enrolment.secret}
          readOnly
          styles={{ input: { fontFamily: 'ui-monospace, Menlo, Consolas, monospace' } }}
          w={{ base: '100%', sm: 420 }}
        />
        <CopyButton value={enrolment.secret}>
          {({ copied, copy }) => (
            <Button variant="default" onClick={copy}>
              {copied ? t('common.copied') : t('common.copy')}
            </Button>
          )}
        </CopyButton>
      </Group>
      <form onSubmit={submit} noValidate>
        <Stack gap="md" maw={420}>
          <FormError message={formError} />
          <TextInput
            label={t('security.code')}
            description={t('security.codeHint')}
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            error={codeError}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            required
          />
          <Group>
            <Button type="submit" loading={confirm.isPending}>
              {t('security.confirm')}
            </Button>
            <Button variant="subtle" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
