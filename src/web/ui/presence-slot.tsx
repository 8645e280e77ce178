import { type ComponentType, createContext, useContext } from 'react';

export interface PresenceBesideProps {
  patientId: string;
  /** The sessions the patient answered about, oldest first, with one answer to set beside presence. */
  sessions: { appointmentId: string; date: string; experience: number | null }[];
  experienceLabel: string;
  experienceMax: number;
}

/**
 * The patient's feedback page sets the therapist's own presence beside the patient's experience,
 * but nothing outside the private room may import it (dependency rule): the composition root
 * (app.tsx) fills this slot with the private room's view.
 */
export const PresenceSlot = createContext<ComponentType<PresenceBesideProps> | null>(null);

export function PresenceBeside(props: PresenceBesideProps) {
  const View = useContext(PresenceSlot);
  return View ? <View {...props} /> : null;
}
