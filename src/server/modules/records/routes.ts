import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  AmendNoteBody,
  CreateNoteBody,
  Measures,
  Note,
  NoteList,
  NoteTemplate,
  NoteTemplateBody,
  NoteTemplateList,
  PsfsAssessment,
  PsfsBody,
  UpdateNoteBody,
} from '../../../shared/records/contract.js';
import { clientIp, ERROR_RESPONSES } from '../../platform/http/route-kit.js';
import type { HttpApp } from '../../platform/http/server.js';
import type { Actor } from '../clinic/index.js';
import { measuresOf, recordPsfs } from './measures.js';
import { amendNote, listNotes, type RecordsDeps, signNote, startNote, updateNote, viewNote } from './notes.js';
import { createTemplate, editTemplate, listTemplates } from './templates.js';

const errors = ERROR_RESPONSES;
const Id = z.string().min(1).max(64);
const PatientParams = z.object({ patientId: Id });
const NoteParams = z.object({ patientId: Id, noteId: Id });
const TemplateParams = z.object({ templateId: Id });
const ip = clientIp;
const tags = ['records'];

export function registerRecordsRoutes(app: HttpApp, deps: RecordsDeps, requireMember: (req: FastifyRequest) => Promise<Actor>) {
  app.get(
    '/api/patients/:patientId/notes',
    { schema: { tags, params: PatientParams, response: { 200: NoteList, ...errors } } },
    async (req) => ({
      notes: await listNotes(deps, await requireMember(req), req.params.patientId, ip(req)),
    }),
  );
  app.post(
    '/api/patients/:patientId/notes',
    { schema: { tags, params: PatientParams, body: CreateNoteBody, response: { 200: Note, ...errors } } },
    async (req) => startNote(deps, await requireMember(req), req.params.patientId, req.body, ip(req)),
  );
  app.get(
    '/api/patients/:patientId/notes/:noteId',
    { schema: { tags, params: NoteParams, response: { 200: Note, ...errors } } },
    async (req) => viewNote(deps, await requireMember(req), req.params.patientId, req.params.noteId, ip(req)),
  );
  app.patch(
    '/api/patients/:patientId/notes/:noteId',
    { schema: { tags, params: NoteParams, body: UpdateNoteBody, response: { 200: Note, ...errors } } },
    async (req) => updateNote(deps, await requireMember(req), req.params.patientId, req.params.noteId, req.body, ip(req)),
  );
  app.post(
    '/api/patients/:patientId/notes/:noteId/sign',
    { schema: { tags, params: NoteParams, response: { 200: Note, ...errors } } },
    async (req) => signNote(deps, await requireMember(req), req.params.patientId, req.params.noteId, ip(req)),
  );
  app.post(
    '/api/patients/:patientId/notes/:noteId/amendments',
    { schema: { tags, params: NoteParams, body: AmendNoteBody, response: { 200: Note, ...errors } } },
    async (req) => amendNote(deps, await requireMember(req), req.params.patientId, req.params.noteId, req.body, ip(req)),
  );
  app.get(
    '/api/patients/:patientId/measures',
    { schema: { tags, params: PatientParams, response: { 200: Measures, ...errors } } },
    async (req) => measuresOf(deps, await requireMember(req), req.params.patientId, ip(req)),
  );
  app.post(
    '/api/patients/:patientId/psfs',
    { schema: { tags, params: PatientParams, body: PsfsBody, response: { 200: PsfsAssessment, ...errors } } },
    async (req) => recordPsfs(deps, await requireMember(req), req.params.patientId, req.body, ip(req)),
  );
  app.get('/api/note-templates', { schema: { tags, response: { 200: NoteTemplateList, ...errors } } }, async (req) => ({
    templates: await listTemplates(deps, await requireMember(req)),
  }));
  app.post('/api/note-templates', { schema: { tags, body: NoteTemplateBody, response: { 200: NoteTemplate, ...errors } } }, async (req) =>
    createTemplate(deps, await requireMember(req), req.body, ip(req)),
  );
  app.put(
    '/api/note-templates/:templateId',
    { schema: { tags, params: TemplateParams, body: NoteTemplateBody, response: { 200: NoteTemplate, ...errors } } },
    async (req) => editTemplate(deps, await requireMember(req), req.params.templateId, req.body, ip(req)),
  );
}
