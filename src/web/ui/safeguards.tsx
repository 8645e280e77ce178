import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * Client-protecting safeguards, shown as gentle reminders of what helps this person, never as a
 * label about them. A list, so a screen reader says how many there are.
 */
export function Safeguards({ items, name }: { items: string[]; name: string }) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <Group gap="xs" component="ul" aria-label={t('care.safeguardsFor', { name })} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {items.map((s) => (
        <Badge
          key={s}
          component="li"
          variant="light"
          color="sage"
          size="lg"
          radius="sm"
          tt="none"
          fw={500}
          style={{ height: 'auto', whiteSpace: 'normal', paddingBlock: 4 }}
        >
          {s}
        </Badge>
      ))}
    </Group>
  );
}
