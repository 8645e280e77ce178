import { Badge, Checkbox, Group, NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { COMPETENCIES, type Competency } from '../../../shared/reflection/competencies.js';

export function useCompetencyLabel() {
  const { t } = useTranslation();
  return (c: Competency) => t(`reflection.competency.${c}`);
}

/** Which QA competency areas a reflection is about: optional, any number. */
export function CompetencyPicker({ value, onChange }: { value: Competency[]; onChange: (next: Competency[]) => void }) {
  const { t } = useTranslation();
  const label = useCompetencyLabel();
  return (
    <Checkbox.Group
      label={t('reflection.journal.tags')}
      description={t('reflection.journal.tagsHint')}
      value={value}
      onChange={(next) => onChange(COMPETENCIES.filter((c) => next.includes(c)))}
    >
      <Group mt="xs" gap="md">
        {COMPETENCIES.map((c) => (
          <Checkbox key={c} value={c} label={label(c)} size="md" />
        ))}
      </Group>
    </Checkbox.Group>
  );
}

/** The areas a reflection is tagged with, as a named list (so they are told apart from the picker's labels). */
export function CompetencyBadges({ tags }: { tags: Competency[] | undefined }) {
  const { t } = useTranslation();
  const label = useCompetencyLabel();
  if (!tags?.length) return null;
  return (
    <Group gap={6} role="list" aria-label={t('reflection.journal.tagsExported')}>
      {tags.map((c) => (
        <Badge key={c} role="listitem" variant="light" color="sage" radius="sm" tt="none" size="lg" fw={500}>
          {label(c)}
        </Badge>
      ))}
    </Group>
  );
}

/** Filters decrypted entries in the browser: the server never learns which area is looked at. */
export function CompetencyFilter({ value, onChange }: { value: Competency | ''; onChange: (next: Competency | '') => void }) {
  const { t } = useTranslation();
  const label = useCompetencyLabel();
  return (
    <NativeSelect
      label={t('reflection.journal.filter')}
      value={value}
      maw={360}
      data={[{ value: '', label: t('reflection.journal.filterAll') }, ...COMPETENCIES.map((c) => ({ value: c, label: label(c) }))]}
      onChange={(e) => onChange(e.currentTarget.value as Competency | '')}
    />
  );
}
