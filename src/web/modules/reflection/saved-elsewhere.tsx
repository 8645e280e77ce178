import { Alert, Button, CopyButton, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api.js';

/**
 * A save refused because another window or device saved first (409 on `basedOn`), or because
 * the entry was deleted meanwhile (404). Nothing was written; what the person typed is still here.
 */
export const savedElsewhere = (error: unknown): boolean =>
  error instanceof ApiError && ((error.status === 409 && error.field === 'basedOn') || error.status === 404);

/**
 * What a form shows after a save: whether it was refused for being behind (`stale`), the error to
 * show otherwise (a failed save, or a failed fetch of the latest version), and `loadLatest`, which
 * fetches the saved version and, once it is here, clears the refusal and calls `onLoaded`.
 */
export function useSaveRefusal(
  save: { isError: boolean; error: unknown; reset(): void },
  refetch: () => Promise<{ isError: boolean; error: unknown }>,
) {
  const [reloadError, setReloadError] = useState<unknown>(null);
  const stale = save.isError && savedElsewhere(save.error);
  const error: unknown = reloadError ?? (save.isError && !stale ? save.error : null);
  const loadLatest = async (onLoaded: () => void) => {
    const result = await refetch();
    if (result.isError) {
      setReloadError(result.error);
      return;
    }
    save.reset();
    onLoaded();
  };
  return { stale, error, loadLatest, clearReloadError: () => setReloadError(null) };
}

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
