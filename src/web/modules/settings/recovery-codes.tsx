import { Button, Checkbox, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

function download(filename: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Shown once, right after two-step sign-in is turned on. */
export function RecoveryCodes({ codes, email, onDone }: { codes: string[]; email: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState(false);
  const labelId = useId();
  const text = `${t('security.downloadHeader', { email })}\n\n${codes.join('\n')}\n`;
  return (
    <Stack gap="md">
      <Title order={3} size="h4" id={labelId}>
        {t('security.codesTitle')}
      </Title>
      <Text>{t('security.codesBody')}</Text>
      <Paper withBorder p="md" bg="gray.0" maw={420}>
        <List className="recovery-codes" listStyleType="none" spacing={4} aria-labelledby={labelId}>
          {codes.map((code) => (
            <List.Item key={code}>{code}</List.Item>
          ))}
        </List>
      </Paper>
      <Group>
        <Button variant="default" onClick={() => download('attune-recovery-codes.txt', text)}>
          {t('security.download')}
        </Button>
      </Group>
      <Checkbox label={t('security.savedCheck')} checked={saved} onChange={(e) => setSaved(e.currentTarget.checked)} />
      <Group>
        <Button onClick={onDone} disabled={!saved}>
          {t('security.done')}
        </Button>
      </Group>
    </Stack>
  );
}
