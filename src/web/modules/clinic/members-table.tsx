import { Badge, Button, Checkbox, Group, Modal, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Member, type Role } from '../../lib/api.js';
import { useErrorText } from '../../lib/errors.js';
import { ME_KEY, useSignedInMe } from '../../lib/session.js';
import { formatDate } from '../../ui/format.js';
import { FormError, LoadError, Loading, Success } from '../../ui/notices.js';
import { ScrollTable } from '../../ui/scroll-table.js';

const MEMBERS_KEY = ['clinic', 'members'] as const;
const ROLES: Role[] = ['owner', 'admin', 'therapist', 'locum', 'mentor'];

function RemoveDialog({ member, onClose }: { member: Member; onClose: (removed: boolean) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const client = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api.removeMember(member.userId),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: MEMBERS_KEY });
      onClose(true);
    },
  });
  return (
    <Modal
      opened
      onClose={() => onClose(false)}
      title={t('people.removeTitle', { name: member.name })}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      centered
    >
      <Stack gap="md">
        <Text>{t('people.removeBody')}</Text>
        <FormError message={remove.isError ? errorText(remove.error) : null} />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => onClose(false)}>
            {t('common.cancel')}
          </Button>
          <Button color="red.9" loading={remove.isPending} onClick={() => remove.mutate()}>
            {t('people.removeConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function MembersTable() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const me = useSignedInMe();
  const client = useQueryClient();
  const members = useQuery({ queryKey: MEMBERS_KEY, queryFn: api.members });
  const [removing, setRemoving] = useState<Member | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const owner = me.clinic?.role === 'owner';

  const change = useMutation({
    mutationFn: ({ member, role, treats }: { member: Member; role: Role; treats: boolean }) =>
      api.changeRole(member.userId, { role, treats }),
    onMutate: () => setNotice(null),
    onSuccess: () => {
      setNotice(t('people.memberSaved'));
      void client.invalidateQueries({ queryKey: MEMBERS_KEY });
      void client.invalidateQueries({ queryKey: ME_KEY });
    },
  });

  if (members.isPending) return <Loading />;
  if (members.isError) return <LoadError error={members.error} retry={() => void members.refetch()} />;

  return (
    <Stack gap="sm">
      {notice && <Success>{notice}</Success>}
      <FormError message={change.isError ? errorText(change.error) : null} />
      <ScrollTable label={t('people.membersTitle')} minWidth={720}>
        <Table verticalSpacing="sm" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('people.colName')}</Table.Th>
              <Table.Th scope="col">{t('people.colEmail')}</Table.Th>
              <Table.Th scope="col">{t('people.colRole')}</Table.Th>
              <Table.Th scope="col">{t('people.colTreats')}</Table.Th>
              <Table.Th scope="col">{t('people.colTotp')}</Table.Th>
              <Table.Th scope="col">{t('people.colJoined')}</Table.Th>
              {owner && <Table.Th scope="col">{t('people.colActions')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.data.members.map((m) => {
              const self = m.userId === me.user.id;
              const editable = owner && !self;
              return (
                <Table.Tr key={m.userId}>
                  <Table.Th scope="row" fw={500}>
                    {m.name}{' '}
                    {self && (
                      <Text span inherit>
                        {t('people.you')}
                      </Text>
                    )}
                  </Table.Th>
                  <Table.Td>{m.email}</Table.Td>
                  <Table.Td>
                    {editable ? (
                      <NativeSelect
                        aria-label={t('people.roleFor', { name: m.name })}
                        value={m.role}
                        disabled={change.isPending}
                        onChange={(e) => {
                          const role = ROLES.find((r) => r === e.currentTarget.value) ?? m.role;
                          change.mutate({ member: m, role, treats: m.treats });
                        }}
                        data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
                      />
                    ) : (
                      t(`roles.${m.role}`)
                    )}
                  </Table.Td>
                  <Table.Td>
                    {editable ? (
                      <Checkbox
                        aria-label={t('people.treatsFor', { name: m.name })}
                        checked={m.treats}
                        disabled={change.isPending}
                        onChange={(e) => change.mutate({ member: m, role: m.role, treats: e.currentTarget.checked })}
                      />
                    ) : m.treats ? (
                      t('common.yes')
                    ) : (
                      t('common.no')
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={m.totpEnabled ? 'sage' : 'gray'}>
                      {m.totpEnabled ? t('security.statusOn') : t('security.statusOff')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{formatDate(m.joinedAt)}</Table.Td>
                  {owner && (
                    <Table.Td>
                      {editable && (
                        <Button
                          variant="subtle"
                          color="red"
                          aria-label={t('people.removeLabel', { name: m.name })}
                          onClick={() => setRemoving(m)}
                        >
                          {t('people.remove')}
                        </Button>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {removing && (
        <RemoveDialog
          member={removing}
          onClose={(removed) => {
            if (removed) setNotice(t('people.removed', { name: removing.name }));
            setRemoving(null);
          }}
        />
      )}
    </Stack>
  );
}
