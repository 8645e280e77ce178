import { Badge, Button, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Invitation } from '../../lib/api.js';
import { useErrorText } from '../../lib/errors.js';
import { formatDate } from '../../ui/format.js';
import { FormError, LoadError, Loading, Success } from '../../ui/notices.js';
import { ScrollTable } from '../../ui/scroll-table.js';
import { INVITATIONS_KEY } from './invite-form.js';

const STATUS_COLOR: Record<Invitation['status'], string> = { pending: 'yellow', accepted: 'sage', revoked: 'gray', expired: 'gray' };

export function InvitationsTable() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const client = useQueryClient();
  const invitations = useQuery({ queryKey: INVITATIONS_KEY, queryFn: api.invitations });
  const [notice, setNotice] = useState<string | null>(null);
  const revoke = useMutation({
    mutationFn: (inv: Invitation) => api.revokeInvitation(inv.id),
    onMutate: () => setNotice(null),
    onSuccess: (_ok, inv) => {
      setNotice(t('people.withdrawn', { email: inv.email }));
      void client.invalidateQueries({ queryKey: INVITATIONS_KEY });
    },
  });

  if (invitations.isPending) return <Loading />;
  if (invitations.isError) return <LoadError error={invitations.error} retry={() => void invitations.refetch()} />;
  const rows = invitations.data.invitations;
  if (rows.length === 0) return <Text>{t('people.noInvitations')}</Text>;

  return (
    <Stack gap="sm">
      {notice && <Success>{notice}</Success>}
      <FormError message={revoke.isError ? errorText(revoke.error) : null} />
      <ScrollTable label={t('people.invitationsTitle')} minWidth={640}>
        <Table verticalSpacing="sm" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('people.colEmail')}</Table.Th>
              <Table.Th scope="col">{t('people.colName')}</Table.Th>
              <Table.Th scope="col">{t('people.colRole')}</Table.Th>
              <Table.Th scope="col">{t('people.colStatus')}</Table.Th>
              <Table.Th scope="col">{t('people.colExpires')}</Table.Th>
              <Table.Th scope="col">{t('people.colActions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((inv) => (
              <Table.Tr key={inv.id}>
                <Table.Th scope="row" fw={500}>
                  {inv.email}
                </Table.Th>
                <Table.Td>{inv.name ?? '—'}</Table.Td>
                <Table.Td>{t(`roles.${inv.role}`)}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={STATUS_COLOR[inv.status]}>
                    {t(`people.status.${inv.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>{formatDate(inv.expiresAt)}</Table.Td>
                <Table.Td>
                  {inv.status === 'pending' && (
                    <Button
                      variant="subtle"
                      color="red"
                      aria-label={t('people.withdrawLabel', { email: inv.email })}
                      loading={revoke.isPending && revoke.variables?.id === inv.id}
                      onClick={() => revoke.mutate(inv)}
                    >
                      {t('people.withdraw')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </Stack>
  );
}
