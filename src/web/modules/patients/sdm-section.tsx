import { Button, Group, List, NativeSelect, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Demographics } from '../../lib/api.js';
import { type FieldErrors, splitError, useErrorText } from '../../lib/errors.js';
import { FormError } from '../../ui/notices.js';
import { Section } from '../../ui/section.js';
import { chartKey } from './keys.js';

const RELATIONSHIPS = ['parent', 'guardian', 'attorney_personal_care', 'spouse_partner', 'other'] as const;
type Relationship = (typeof RELATIONSHIPS)[number];

export function SdmSection({ patient }: { patient: Demographics }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const client = useQueryClient();
  const [form, setForm] = useState<{ name: string; relationship: Relationship; phone: string; email: string }>({
    name: '',
    relationship: 'parent',
    phone: '',
    email: '',
  });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const refresh = () => {
    void client.invalidateQueries({ queryKey: chartKey(patient.id) });
    void client.invalidateQueries({ queryKey: ['consent-status', patient.id] });
  };
  const add = useMutation({
    mutationFn: () =>
      api.addSdm(patient.id, {
        name: form.name.trim(),
        relationship: form.relationship,
        phone: form.phone.trim() || null,
        email: form.email.trim() || null,
      }),
    onSuccess: () => {
      setForm({ name: '', relationship: 'parent', phone: '', email: '' });
      refresh();
    },
    onError: (error) => {
      const split = splitError(error, errorText(error), ['name', 'phone', 'email']);
      setFieldErrors(split.fieldErrors);
      setFormError(split.formError);
    },
  });
  const remove = useMutation({ mutationFn: (sdmId: string) => api.removeSdm(patient.id, sdmId), onSuccess: refresh });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    if (!form.name.trim()) return setFieldErrors({ name: t('errors.required') });
    setFieldErrors({});
    add.mutate();
  };
  const set = (key: 'name' | 'phone' | 'email') => (e: React.ChangeEvent<HTMLInputElement>) => {
    const value = e.currentTarget.value;
    setForm((f) => ({ ...f, [key]: value }));
  };
  return (
    <Section title={t('sdm.title')}>
      {patient.needsSubstituteDecisionMaker && <Text>{patient.minor ? t('sdm.neededMinor') : t('sdm.neededNotCapable')}</Text>}
      {patient.substituteDecisionMakers.length === 0 ? (
        <Text size="sm">{t('sdm.none')}</Text>
      ) : (
        <List listStyleType="none" spacing="xs">
          {patient.substituteDecisionMakers.map((s) => (
            <List.Item key={s.id}>
              <Group gap="sm">
                <Text fw={500}>
                  {s.name} — {t(`sdm.relationships.${s.relationship}`)}
                  {s.phone ? `, ${s.phone}` : ''}
                  {s.email ? `, ${s.email}` : ''}
                </Text>
                <Button
                  variant="subtle"
                  color="red"
                  c="red.9"
                  size="sm"
                  loading={remove.isPending && remove.variables === s.id}
                  onClick={() => remove.mutate(s.id)}
                  aria-label={t('sdm.removeLabel', { name: s.name })}
                >
                  {t('sdm.remove')}
                </Button>
              </Group>
            </List.Item>
          ))}
        </List>
      )}
      <FormError message={remove.isError ? errorText(remove.error) : null} />
      <form onSubmit={submit} noValidate aria-label={t('sdm.add')}>
        <Stack gap="md">
          <FormError message={formError} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('sdm.name')} value={form.name} error={fieldErrors.name} onChange={set('name')} required />
            <NativeSelect
              label={t('sdm.relationship')}
              value={form.relationship}
              onChange={(e) => {
                const v = RELATIONSHIPS.find((r) => r === e.currentTarget.value) ?? 'other';
                setForm((f) => ({ ...f, relationship: v }));
              }}
              data={RELATIONSHIPS.map((r) => ({ value: r, label: t(`sdm.relationships.${r}`) }))}
            />
            <TextInput label={t('patients.phone')} type="tel" value={form.phone} error={fieldErrors.phone} onChange={set('phone')} />
            <TextInput label={t('common.email')} type="email" value={form.email} error={fieldErrors.email} onChange={set('email')} />
          </SimpleGrid>
          <Group>
            <Button type="submit" variant="default" loading={add.isPending}>
              {t('sdm.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}
