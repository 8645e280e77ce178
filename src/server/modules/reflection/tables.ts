/** The therapist's private room. Every row belongs to one user and is read only by that user. */
export interface PresenceCheckInsTable {
  id: string;
  clinic_id: string;
  user_id: string;
  at: string;
  /** Local wall clock at the clinic, kept for trends by day, weekday and hour. */
  local_date: string;
  local_hour: number;
  weekday: number;
  presence: number;
  attention: number;
  pulls: string;
  pull_note: string | null;
  intention: string | null;
  appointment_id: string | null;
  patient_id: string | null;
}

export interface ReflectionTables {
  presence_checkins: PresenceCheckInsTable;
}
