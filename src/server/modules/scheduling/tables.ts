/** One row per clinic: scheduling's own settings (the clinic module's tables are not ours). */
export interface SchedulingSettingsTable {
  clinic_id: string;
  clinic_time_zone: string;
  updated_at: string;
}

export interface AppointmentTypesTable {
  id: string;
  clinic_id: string;
  name: string;
  duration_minutes: number;
  fee_cents: number;
  active: number;
  created_at: string;
  updated_at: string;
}

/** Recurring weekly hours in clinic wall time. Replaced sets are kept (ended_at), never deleted. */
export interface AvailabilityBlocksTable {
  id: string;
  clinic_id: string;
  therapist_user_id: string;
  /** ISO weekday: Monday = 1 … Sunday = 7. */
  weekday: number;
  start_time: string;
  end_time: string;
  created_at: string;
  created_by: string;
  ended_at: string | null;
}

/** A dated exception: a day off (blocks "[]") or different hours on that date. */
export interface AvailabilityExceptionsTable {
  id: string;
  clinic_id: string;
  therapist_user_id: string;
  date: string;
  /** JSON array of { start, end } in wall time. */
  blocks: string;
  note: string | null;
  created_at: string;
  created_by: string;
  removed_at: string | null;
}

export interface AppointmentsTable {
  id: string;
  clinic_id: string;
  patient_id: string;
  therapist_user_id: string;
  appointment_type_id: string;
  /** Name and fee as booked: later changes to the type do not rewrite past bookings. */
  type_name: string;
  fee_cents: number;
  starts_at: string;
  ends_at: string;
  status: string;
  outside_hours: number;
  cancel_reason: string | null;
  cancelled_at: string | null;
  cancelled_by: string | null;
  arrived_at: string | null;
  no_show_at: string | null;
  completed_at: string | null;
  /** When the session actually ended (for "sessions running over" signals). */
  actual_end_at: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  /**
   * The current fee adjustment ('discount' | 'waived'), or null for the full fee. History: appointment_fee_events.
   * Optional here so bulk writers (the demo generator) need not name these columns; they default to null.
   */
  fee_adjustment?: string | null;
  /** How much a discount takes off the fee. */
  fee_discount_cents?: number | null;
  fee_adjustment_reason?: string | null;
  fee_adjusted_at?: string | null;
  fee_adjusted_by?: string | null;
  /** 'paid' | 'unpaid', or null when nobody has marked it. */
  payment_status?: string | null;
  payment_marked_at?: string | null;
  payment_marked_by?: string | null;
}

/** Every change to an appointment's fee adjustment or payment mark, kept (the appointment holds the latest). */
export interface AppointmentFeeEventsTable {
  id: string;
  clinic_id: string;
  appointment_id: string;
  /** 1, 2, 3… per appointment: the order of changes even within one millisecond (unique, so two racing writers cannot both win). */
  seq: number;
  /** 'discount' | 'waived' | 'none' (an adjustment taken back) | 'paid' | 'unpaid'. */
  what: string;
  amount_cents: number | null;
  reason: string | null;
  created_at: string;
  created_by: string;
}

export interface CalendarFeedsTable {
  id: string;
  clinic_id: string;
  therapist_user_id: string;
  token_hash: string;
  include_names: number;
  created_at: string;
  revoked_at: string | null;
  last_fetched_at: string | null;
}

export interface SchedulingTables {
  scheduling_settings: SchedulingSettingsTable;
  appointment_types: AppointmentTypesTable;
  availability_blocks: AvailabilityBlocksTable;
  availability_exceptions: AvailabilityExceptionsTable;
  appointments: AppointmentsTable;
  appointment_fee_events: AppointmentFeeEventsTable;
  calendar_feeds: CalendarFeedsTable;
}
