import { z } from 'zod';
import { SensitiveArea } from '../consent/contract.js';

export const NOTE_FIELD_MAX = 10_000;
export const SENSITIVE_AREAS = SensitiveArea.options;
const text = z.string().max(NOTE_FIELD_MAX, { message: `Keep this under ${NOTE_FIELD_MAX} characters.` });
const Pain = z.number().int().min(0, { message: 'Pain is rated 0 to 10.' }).max(10, { message: 'Pain is rated 0 to 10.' });
export const Pressure = z.enum(['light', 'moderate', 'firm', 'deep']);

/** An area treated: free words (e.g. "left shoulder") or one of the sensitive areas by its code. */
const Area = z.string().trim().min(1).max(80);

export const NoteContent = z
  .object({
    templateId: z.string().max(64).nullable().optional(),
    subjective: text.optional(),
    objective: text.optional(),
    assessment: text.optional(),
    plan: text.optional(),
    areasTreated: z.array(Area).max(40).optional(),
    techniques: z.array(z.string().trim().min(1).max(80)).max(40).optional(),
    pressure: Pressure.nullable().optional(),
    patientResponse: text.optional(),
    homeCare: text.optional(),
    painBefore: Pain.nullable().optional(),
    painAfter: Pain.nullable().optional(),
  })
  .strict();
export type NoteContent = z.infer<typeof NoteContent>;

export const CreateNoteBody = NoteContent.extend({ appointmentId: z.string().min(1).max(64) }).strict();
export const UpdateNoteBody = NoteContent;
export const AmendNoteBody = NoteContent.extend({
  reason: z.string().trim().min(3, { message: 'Say why the note is being amended.' }).max(1000),
}).strict();

export const NoteFields = z.object({
  subjective: z.string(),
  objective: z.string(),
  assessment: z.string(),
  plan: z.string(),
  areasTreated: z.array(z.string()),
  techniques: z.array(z.string()),
  pressure: Pressure.nullable(),
  patientResponse: z.string(),
  homeCare: z.string(),
  painBefore: z.number().nullable(),
  painAfter: z.number().nullable(),
});
export type NoteFields = z.infer<typeof NoteFields>;

export const Amendment = z.object({
  id: z.string(),
  amendedAt: z.string(),
  amendedBy: z.string(),
  amendedByName: z.string(),
  reason: z.string(),
  /** Only the fields this amendment changed, with their new values. */
  changes: NoteFields.partial(),
});

export const Note = z.object({
  id: z.string(),
  patientId: z.string(),
  appointmentId: z.string(),
  therapistUserId: z.string(),
  templateId: z.string().nullable(),
  status: z.enum(['draft', 'signed']),
  /** The note as written and signed; never changed after signing. */
  original: NoteFields,
  /** The original with every amendment applied, in order. */
  current: NoteFields,
  amendments: z.array(Amendment),
  createdAt: z.string(),
  updatedAt: z.string(),
  signedAt: z.string().nullable(),
});
export type Note = z.infer<typeof Note>;
export const NoteSummary = Note.pick({ id: true, appointmentId: true, status: true, createdAt: true, signedAt: true }).extend({
  painBefore: z.number().nullable(),
  painAfter: z.number().nullable(),
});
export const NoteList = z.object({ notes: z.array(NoteSummary) });

export const NoteTemplateBody = z
  .object({
    name: z.string().trim().min(1).max(120),
    subjective: z.string().max(2000),
    objective: z.string().max(2000),
    assessment: z.string().max(2000),
    plan: z.string().max(2000),
    active: z.boolean().default(true),
  })
  .strict();
export const NoteTemplate = NoteTemplateBody.extend({ id: z.string(), builtIn: z.boolean() });
export const NoteTemplateList = z.object({ templates: z.array(NoteTemplate) });

export const PsfsBody = z
  .object({
    takenOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Use a date like 2026-11-25.' }),
    occasion: z.enum(['intake', 'review', 'discharge']),
    activities: z
      .array(z.object({ activity: z.string().trim().min(1).max(120), score: z.number().int().min(0).max(10) }).strict())
      .min(3, { message: 'The PSFS asks for 3 to 5 activities.' })
      .max(5, { message: 'The PSFS asks for 3 to 5 activities.' }),
  })
  .strict();
export const PsfsAssessment = PsfsBody.extend({ id: z.string(), average: z.number(), recordedBy: z.string() });
export const Measures = z.object({
  pain: z.array(z.object({ noteId: z.string(), date: z.string(), before: z.number().nullable(), after: z.number().nullable() })),
  psfs: z.array(PsfsAssessment),
});
