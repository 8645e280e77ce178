import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api, isApiError } from '../../lib/api.js';

/** Opens the note of an appointment, starting it (prefilled from the first template) when there is none yet. */
export function useOpenNote() {
  const navigate = useNavigate();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ patientId, appointmentId }: { patientId: string; appointmentId: string }) => {
      const { notes } = await api.notes(patientId);
      const existing = notes.find((n) => n.appointmentId === appointmentId);
      if (existing) return { patientId, noteId: existing.id };
      try {
        const { templates } = await api.noteTemplates();
        const template = templates.find((x) => x.active);
        const note = await api.startNote(patientId, { appointmentId, templateId: template?.id ?? null });
        return { patientId, noteId: note.id };
      } catch (error) {
        // Started a moment ago in another tab: open that one.
        if (isApiError(error, 'CONFLICT')) {
          const again = (await api.notes(patientId)).notes.find((n) => n.appointmentId === appointmentId);
          if (again) return { patientId, noteId: again.id };
        }
        throw error;
      }
    },
    onSuccess: ({ patientId, noteId }) => {
      void client.invalidateQueries({ queryKey: ['notes', patientId] });
      navigate(`/patients/${patientId}/notes/${noteId}`);
    },
  });
}
