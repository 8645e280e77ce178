import { Alert, Anchor, Button, Checkbox, Code, Group, Paper, Radio, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Competency } from '../../../shared/reflection/competencies.js';
import { findIdentifiers } from '../../../shared/reflection/deidentify.js';
import { useErrorText } from '../../lib/errors.js';
import {
  createJournalKey,
  encryptJson,
  keepJournalKey,
  lockJournal,
  unlockedJournalKey,
  unlockWithPassphrase,
  unlockWithRecoveryKey,
} from '../../lib/journal-crypto.js';
import { reflects } from '../../lib/roles.js';
import { useSignedInMe } from '../../lib/session.js';
import { formatDateTime } from '../../ui/format.js';
import { FormError, LoadError, Loading, Success } from '../../ui/notices.js';
import { Page } from '../../ui/page.js';
import { PasswordInput } from '../../ui/password-input.js';
import { Section } from '../../ui/section.js';
import { type JournalKeyData, reflectionApi } from './api.js';
import { CompetencyBadges, CompetencyFilter, CompetencyPicker, useCompetencyLabel } from './competency-tags.js';
import { type EntryContent, GIBBS, type GibbsStep, JOURNAL_KEY, type Kind, useOpenedEntries } from './journal-content.js';
import { NotTreatingPage } from './not-treating.js';
import { MIN_PASSPHRASE, PassphraseChange } from './passphrase-change.js';
import { RetagEntry } from './retag-entry.js';
import { SignalPrompt, useReflectFromSignal } from './signal-prompt.js';

function SetUp({ onDone }: { onDone: (recoveryKey: string, key: CryptoKey) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [pass, setPass] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<{ pass?: string; again?: string }>({});
  const setUp = useMutation({
    mutationFn: async () => {
      const created = await createJournalKey(pass);
      await reflectionApi.setJournalKey(created.material);
      return created;
    },
    onSuccess: (created) => onDone(created.recoveryKey, created.dataKey),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = {
      pass: pass.length < MIN_PASSPHRASE ? t('reflection.journal.passphraseShort') : undefined,
      again: pass !== again ? t('reflection.journal.passphraseMismatch') : undefined,
    };
    setErrors(next);
    if (!next.pass && !next.again) setUp.mutate();
  };
  return (
    <Section title={t('reflection.journal.setupTitle')}>
      <Alert color="yellow" variant="light">
        <Text>{t('reflection.journal.warning')}</Text>
      </Alert>
      <form onSubmit={submit} noValidate>
        <Stack gap="md" maw={480}>
          <FormError message={setUp.isError ? errorText(setUp.error) : null} />
          <PasswordInput
            label={t('reflection.journal.passphrase')}
            description={t('reflection.journal.passphraseHint')}
            value={pass}
            error={errors.pass}
            autoComplete="new-password"
            onChange={(e) => setPass(e.currentTarget.value)}
          />
          <PasswordInput
            label={t('reflection.journal.passphraseAgain')}
            value={again}
            error={errors.again}
            autoComplete="new-password"
            onChange={(e) => setAgain(e.currentTarget.value)}
          />
          <Group>
            <Button type="submit" loading={setUp.isPending} h={44}>
              {t('reflection.journal.setUp')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

function RecoveryKey({ recoveryKey, onContinue }: { recoveryKey: string; onContinue: () => void }) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState(false);
  const download = () => {
    const blob = new Blob([`${t('reflection.journal.recoveryLabel')}: ${recoveryKey}\n`], { type: 'text/plain' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = 'attune-journal-recovery-key.txt';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <Section title={t('reflection.journal.recoveryTitle')}>
      <Text>{t('reflection.journal.recoveryIntro')}</Text>
      <Stack gap={4}>
        <Text fw={500} id="recovery-key-label">
          {t('reflection.journal.recoveryLabel')}
        </Text>
        <Code block aria-labelledby="recovery-key-label" data-testid="recovery-key" style={{ fontSize: 16, wordBreak: 'break-all' }}>
          {recoveryKey}
        </Code>
      </Stack>
      <Group>
        <Button variant="default" onClick={download} h={44}>
          {t('reflection.journal.download')}
        </Button>
      </Group>
      <Checkbox size="md" label={t('reflection.journal.acknowledge')} checked={saved} onChange={(e) => setSaved(e.currentTarget.checked)} />
      <Group>
        <Button onClick={onContinue} disabled={!saved} h={44}>
          {t('reflection.journal.continue')}
        </Button>
      </Group>
    </Section>
  );
}

function Unlock({ material, onUnlocked }: { material: JournalKeyData; onUnlocked: (key: CryptoKey) => void }) {
  const { t } = useTranslation();
  const [useRecovery, setUseRecovery] = useState(false);
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | undefined>();
  const unlock = useMutation({
    mutationFn: () => (useRecovery ? unlockWithRecoveryKey(material, secret) : unlockWithPassphrase(material, secret)),
    onSuccess: onUnlocked,
    onError: () => setError(useRecovery ? t('reflection.journal.wrongRecovery') : t('reflection.journal.wrongPassphrase')),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    unlock.mutate();
  };
  return (
    <Section title={t('reflection.journal.unlockTitle')}>
      <Text>{t('reflection.journal.unlockIntro')}</Text>
      <form onSubmit={submit} noValidate>
        <Stack gap="md" maw={480}>
          {useRecovery ? (
            <TextInput
              label={t('reflection.journal.recoveryLabel')}
              value={secret}
              error={error}
              autoComplete="off"
              onChange={(e) => setSecret(e.currentTarget.value)}
            />
          ) : (
            <PasswordInput
              label={t('reflection.journal.passphrase')}
              value={secret}
              error={error}
              autoComplete="current-password"
              onChange={(e) => setSecret(e.currentTarget.value)}
            />
          )}
          <Group>
            <Button type="submit" loading={unlock.isPending} h={44}>
              {t('reflection.journal.unlock')}
            </Button>
            <Button
              variant="subtle"
              onClick={() => {
                setUseRecovery(!useRecovery);
                setSecret('');
                setError(undefined);
              }}
            >
              {useRecovery ? t('reflection.journal.usePassphrase') : t('reflection.journal.useRecovery')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

const contentText = (c: EntryContent) => [c.title ?? '', c.text ?? '', ...GIBBS.map((g) => c.gibbs?.[g] ?? '')].join('\n');

function NewEntry({ dataKey }: { dataKey: CryptoKey }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const client = useQueryClient();
  const fromSignal = useReflectFromSignal(); // "Reflect on this" from a boundary signal: Gibbs, with a prompt naming no one
  const [kind, setKind] = useState<Kind>(fromSignal ? 'gibbs' : 'free');
  const [title, setTitle] = useState(fromSignal?.title ?? '');
  const [text, setText] = useState('');
  const [gibbs, setGibbs] = useState<Partial<Record<GibbsStep, string>>>({});
  const [tags, setTags] = useState<Competency[]>(fromSignal ? ['boundaries'] : []);
  const [found, setFound] = useState<string[] | null>(null);
  const firstField = useRef<HTMLTextAreaElement>(null);
  const content = (): EntryContent =>
    kind === 'free' ? { title: title.trim() || undefined, text, tags } : { title: title.trim() || undefined, gibbs, tags };
  const empty = kind === 'free' ? !text.trim() : GIBBS.every((g) => !gibbs[g]?.trim());
  const save = useMutation({
    mutationFn: async (anyway: boolean) => {
      const value = content();
      if (!anyway) {
        const { terms } = await client.fetchQuery({
          queryKey: [...JOURNAL_KEY, 'identifiers'],
          queryFn: reflectionApi.journalIdentifiers,
          staleTime: Infinity,
        });
        const hits = findIdentifiers(contentText(value), terms);
        if (hits.length > 0) return { saved: false as const, terms: [...new Set(hits.map((h) => h.term))] };
      }
      const sealed = await encryptJson(dataKey, value);
      await reflectionApi.addJournalEntry({ kind, ...sealed });
      return { saved: true as const, terms: [] };
    },
    onSuccess: (result) => {
      if (!result.saved) {
        setFound(result.terms);
        return;
      }
      setFound(null);
      setTitle('');
      setText('');
      setGibbs({});
      setTags([]);
      void client.invalidateQueries({ queryKey: [...JOURNAL_KEY, 'entries'] });
      void fromSignal?.reflected();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!empty) save.mutate(false);
  };
  return (
    <Section title={t('reflection.journal.newTitle')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError message={save.isError ? errorText(save.error) : null} />
          {save.data?.saved && !found && <Success>{t('reflection.journal.saved')}</Success>}
          {fromSignal && <SignalPrompt prompt={fromSignal.prompt} />}
          <Radio.Group label={t('reflection.journal.kind')} value={kind} onChange={(v) => setKind(v as Kind)}>
            <Group mt="xs">
              <Radio value="free" label={t('reflection.journal.kindFree')} size="md" />
              <Radio value="gibbs" label={t('reflection.journal.kindGibbs')} size="md" />
            </Group>
          </Radio.Group>
          <TextInput
            label={t('reflection.journal.entryTitle')}
            value={title}
            maxLength={200}
            onChange={(e) => setTitle(e.currentTarget.value)}
          />
          <CompetencyPicker value={tags} onChange={setTags} />
          {kind === 'free' ? (
            <Textarea
              ref={firstField}
              label={t('reflection.journal.text')}
              description={t('reflection.journal.textHint')}
              autosize
              minRows={6}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
            />
          ) : (
            GIBBS.map((g, i) => (
              <Textarea
                key={g}
                ref={i === 0 ? firstField : undefined}
                label={t(`reflection.journal.gibbs.${g}.label`)}
                description={t(`reflection.journal.gibbs.${g}.hint`)}
                autosize
                minRows={3}
                value={gibbs[g] ?? ''}
                onChange={(e) => setGibbs({ ...gibbs, [g]: e.currentTarget.value })}
              />
            ))
          )}
          {found && (
            <Alert color="yellow" variant="light" role="alert" title={t('reflection.journal.identifiersTitle')}>
              <Stack gap="sm">
                <Text size="sm">{t('reflection.journal.identifiersBody', { terms: found.join(', ') })}</Text>
                <Group>
                  <Button
                    variant="default"
                    onClick={() => {
                      setFound(null);
                      firstField.current?.focus();
                    }}
                  >
                    {t('reflection.journal.edit')}
                  </Button>
                  <Button onClick={() => save.mutate(true)} loading={save.isPending}>
                    {t('reflection.journal.saveAnyway')}
                  </Button>
                </Group>
              </Stack>
            </Alert>
          )}
          {!found && (
            <Group>
              <Button type="submit" loading={save.isPending} disabled={empty} h={44}>
                {t('reflection.journal.saveEntry')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Section>
  );
}

function Entries({ dataKey }: { dataKey: CryptoKey }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const client = useQueryClient();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [retagging, setRetagging] = useState<string | null>(null);
  const [retagged, setRetagged] = useState<string | null>(null);
  const [filter, setFilter] = useState<Competency | ''>('');
  const competencyLabel = useCompetencyLabel();
  const entries = useOpenedEntries(dataKey);
  const shown = (entries.data ?? []).filter((e) => !filter || e.content?.tags?.includes(filter));
  const remove = useMutation({
    mutationFn: reflectionApi.deleteJournalEntry,
    onSuccess: () => {
      setConfirming(null);
      void client.invalidateQueries({ queryKey: [...JOURNAL_KEY, 'entries'] });
    },
  });
  const exportAll = (list: typeof shown) => {
    const text = list
      .map((e) => {
        const c = e.content;
        const body = !c
          ? t('reflection.journal.unreadable')
          : e.kind === 'gibbs'
            ? GIBBS.filter((g) => c.gibbs?.[g]?.trim())
                .map((g) => `${t(`reflection.journal.gibbs.${g}.label`)}\n${c.gibbs?.[g]}`)
                .join('\n\n')
            : (c.text ?? '');
        const tags = c?.tags?.length ? `${t('reflection.journal.tagsExported')}: ${c.tags.map(competencyLabel).join(', ')}\n` : '';
        return `${c?.title || t('reflection.journal.untitled')}\n${t('reflection.journal.writtenOn', { date: formatDateTime(e.createdAt) })}\n${tags}\n${body}`;
      })
      .join('\n\n---\n\n');
    const url = URL.createObjectURL(new Blob([`${text}\n`], { type: 'text/plain;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'attune-journal.txt';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <Section title={t('reflection.journal.entriesTitle')}>
      <FormError message={remove.isError ? errorText(remove.error) : null} />
      {entries.data && entries.data.length > 0 && (
        <Stack gap={4} align="flex-start">
          <Button variant="default" onClick={() => exportAll(entries.data)} h={40}>
            {t('reflection.journal.export')}
          </Button>
          <Text size="sm">{t('reflection.journal.exportHint')}</Text>
        </Stack>
      )}
      {entries.isPending ? (
        <Loading />
      ) : entries.isError ? (
        <LoadError error={entries.error} retry={() => void entries.refetch()} />
      ) : entries.data.length === 0 ? (
        <Text>{t('reflection.journal.noEntries')}</Text>
      ) : (
        <>
          <CompetencyFilter value={filter} onChange={setFilter} />
          {shown.length === 0 && <Text>{t('reflection.journal.noneTagged')}</Text>}
        </>
      )}
      {shown.map((e) => {
        const heading = e.content?.title || t('reflection.journal.untitled');
        return (
          <Paper key={e.id} withBorder p="md" radius="md" component="article" aria-labelledby={`entry-${e.id}`}>
            <Stack gap="xs">
              <Title order={3} size="h4" id={`entry-${e.id}`}>
                {heading}
              </Title>
              <Text size="sm" c="dimmed">
                {t('reflection.journal.writtenOn', { date: formatDateTime(e.createdAt) })}
              </Text>
              <CompetencyBadges tags={e.content?.tags} />
              {retagged === e.id && <Success>{t('reflection.journal.retagged')}</Success>}
              {!e.content ? (
                <Text>{t('reflection.journal.unreadable')}</Text>
              ) : e.kind === 'gibbs' ? (
                GIBBS.filter((g) => e.content?.gibbs?.[g]?.trim()).map((g) => (
                  <Stack key={g} gap={2}>
                    <Text fw={600}>{t(`reflection.journal.gibbs.${g}.label`)}</Text>
                    <Text style={{ whiteSpace: 'pre-wrap' }}>{e.content?.gibbs?.[g]}</Text>
                  </Stack>
                ))
              ) : (
                <Text style={{ whiteSpace: 'pre-wrap' }}>{e.content.text}</Text>
              )}
              {retagging === e.id && e.content ? (
                <RetagEntry
                  dataKey={dataKey}
                  entry={{ ...e, content: e.content }}
                  onDone={() => {
                    setRetagging(null);
                    setRetagged(e.id);
                  }}
                  onCancel={() => setRetagging(null)}
                />
              ) : confirming === e.id ? (
                <Group>
                  <Text size="sm">{t('reflection.journal.deleteConfirm')}</Text>
                  <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(e.id)}>
                    {t('common.yes')}
                  </Button>
                  <Button variant="default" onClick={() => setConfirming(null)}>
                    {t('common.no')}
                  </Button>
                </Group>
              ) : (
                <Group>
                  {e.content && (
                    <Button
                      variant="default"
                      onClick={() => {
                        setRetagging(e.id);
                        setRetagged(null);
                      }}
                      aria-label={t('reflection.journal.retagFor', { title: heading })}
                    >
                      {t('reflection.journal.retag')}
                    </Button>
                  )}
                  <Button
                    variant="default"
                    onClick={() => setConfirming(e.id)}
                    aria-label={`${t('reflection.journal.delete')}: ${heading}`}
                  >
                    {t('reflection.journal.delete')}
                  </Button>
                </Group>
              )}
            </Stack>
          </Paper>
        );
      })}
    </Section>
  );
}

/** The private journal: encrypted in this browser; the server keeps only what it cannot read. */
export default function JournalPage() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const allowed = reflects(me);
  const keyState = useQuery({ queryKey: [...JOURNAL_KEY, 'key'], queryFn: reflectionApi.journalKey, enabled: allowed });
  const [dataKey, setDataKey] = useState<CryptoKey | null>(() => unlockedJournalKey(me.user.id));
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);
  const [changing, setChanging] = useState(false);
  const client = useQueryClient();

  const intro = (
    <Stack gap="xs" align="flex-start">
      <Text size="lg">{t('reflection.journal.intro')}</Text>
      {allowed && (
        <Anchor component={Link} to="/reflection">
          {t('reflection.practice.title')}
        </Anchor>
      )}
    </Stack>
  );
  if (!allowed) {
    return <NotTreatingPage title={t('reflection.journal.title')} message={t('reflection.journal.notTreating')} />;
  }
  const body = () => {
    if (recoveryKey && dataKey)
      return (
        <RecoveryKey
          recoveryKey={recoveryKey}
          onContinue={() => {
            setRecoveryKey(null);
            void client.invalidateQueries({ queryKey: [...JOURNAL_KEY, 'key'] });
          }}
        />
      );
    if (keyState.isPending) return <Loading />;
    if (keyState.isError) return <LoadError error={keyState.error} retry={() => void keyState.refetch()} />;
    const material = keyState.data.key;
    if (!material)
      return (
        <SetUp
          onDone={(recovery, key) => {
            keepJournalKey(me.user.id, key);
            setDataKey(key);
            setRecoveryKey(recovery);
          }}
        />
      );
    if (!dataKey)
      return (
        <Unlock
          material={material}
          onUnlocked={(key) => {
            keepJournalKey(me.user.id, key);
            setDataKey(key);
          }}
        />
      );
    return (
      <>
        <Group>
          <Button
            variant="default"
            onClick={() => {
              lockJournal();
              setDataKey(null);
              setChanging(false);
              client.removeQueries({ queryKey: [...JOURNAL_KEY, 'entries'] });
            }}
          >
            {t('reflection.journal.lock')}
          </Button>
          <Button variant="default" onClick={() => setChanging(!changing)} aria-expanded={changing}>
            {t('reflection.journal.changeOpen')}
          </Button>
          <Anchor component={Link} to="/reflection/learning-plan">
            {t('reflection.journal.planLink')}
          </Anchor>
        </Group>
        {changing && (
          <PassphraseChange
            material={material}
            onChanged={(key) => {
              keepJournalKey(me.user.id, key);
              setDataKey(key);
            }}
          />
        )}
        <NewEntry dataKey={dataKey} />
        <Entries dataKey={dataKey} />
      </>
    );
  };
  return (
    <Page title={t('reflection.journal.title')} intro={intro}>
      {body()}
    </Page>
  );
}
