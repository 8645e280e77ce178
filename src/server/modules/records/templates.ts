import type { z } from 'zod';
import type { NoteTemplate, NoteTemplateBody } from '../../../shared/records/contract.js';
import { inTransaction } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { type Actor, requireClinic } from '../clinic/index.js';
import type { RecordsDeps } from './notes.js';
import { BUILT_IN_TEMPLATE } from './rules.js';
import { insertTemplate, templatesOf, updateTemplate } from './store.js';
import type { NoteTemplatesTable } from './tables.js';

type Template = z.infer<typeof NoteTemplate>;
const present = (t: NoteTemplatesTable): Template => ({
  id: t.id,
  name: t.name,
  subjective: t.subjective,
  objective: t.objective,
  assessment: t.assessment,
  plan: t.plan,
  active: t.active === 1,
  builtIn: false,
});

function assertEditor(actor: Actor) {
  const clinic = requireClinic(actor);
  if (clinic.role !== 'owner' && clinic.role !== 'admin')
    throw new AppError('FORBIDDEN', 'The clinic owner or an administrator edits note templates.');
  return clinic;
}

/** The built-in SOAP template and the clinic's own; whoever writes notes can read them. */
export async function listTemplates(deps: RecordsDeps, actor: Actor): Promise<Template[]> {
  const clinic = requireClinic(actor);
  if (!['owner', 'admin', 'therapist'].includes(clinic.role))
    throw new AppError('FORBIDDEN', 'Your role in this clinic does not include note templates.');
  return [BUILT_IN_TEMPLATE, ...(await templatesOf(deps.db, clinic.clinicId)).map(present)];
}

export async function createTemplate(deps: RecordsDeps, actor: Actor, input: z.output<typeof NoteTemplateBody>, ip: string | null) {
  const clinic = assertEditor(actor);
  const at = deps.now().toISOString();
  const row: NoteTemplatesTable = {
    id: crypto.randomUUID(),
    clinic_id: clinic.clinicId,
    ...input,
    active: input.active ? 1 : 0,
    created_at: at,
    updated_at: at,
  };
  await inTransaction(deps.db, async (tx) => {
    await insertTemplate(tx, row);
    await recordAudit(tx, deps.dialect, {
      type: 'note_template.saved',
      clinicId: clinic.clinicId,
      actorUserId: actor.user.id,
      subject: { type: 'note_template', id: row.id },
      ip,
    });
  });
  return present(row);
}

export async function editTemplate(
  deps: RecordsDeps,
  actor: Actor,
  id: string,
  input: z.output<typeof NoteTemplateBody>,
  ip: string | null,
) {
  const clinic = assertEditor(actor);
  if (id === BUILT_IN_TEMPLATE.id)
    throw new AppError('CONFLICT', 'The built-in template cannot be changed; make a copy of your own instead.');
  const patch = { ...input, active: input.active ? 1 : 0, updated_at: deps.now().toISOString() };
  await inTransaction(deps.db, async (tx) => {
    if (!(await updateTemplate(tx, clinic.clinicId, id, patch))) throw new AppError('NOT_FOUND', 'This template does not exist.');
    await recordAudit(tx, deps.dialect, {
      type: 'note_template.saved',
      clinicId: clinic.clinicId,
      actorUserId: actor.user.id,
      subject: { type: 'note_template', id },
      ip,
    });
  });
  return { id, ...input, builtIn: false };
}
