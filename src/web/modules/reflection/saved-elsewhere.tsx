import { Alert, Button, CopyButton, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api.js';

/**
 * A save refused because another window or device saved first (409 on `basedOn`), or because
 * the entry was deleted meanwhile (404). Nothing was written; what the person typed is still here.
 */
export const savedElsewhere = (error: unknown): boolean =>
  error instanceof ApiError && ((error.status === 409 && error.field === 'basedOn') || error.status === 404);

/**
 * A save refused because another window or device saved first. Nothing was written and nothing
 * here was cleared: say so plainly, and offer the latest version and a copy of their own words.
 */
export function SavedElsewhere({
  message,
  copyText,
  onLoadLatest,
  loading,
}: {
  message: string;
  /** The person's unsaved words, when there are any to copy. */
  copyText?: string | undefined;
  onLoadLatest: () => void;
  loading: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Alert color="yellow" variant="light" role="alert" title={t('reflection.savedElsewhere.title')}>
      <Stack gap="sm">
        <Text size="sm">{message}</Text>
        <Text size="sm">{t('reflection.savedElsewhere.next')}</Text>
        <Group>
          <Button onClick={onLoadLatest} loading={loading}>
            {t('reflection.savedElsewhere.loadLatest')}
          </Button>
          {copyText?.trim() && (
            <CopyButton value={copyText} timeout={3000}>
              {({ copied, copy }) => (
                <Button variant="default" onClick={copy}>
                  {copied ? t('reflection.savedElsewhere.copied') : t('reflection.savedElsewhere.copy')}
                </Button>
              )}
            </CopyButton>
          )}
        </Group>
      </Stack>
    </Alert>
  );
}
