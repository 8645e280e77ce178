import { Button, Group, Stack } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Competency } from '../../../shared/reflection/competencies.js';
import { ApiError } from '../../lib/api.js';
import { useErrorText } from '../../lib/errors.js';
import type { JournalCryptoKey } from '../../lib/journal-crypto.js';
import { FormError, Success } from '../../ui/notices.js';
import { CompetencyPicker } from './competency-tags.js';
import { type EntryContent, JOURNAL_KEY, type OpenedEntry, retagEntry } from './journal-content.js';
import { SavedElsewhere, savedElsewhere } from './saved-elsewhere.js';

/**
 * New QA areas for a reflection already written. The tags live inside the sealed entry, so the
 * whole entry is sealed again here and saved only if no other window changed it meanwhile; if one
 * did, the choice stays on screen until the person loads the latest version and saves again.
 */
export function RetagEntry({
  dataKey,
  entry,
  onDone,
  onCancel,
}: {
  dataKey: JournalCryptoKey;
  entry: OpenedEntry & { content: EntryContent };
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const client = useQueryClient();
  const [tags, setTags] = useState<Competency[]>(entry.content.tags ?? []);
  const [reloaded, setReloaded] = useState(false);
  const save = useMutation({
    mutationFn: () => retagEntry(dataKey, entry, tags),
    onSuccess: (saved) => {
      // The cache now holds the new version, so a further change is based on it.
      client.setQueryData<OpenedEntry[]>([...JOURNAL_KEY, 'entries'], (list) => list?.map((e) => (e.id === saved.id ? saved : e)));
      onDone();
    },
  });
  const load = useMutation({ mutationFn: () => client.refetchQueries({ queryKey: [...JOURNAL_KEY, 'entries'] }, { throwOnError: true }) });
  const stale = save.isError && savedElsewhere(save.error);
  const gone = stale && save.error instanceof ApiError && save.error.status === 404;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setReloaded(false);
    save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormError message={save.isError && !stale ? errorText(save.error) : load.isError ? errorText(load.error) : null} />
        {stale && (
          <SavedElsewhere
            message={t(gone ? 'reflection.savedElsewhere.gone' : 'reflection.savedElsewhere.entry')}
            loading={load.isPending}
            onLoadLatest={() =>
              load.mutate(undefined, {
                onSuccess: () => {
                  save.reset();
                  setReloaded(true);
                },
              })
            }
          />
        )}
        {reloaded && <Success>{t('reflection.savedElsewhere.loaded')}</Success>}
        <CompetencyPicker value={tags} onChange={setTags} />
        <Group>
          <Button type="submit" loading={save.isPending} h={44}>
            {t('reflection.journal.retagSave')}
          </Button>
          <Button variant="default" onClick={onCancel} h={44}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
