import { Badge, Button, Checkbox, Group, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NoteTemplate, NoteTemplateBody } from '../../../shared/records/contract.js';
import { api, type Infer, type Input, post, put, seg } from '../../lib/api.js';
import { splitError, useErrorText } from '../../lib/errors.js';
import { managesSchedule } from '../../lib/roles.js';
import { useSignedInMe } from '../../lib/session.js';
import { FormError, LoadError, Loading, Success } from '../../ui/notices.js';
import { Page } from '../../ui/page.js';
import { ScrollTable } from '../../ui/scroll-table.js';
import { Section } from '../../ui/section.js';

type Template = Infer<typeof NoteTemplate>;
type TemplateInput = Input<typeof NoteTemplateBody>;
const TEMPLATES_KEY = ['note-templates'] as const;
const PARTS = ['subjective', 'objective', 'assessment', 'plan'] as const;
const EMPTY: TemplateInput = { name: '', subjective: '', objective: '', assessment: '', plan: '', active: true };

const templatesApi = {
  create: (body: TemplateInput) => post<Template>('/api/note-templates', body),
  edit: (id: string, body: TemplateInput) => put<Template>(`/api/note-templates/${seg(id)}`, body),
};

function TemplateForm({ template, onDone }: { template: Template | null; onDone: (saved: Template) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const client = useQueryClient();
  const [form, setForm] = useState<TemplateInput>(
    template
      ? {
          name: template.name,
          subjective: template.subjective,
          objective: template.objective,
          assessment: template.assessment,
          plan: template.plan,
          active: template.active,
        }
      : EMPTY,
  );
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => {
      const body = { ...form, name: form.name.trim() };
      return template ? templatesApi.edit(template.id, body) : templatesApi.create(body);
    },
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: TEMPLATES_KEY });
      onDone(saved);
    },
    onError: (error) => {
      const split = splitError(error, errorText(error), ['name', ...PARTS]);
      setErrors(split.fieldErrors);
      setFormError(split.formError);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    if (!form.name.trim()) return setErrors({ name: t('noteTemplates.nameRequired') });
    setErrors({});
    save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate aria-label={template ? t('noteTemplates.editTitle') : t('noteTemplates.addTitle')}>
      <Stack gap="sm" maw={640}>
        <FormError message={formError} />
        <TextInput
          label={t('noteTemplates.name')}
          value={form.name}
          error={errors.name}
          maxLength={120}
          onChange={(e) => {
            const name = e.currentTarget.value;
            setForm((f) => ({ ...f, name }));
          }}
          required
        />
        {PARTS.map((part) => (
          <Textarea
            key={part}
            label={t(`noteTemplates.${part}`)}
            value={form[part]}
            error={errors[part]}
            maxLength={2000}
            autosize
            minRows={2}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setForm((f) => ({ ...f, [part]: value }));
            }}
          />
        ))}
        <Checkbox
          label={t('noteTemplates.offered')}
          checked={form.active ?? true}
          onChange={(e) => {
            const active = e.currentTarget.checked;
            setForm((f) => ({ ...f, active }));
          }}
        />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('noteTemplates.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The clinic's SOAP note templates: the built-in one (read only) and the clinic's own, which the owner and admins edit. */
export default function NoteTemplatesPage() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const editor = managesSchedule(me);
  const templates = useQuery({ queryKey: TEMPLATES_KEY, queryFn: api.noteTemplates, enabled: editor });
  const [editing, setEditing] = useState<Template | 'new' | null>(null);
  const [saved, setSaved] = useState(false);
  if (!editor) {
    return (
      <Page title={t('noteTemplates.title')}>
        <Text>{t('noteTemplates.notAllowed')}</Text>
      </Page>
    );
  }
  const done = () => {
    setEditing(null);
    setSaved(true);
  };
  return (
    <Page title={t('noteTemplates.title')} intro={<Text>{t('noteTemplates.intro')}</Text>}>
      {saved && <Success>{t('noteTemplates.saved')}</Success>}
      <Section title={t('noteTemplates.title')}>
        {templates.isPending && <Loading />}
        {templates.isError && <LoadError error={templates.error} retry={() => void templates.refetch()} />}
        {templates.data && (
          <ScrollTable label={t('noteTemplates.title')} minWidth={480}>
            <Table verticalSpacing="sm" striped>
              <Table.Tbody>
                {templates.data.templates.map((x) => (
                  <Table.Tr key={x.id}>
                    <Table.Th scope="row" fw={500}>
                      {x.name}
                    </Table.Th>
                    <Table.Td>
                      <Badge variant="light" color={x.builtIn ? 'gray' : x.active ? 'sage' : 'orange'} tt="none">
                        {x.builtIn ? t('noteTemplates.builtIn') : x.active ? t('noteTemplates.active') : t('noteTemplates.retired')}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {!x.builtIn && (
                        <Button
                          size="xs"
                          variant="subtle"
                          onClick={() => {
                            setSaved(false);
                            setEditing(x);
                          }}
                          aria-label={t('noteTemplates.editLabel', { name: x.name })}
                        >
                          {t('noteTemplates.edit')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
        {editing === null && (
          <Group>
            <Button
              variant="light"
              onClick={() => {
                setSaved(false);
                setEditing('new');
              }}
            >
              {t('noteTemplates.add')}
            </Button>
          </Group>
        )}
      </Section>
      {editing !== null && (
        <Stack gap="sm">
          <Title order={2} size="h3">
            {editing === 'new' ? t('noteTemplates.addTitle') : t('noteTemplates.editTitle')}
          </Title>
          <TemplateForm key={editing === 'new' ? 'new' : editing.id} template={editing === 'new' ? null : editing} onDone={done} />
          <Group>
            <Button variant="default" onClick={() => setEditing(null)}>
              {t('common.cancel')}
            </Button>
          </Group>
        </Stack>
      )}
    </Page>
  );
}
