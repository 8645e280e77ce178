import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from './notices.js';

/**
 * A confirmation that asks why (cancelling an appointment, withdrawing a consent): the reason is
 * required and kept by the server, so nothing is undone without words.
 */
export function ReasonDialog(props: {
  title: string;
  body?: string;
  label: string;
  description?: string;
  requiredMessage: string;
  keepLabel: string;
  submitLabel: string;
  pending: boolean;
  serverError: string | null;
  onSubmit: (reason: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return setError(props.requiredMessage);
    setError(undefined);
    props.onSubmit(reason.trim());
  };
  return (
    <Modal opened onClose={props.onClose} title={props.title} closeButtonProps={{ 'aria-label': t('common.close') }} centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {props.body && <Text size="sm">{props.body}</Text>}
          <FormError message={props.serverError} />
          <Textarea
            label={props.label}
            description={props.description}
            value={reason}
            error={error}
            onChange={(e) => setReason(e.currentTarget.value)}
            autosize
            minRows={2}
            required
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {props.keepLabel}
            </Button>
            <Button type="submit" color="red.9" loading={props.pending}>
              {props.submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
