import { Button, CloseButton, Group, List, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A short list of free words (areas, techniques, medications…): type one, add it, remove any.
 * Enter adds the item instead of sending the whole form.
 */
export function ListInput({
  label,
  description,
  value,
  onChange,
  max = 30,
  error,
}: {
  label: string;
  description?: string;
  value: string[];
  onChange: (next: string[]) => void;
  max?: number;
  error?: string;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState('');
  const add = () => {
    const item = draft.trim();
    if (!item || value.includes(item) || value.length >= max) return;
    onChange([...value, item]);
    setDraft('');
  };
  return (
    <Stack gap="xs">
      <Group align="flex-end" gap="sm" wrap="nowrap">
        <TextInput
          label={label}
          description={description}
          value={draft}
          error={error}
          onChange={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
          style={{ flex: 1 }}
        />
        <Button variant="default" onClick={add} aria-label={t('care.list.addLabel', { label })}>
          {t('care.list.add')}
        </Button>
      </Group>
      {value.length > 0 ? (
        <List listStyleType="none" spacing={4} aria-label={label}>
          {value.map((item) => (
            <List.Item key={item}>
              <Group gap="xs" wrap="nowrap">
                <Text size="md">{item}</Text>
                <CloseButton
                  size="lg"
                  aria-label={t('care.list.remove', { item })}
                  onClick={() => onChange(value.filter((v) => v !== item))}
                />
              </Group>
            </List.Item>
          ))}
        </List>
      ) : null}
    </Stack>
  );
}
