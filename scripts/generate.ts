/**
 * Generates a realistic clinic straight into a migrated Attune database (SQLite or PostgreSQL),
 * fast: the owner and therapists go through the real code paths (setup, new user, membership) so
 * sign-in works; everything clinical is bulk-inserted in one transaction (SQLite: prepared
 * statements on the raw connection; PostgreSQL: multi-row INSERTs of 1,000 rows), with exactly
 * the columns and text formats the modules' own use cases write. Deterministic for a given seed
 * and `now` (users' ids come from the auth module and are random).
 *
 * The generated history carries no audit events of its own (a made-up access log would mislead):
 * the audit chain holds the setup and one `user.created` per therapist, and stays verifiable.
 * Used by `npm run demo`, `npm run bench` and test/demo.test.ts.
 */
import { sql } from 'kysely';
import { recordAudit } from '../src/server/modules/audit/index.js';
import { hashPassword, insertNewUser } from '../src/server/modules/auth/index.js';
import { insertMembership, setUpPractice } from '../src/server/modules/clinic/index.js';
import type { ConsentsTable } from '../src/server/modules/consent/tables.js';
import { BUILT_IN_VERSION, builtInQuestionnaire } from '../src/server/modules/feedback/instrument.js';
import { toResponse } from '../src/server/modules/feedback/questionnaire.js';
import { type AnswerValue, rulesOf, type ScoringRules, score } from '../src/server/modules/feedback/scoring.js';
import type {
  FeedbackAlertQueueTable,
  FeedbackRequestsTable,
  FeedbackResponseResourcesTable,
  FeedbackResponsesTable,
} from '../src/server/modules/feedback/tables.js';
import { ageOn, digitsOf, searchable } from '../src/server/modules/patients/rules.js';
import type {
  PatientsTable,
  SubstituteDecisionMakersTable,
  TherapeuticRelationshipsTable,
  TreatmentPlansTable,
  VulnerabilityFactorsTable,
} from '../src/server/modules/patients/tables.js';
import type { NotesTable, PsfsAssessmentsTable } from '../src/server/modules/records/tables.js';
import type { AppointmentsTable, AppointmentTypesTable, AvailabilityBlocksTable } from '../src/server/modules/scheduling/tables.js';
import { addDays, wallClock, wallToInstant, weekdayOf } from '../src/server/modules/scheduling/time.js';
import { type AppDb, type DatabaseHandle, inTransaction } from '../src/server/platform/db/index.js';
import { DEFAULT_TIME_ZONE } from '../src/shared/scheduling/contract.js';

export const DEMO_PASSWORD = 'Calm-River-Stone-2024';

export interface ClinicSpec {
  therapists: number;
  patients: number;
  appointments: number;
  /** Completed appointments (the most recent ones) whose note is left as an unsigned draft, for signing benchmarks. */
  drafts?: number;
  seed?: number;
  now?: Date;
  clinicName?: string;
  ownerEmail?: string;
  ownerName?: string;
  password?: string;
  /** Appointments booked per therapist per working day at most (5–9 by default; fewer when a day fills up). */
  maxPerDay?: number;
  /** Calendar days of bookings ahead of now. */
  daysAhead?: number;
  /**
   * Post-session feedback: the share of signed sessions the patient answered (most patients
   * consent to feedback). Responses are left on the alert step's work list for the nightly pass, as
   * answers loaded from another system would be. Off when absent.
   */
  feedback?: { answeredShare: number };
}

export interface GeneratedTherapist {
  id: string;
  email: string;
  name: string;
  /** Ids of the patients this therapist treats. */
  patientIds: string[];
}

export interface GeneratedClinic {
  clinicId: string;
  timeZone: string;
  owner: { id: string; email: string; name: string };
  password: string;
  therapists: GeneratedTherapist[];
  /** Unsigned notes with content, consent in place and no sensitive areas: each can be signed once. */
  drafts: Array<{ therapistIndex: number; patientId: string; noteId: string }>;
  /** First and last local dates with appointments. */
  firstDate: string;
  lastDate: string;
  /** The latest weekday before today: a full, finished day in every therapist's calendar. */
  lastFullDay: string;
  counts: Record<string, number>;
  milliseconds: number;
}

// ── deterministic randomness ────────────────────────────────────────────────

export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const chance = (p: number) => next() < p;
  const hex = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(next() * 16).toString(16);
    return s;
  };
  /** A version-4-shaped UUID from the seeded stream. */
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[int(0, 3)]}${hex(3)}-${hex(12)}`;
  return { next, int, pick, chance, uuid };
}
type Rng = ReturnType<typeof prng>;

// ── words ───────────────────────────────────────────────────────────────────

const FIRST_EN = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Charlotte',
  'Ethan',
  'Amelia',
  'Lucas',
  'Ava',
  'Benjamin',
  'Sophie',
  'Owen',
  'Chloé',
  'Jack',
  'Grace',
  'Logan',
  'Hannah',
  'Nathan',
  'Maya',
  'Ryan',
  'Abigail',
  'Daniel',
  'Priya',
  'Arjun',
  'Mei',
  'Wei',
  'Fatima',
  'Omar',
  'Aisha',
  'Jacob',
  'Ella',
  'Samuel',
  'Zoe',
  'Matthew',
  'Nora',
  'David',
  'Leah',
  'Caleb',
  'Isla',
  'Connor',
] as const;
const FIRST_FR = [
  'Gabriel',
  'Léa',
  'Félix',
  'Émilie',
  'Samuel',
  'Alice',
  'Raphaël',
  'Juliette',
  'Thomas',
  'Camille',
  'Louis',
  'Rosalie',
  'Antoine',
  'Béatrice',
  'Étienne',
  'Florence',
  'Mathis',
  'Maëlle',
  'Xavier',
  'Océane',
  'Jérôme',
  'Geneviève',
  'Benoît',
  'Chantal',
  'Luc',
  'Sylvie',
  'Marc-André',
  'Annie',
  'Hélène',
  'François',
] as const;
const LAST_EN = [
  'Smith',
  'Brown',
  'Wilson',
  'MacDonald',
  'Taylor',
  'Campbell',
  'Anderson',
  'Thompson',
  'Martin',
  'Stewart',
  'Robinson',
  'Clarke',
  'Patel',
  'Singh',
  'Nguyen',
  'Chen',
  'Wong',
  'Li',
  "O'Brien",
  'Murphy',
  'Fraser',
  'Young',
  'Walker',
  'Hughes',
  'Reid',
  'Ahmed',
  'Khan',
  'Kowalski',
  'Rossi',
  'Sousa',
] as const;
const LAST_FR = [
  'Tremblay',
  'Gagnon',
  'Roy',
  'Côté',
  'Bouchard',
  'Gauthier',
  'Morin',
  'Lavoie',
  'Fortin',
  'Gagné',
  'Ouellet',
  'Pelletier',
  'Bélanger',
  'Lévesque',
  'Bergeron',
  'Leblanc',
  'Paquette',
  'Girard',
  'Simard',
  'Boucher',
  'Caron',
  'Beaulieu',
  'Cloutier',
  'Dubé',
  'Poirier',
  'Fournier',
  'Lapointe',
  'Leclerc',
  'Lefebvre',
  'Thériault',
] as const;
const STREETS = [
  'Queen Street West',
  'Bank Street',
  'Rue Saint-Denis',
  'Dundas Street East',
  'Elgin Street',
  'Boulevard Saint-Laurent',
  'Bloor Street West',
  'Rideau Street',
  'Avenue du Parc',
  'King Street East',
  'Spadina Avenue',
  'Rue Sherbrooke Ouest',
] as const;
const CITIES = [
  'Toronto ON',
  'Toronto ON',
  'Toronto ON',
  'Ottawa ON',
  'Ottawa ON',
  'Mississauga ON',
  'Gatineau QC',
  'Montréal QC',
] as const;
const AREA_CODES = ['416', '647', '437', '613', '514'] as const;
const PRONOUNS = ['she/her', 'he/him', 'they/them', 'elle', 'il'] as const;
const AREAS = [
  'neck',
  'upper back',
  'lower back',
  'left shoulder',
  'right shoulder',
  'upper trapezius',
  'forearms',
  'hamstrings',
  'calves',
  'right hip',
  'left hip',
  'jaw (TMJ)',
  'feet',
  'IT band',
] as const;
const TECHNIQUES = [
  'Swedish',
  'myofascial release',
  'trigger point therapy',
  'muscle energy technique',
  'joint mobilisation',
  'lymphatic drainage',
  'hydrotherapy (heat)',
  'stretching',
  'cross-fibre friction',
] as const;
const PRESSURES = ['light', 'moderate', 'moderate', 'firm', 'deep'] as const;
const SUBJECTIVE = [
  'Reports stiffness in the morning that eases after a warm shower.',
  'Desk work all week; tension builds by Thursday afternoon.',
  'Pain down the back of the leg after gardening on the weekend.',
  'Headaches twice this week, starting at the base of the skull.',
  'Sleeping better since the last session; still tight when driving.',
  'Training for a 10 km run; calves sore after long runs.',
  'Shoulder aches when reaching overhead at work.',
] as const;
const OBJECTIVE = [
  'Reduced cervical rotation to the left; hypertonic upper trapezius bilaterally.',
  'Trigger points in levator scapulae; tenderness on palpation 6/10.',
  'Forward head posture; shortened pectoralis minor on the right.',
  'Lumbar flexion limited; hypertonic erector spinae L3–L5.',
  'Full range of motion with end-range discomfort; gastrocnemius tight.',
] as const;
const ASSESSMENT = [
  'Muscular tension pattern consistent with postural strain; responded well to treatment.',
  'Improvement since last visit; range of motion increased after treatment.',
  'Symptoms stable; tissue less reactive than at intake.',
  'Good response to myofascial work; pain reduced by the end of the session.',
] as const;
const PLAN = [
  'Continue every two weeks; reassess range of motion next visit.',
  'Weekly for four weeks, then review goals together.',
  'Monthly maintenance; call sooner if headaches return.',
  'Two more sessions, then PSFS review.',
] as const;
const RESPONSES = [
  'Tolerated treatment well; reported feeling looser.',
  'Asked for lighter pressure over the shoulder; comfortable after adjustment.',
  'Relaxed through the session; no adverse response.',
] as const;
const HOME_CARE = [
  'Heat 15 minutes in the evening; chin tucks 10 × 3 daily.',
  'Doorway pectoral stretch 30 s × 3; take movement breaks hourly.',
  'Calf stretches after runs; foam roll gently.',
  'Gentle neck range-of-motion exercises twice a day.',
] as const;
const CANCEL_REASONS = [
  'Patient unwell',
  'Work conflict',
  'Family emergency',
  'Snowstorm: roads closed',
  'Patient asked to reschedule',
  'Therapist ill',
  'Childcare fell through',
] as const;
const SAFEGUARDS: Array<{ kind: string; note: string; safeguard: string }> = [
  { kind: 'mental_health', note: 'Anxiety; told us at intake.', safeguard: 'Explain each step before it happens' },
  { kind: 'pain', note: 'Chronic low back pain; flares easily.', safeguard: 'Check pressure often' },
  { kind: 'psycho_social', note: 'Prefers to keep clothing on where possible.', safeguard: 'Offer draping options each visit' },
  { kind: 'disability', note: 'Uses a cane; limited hip flexion.', safeguard: 'Lower the table; allow extra time' },
  { kind: 'infirmity', note: 'Recovering from surgery.', safeguard: 'Avoid prone position for now' },
  { kind: 'psycho_social', note: 'Past trauma; asked for predictability.', safeguard: 'Keep the door ajar if preferred' },
];
const PSFS_ACTIVITIES = [
  'Sitting at my desk for an hour',
  'Lifting my child',
  'Running 5 km',
  'Sleeping through the night',
  'Looking over my shoulder when driving',
  'Gardening',
  'Carrying groceries',
  'Reaching to a high shelf',
  'Climbing stairs',
] as const;
/** A tiny PNG standing in for a signature drawn on screen (the contract's data-URL format). */
const SIGNATURE_PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

const TYPES = [
  { name: '30 min massage', duration: 30, fee: 6_500, weight: 0.2 },
  { name: '60 min massage', duration: 60, fee: 11_000, weight: 0.6 },
  { name: '90 min massage', duration: 90, fee: 15_000, weight: 0.2 },
] as const;

const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');

function phoneOf(rng: Rng): string {
  return `${rng.pick(AREA_CODES)}-555-01${String(rng.int(0, 99)).padStart(2, '0')}`;
}

function personName(rng: Rng, french: boolean) {
  return french ? { first: rng.pick(FIRST_FR), last: rng.pick(LAST_FR) } : { first: rng.pick(FIRST_EN), last: rng.pick(LAST_EN) };
}

/** Exactly how patients' createPatient/updatePatient compute search_text (patients.ts). */
function searchTextOf(p: Pick<PatientsTable, 'legal_first_name' | 'legal_last_name' | 'preferred_name' | 'email'>): string {
  return searchable([p.legal_first_name, p.legal_last_name, p.preferred_name, p.email, p.legal_last_name].filter(Boolean).join(' '));
}

const iso = (ms: number) => new Date(ms).toISOString();
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

// ── writing rows ────────────────────────────────────────────────────────────

type Row = Record<string, string | number | null>;

interface Sink {
  add(table: string, row: object): Promise<void> | undefined;
  /** Writes what is buffered (PostgreSQL), so rows that reference these can follow. */
  flush(): Promise<void>;
  counts: Map<string, number>;
}

const PG_BATCH = 1_000;

function sqliteSink(raw: NonNullable<DatabaseHandle['sqlite']>): Sink {
  const statements = new Map<string, { run: (values: unknown[]) => void; columns: string[] }>();
  const counts = new Map<string, number>();
  return {
    counts,
    add(table, row) {
      let s = statements.get(table);
      if (!s) {
        const columns = Object.keys(row);
        const statement = raw.prepare(`insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`);
        s = { columns, run: (values) => statement.run(values) };
        statements.set(table, s);
      }
      const r = row as Row;
      s.run(s.columns.map((c) => r[c] ?? null));
      counts.set(table, (counts.get(table) ?? 0) + 1);
      return undefined;
    },
    flush: async () => {},
  };
}

function pgSink(tx: AppDb): Sink {
  const buffers = new Map<string, object[]>();
  const counts = new Map<string, number>();
  const write = async (table: string) => {
    const rows = buffers.get(table);
    if (!rows || rows.length === 0) return;
    buffers.set(table, []);
    await tx.insertInto(table).values(rows).execute();
  };
  return {
    counts,
    add(table, row) {
      let rows = buffers.get(table);
      if (!rows) {
        rows = [];
        buffers.set(table, rows);
      }
      rows.push(row);
      counts.set(table, (counts.get(table) ?? 0) + 1);
      return rows.length >= PG_BATCH ? write(table) : undefined;
    },
    async flush() {
      for (const table of buffers.keys()) await write(table);
    },
  };
}

// ── the schedule ────────────────────────────────────────────────────────────

interface Slot {
  therapist: number;
  start: number;
  duration: (typeof TYPES)[number];
  patient: number;
  bookedAt: number;
  status: 'booked' | 'arrived' | 'completed' | 'cancelled' | 'no_show';
}

function pickType(rng: Rng) {
  const r = rng.next();
  let sum = 0;
  for (const t of TYPES) {
    sum += t.weight;
    if (r < sum) return t;
  }
  return TYPES[1];
}

/**
 * Appointments inside weekday hours 09:00–17:00 (clinic wall time), never overlapping within one
 * therapist's day, filled day by day backwards from `daysAhead` until `total` are placed.
 */
function schedule(
  rng: Rng,
  spec: Required<Pick<ClinicSpec, 'therapists' | 'appointments' | 'maxPerDay' | 'daysAhead'>>,
  now: Date,
  tz: string,
) {
  const slots: Slot[] = [];
  let date = addDays(wallClock(now, tz).date, spec.daysAhead);
  while (slots.length < spec.appointments) {
    if (weekdayOf(date) <= 5) {
      const nine = wallToInstant(date, '09:00', tz).getTime();
      for (let t = 0; t < spec.therapists && slots.length < spec.appointments; t++) {
        const target = rng.int(Math.max(1, spec.maxPerDay - 4), spec.maxPerDay);
        let minute = 0;
        for (let n = 0; n < target && slots.length < spec.appointments; n++) {
          const type = pickType(rng);
          const start = minute + rng.pick([0, 0, 0, 15, 30]);
          if (start + type.duration > 8 * 60) break;
          slots.push({ therapist: t, start: nine + start * MINUTE, duration: type, patient: -1, bookedAt: 0, status: 'booked' });
          minute = start + type.duration;
        }
      }
    }
    date = addDays(date, -1);
  }
  return slots.sort((a, b) => a.start - b.start);
}

// ── post-session feedback ───────────────────────────────────────────────────

const QUESTIONNAIRES = {
  en: builtInQuestionnaire('en', BUILT_IN_VERSION),
  fr: builtInQuestionnaire('fr', BUILT_IN_VERSION),
};
const FEEDBACK_RULES = rulesOf(QUESTIONNAIRES.en as { extension?: { url: string; valueString?: string }[] }) as ScoringRules;
const COMMENTS = [
  'Thank you, I left feeling much lighter.',
  'The room was a little cold today.',
  'I appreciated being asked before each area.',
  'Felt a bit rushed at the end.',
  'Merci, très bonne séance.',
] as const;

/**
 * One request and one response per answered session, written as the feedback module writes them
 * (the FHIR QuestionnaireResponse and its scores from the instrument's own rules). Each patient
 * mostly feels safe and heard at their own level, with the odd lower answer and, rarely, a
 * concern, so the alert pass meets the mix a real clinic gives it.
 */
async function feedbackRows(
  s: Sink,
  rng: Rng,
  answeredShare: number,
  c: {
    clinicId: string;
    nowMs: number;
    slots: Slot[];
    answered: Array<{ index: number; completedAt: number; painAfter: number | null }>;
    appointmentIds: string[];
    patientIds: string[];
    patientFacts: Array<{ french: boolean; emailable: boolean; feedbackFrom: number | null }>;
    therapists: GeneratedTherapist[];
  },
) {
  const comfort = new Int8Array(c.patientIds.length).map(() => (rng.chance(0.8) ? 4 : 3));
  // Oldest first, so a patient's answers follow their sessions.
  for (const done of [...c.answered].reverse()) {
    const slot = c.slots[done.index] as Slot;
    const facts = c.patientFacts[slot.patient];
    if (!facts?.feedbackFrom || facts.feedbackFrom > slot.start || !rng.chance(answeredShare / 0.95)) continue;
    const language = facts.french ? 'fr' : 'en';
    const therapistId = (c.therapists[slot.therapist] as GeneratedTherapist).id;
    const asked = done.completedAt + rng.int(5, 60) * MINUTE;
    const authored = Math.min(c.nowMs - MINUTE, asked + rng.int(10, 3 * 24 * 60) * MINUTE);
    const email = facts.emailable && rng.chance(0.8);
    const request: FeedbackRequestsTable = {
      id: rng.uuid(),
      clinic_id: c.clinicId,
      patient_id: c.patientIds[slot.patient] as string,
      appointment_id: c.appointmentIds[done.index] as string,
      therapist_user_id: therapistId,
      questionnaire_id: `builtin-post-session-${BUILT_IN_VERSION}-${language}`,
      language,
      session_date: iso(slot.start),
      token_hash: `${rng.uuid()}${rng.uuid()}`.replace(/-/g, ''),
      delivery: email ? 'email' : 'in_clinic',
      sent_to: email ? 'patient' : null,
      created_by: email ? null : therapistId,
      created_at: iso(asked),
      expires_at: iso(asked + 7 * DAY),
      used_at: iso(authored),
    };
    await s.add('feedback_requests', request);
    const declined = rng.chance(0.04);
    const answers = new Map<string, AnswerValue>();
    if (!declined) {
      const level = comfort[slot.patient] as number;
      const item = () => {
        const r = rng.next();
        return r < 0.9 ? level : r < 0.98 ? Math.max(0, level - 1) : Math.max(0, level - 2);
      };
      for (const linkId of ['safe', 'heard', 'present', 'consent']) answers.set(linkId, item());
      if (rng.chance(0.001)) answers.set('safe', rng.int(0, 1));
      if (rng.chance(0.85)) answers.set('pain', Math.min(10, Math.max(0, (done.painAfter ?? rng.int(1, 5)) + rng.int(-1, 1))));
      if (rng.chance(0.03)) answers.set('comment', rng.pick(COMMENTS));
    }
    const id = rng.uuid();
    const questionnaire = QUESTIONNAIRES[language];
    const response: FeedbackResponsesTable = {
      id,
      clinic_id: c.clinicId,
      patient_id: request.patient_id,
      appointment_id: request.appointment_id,
      therapist_user_id: therapistId,
      request_id: request.id,
      questionnaire_id: request.questionnaire_id,
      session_date: request.session_date,
      declined: declined ? 1 : 0,
      scores: JSON.stringify(declined ? { items: {}, totals: {}, painNow: null, comment: null } : score(FEEDBACK_RULES, answers)),
      authored_at: iso(authored),
    };
    await s.add('feedback_responses', response);
    const resource: FeedbackResponseResourcesTable = {
      response_id: id,
      resource: JSON.stringify(toResponse(questionnaire, answers, { id, authored: iso(authored), declined })),
    };
    await s.add('feedback_response_resources', resource);
    const queued: FeedbackAlertQueueTable = {
      clinic_id: c.clinicId,
      patient_id: response.patient_id,
      response_id: id,
      queued_at: response.authored_at,
    };
    await s.add('feedback_alert_queue', queued);
  }
}

// ── the generator ───────────────────────────────────────────────────────────

export async function generateClinic(handle: DatabaseHandle, input: ClinicSpec): Promise<GeneratedClinic> {
  const started = performance.now();
  const spec = { seed: 20_261_125, maxPerDay: 9, daysAhead: 21, drafts: 0, ...input };
  if (spec.therapists < 1) throw new Error('A generated clinic needs at least one therapist.');
  const now = spec.now ?? new Date();
  const nowMs = now.getTime();
  const tz = DEFAULT_TIME_ZONE;
  const rng = prng(spec.seed);
  const password = spec.password ?? DEMO_PASSWORD;
  const today = now.toISOString().slice(0, 10);

  const slots = schedule(rng, spec, now, tz);
  const historyStart = (slots[0]?.start ?? nowMs) - 30 * DAY;
  const setupAt = new Date(Math.min(historyStart, nowMs - 30 * DAY));

  // People, through the real code paths: setup makes the owner; therapists as the CLI adds them.
  const clinicName = spec.clinicName ?? 'Lakeshore Massage Therapy';
  const ownerEmail = spec.ownerEmail ?? 'owner@example.test';
  const ownerName = spec.ownerName ?? 'Margaret Tremblay';
  const deps = { db: handle.db, dialect: handle.dialect, now: () => setupAt };
  const { userId: ownerId, clinicId } = await setUpPractice(deps, {
    clinicName,
    name: ownerName,
    email: ownerEmail,
    password,
    treats: false,
    ip: null,
  });
  const passwordHash = await hashPassword(password);
  const therapists: GeneratedTherapist[] = [];
  const usedEmails = new Set([ownerEmail]);
  await inTransaction(handle.db, async (tx) => {
    for (let t = 0; t < spec.therapists; t++) {
      const n = personName(rng, rng.chance(0.4));
      let email = `${ascii(n.first)}.${ascii(n.last)}@example.test`;
      for (let k = 2; usedEmails.has(email); k++) email = `${ascii(n.first)}.${ascii(n.last)}${k}@example.test`;
      usedEmails.add(email);
      const name = `${n.first} ${n.last}`;
      const user = await insertNewUser(tx, { email, name, passwordHash, now: setupAt });
      await insertMembership(tx, {
        clinic_id: clinicId,
        user_id: user.id,
        role: 'therapist',
        treats: 1,
        created_at: setupAt.toISOString(),
        removed_at: null,
      });
      await recordAudit(tx, handle.dialect, {
        type: 'user.created',
        clinicId,
        subject: { type: 'user', id: user.id },
        data: { via: 'generator', role: 'therapist' },
      });
      therapists.push({ id: user.id, email, name, patientIds: [] });
    }
  });

  // Patients: each belongs to one therapist (patient p → therapist p mod T), arriving over the history.
  const byTherapist: number[][] = therapists.map(() => []);
  for (let p = 0; p < spec.patients; p++) byTherapist[p % Math.max(1, spec.therapists)]?.push(p);
  const span = Math.max(1, (slots.at(-1)?.start ?? nowMs) - (slots[0]?.start ?? nowMs));
  const firstBooking = new Float64Array(spec.patients).fill(Number.POSITIVE_INFINITY);
  const lastVisit = new Float64Array(spec.patients).fill(0);
  const hasFuture = new Uint8Array(spec.patients);
  const lastCompleted = new Float64Array(spec.patients).fill(0);
  for (const slot of slots) {
    const mine = byTherapist[slot.therapist] ?? [];
    if (mine.length === 0) continue;
    // Patients who have arrived by then; recent arrivals come more often.
    const f = Math.min(1, 0.1 + (0.9 * (slot.start - (slots[0]?.start ?? 0))) / span);
    const eligible = Math.max(1, Math.ceil(f * mine.length));
    const index = rng.chance(0.6) ? eligible - 1 - Math.floor(rng.next() * Math.max(1, eligible / 4)) : Math.floor(rng.next() * eligible);
    const p = mine[Math.max(0, index)] as number;
    slot.patient = p;
    slot.bookedAt = Math.min(nowMs - rng.int(1, 120) * MINUTE, slot.start - rng.int(1, 28) * DAY - rng.int(0, 600) * MINUTE);
    if (slot.bookedAt < (firstBooking[p] as number)) firstBooking[p] = slot.bookedAt;
    // Past: mostly completed, some cancelled or missed; now: in the room; ahead: booked, a few cancelled.
    const end = slot.start + slot.duration.duration * MINUTE;
    const r = rng.next();
    if (end <= nowMs) slot.status = r < 0.08 ? 'cancelled' : r < 0.13 ? 'no_show' : 'completed';
    else if (slot.start <= nowMs) slot.status = 'arrived';
    else slot.status = r < 0.03 ? 'cancelled' : 'booked';
    if (slot.start < nowMs) lastVisit[p] = Math.max(lastVisit[p] as number, slot.start);
    else hasFuture[p] = 1;
    if (slot.status === 'completed') lastCompleted[p] = Math.max(lastCompleted[p] as number, slot.start);
  }

  const run = async (work: (s: Sink) => Promise<void>) => {
    if (handle.dialect === 'sqlite') {
      const raw = handle.sqlite;
      if (!raw) throw new Error('SQLite handle without its raw connection');
      const s = sqliteSink(raw);
      raw.exec('begin');
      try {
        await work(s);
        raw.exec('commit');
      } catch (error) {
        raw.exec('rollback');
        throw error;
      }
      return s.counts;
    }
    return inTransaction(handle.db, async (tx) => {
      const s = pgSink(tx);
      await work(s);
      await s.flush();
      return s.counts;
    });
  };

  const patientIds: string[] = [];
  /** Per patient, for the feedback rows: language, whether an email reaches them, feedback consent. */
  const patientFacts: Array<{ french: boolean; emailable: boolean; feedbackFrom: number | null }> = [];
  const drafts: GeneratedClinic['drafts'] = [];
  const typeIds = TYPES.map(() => rng.uuid());
  const counts = await run(async (s) => {
    const at = setupAt.toISOString();
    await s.add('scheduling_settings', { clinic_id: clinicId, clinic_time_zone: tz, updated_at: at });
    for (const [i, t] of TYPES.entries()) {
      const row: AppointmentTypesTable = {
        id: typeIds[i] as string,
        clinic_id: clinicId,
        name: t.name,
        duration_minutes: t.duration,
        fee_cents: t.fee,
        active: 1,
        created_at: at,
        updated_at: at,
      };
      await s.add('appointment_types', row);
    }
    for (const therapist of therapists) {
      for (const weekday of [1, 2, 3, 4, 5]) {
        const row: AvailabilityBlocksTable = {
          id: rng.uuid(),
          clinic_id: clinicId,
          therapist_user_id: therapist.id,
          weekday,
          start_time: '09:00',
          end_time: '17:00',
          created_at: at,
          created_by: therapist.id,
          ended_at: null,
        };
        await s.add('availability_blocks', row);
      }
    }

    // Patients and everything about them that precedes treatment.
    const later: Array<() => Promise<void> | undefined> = [];
    const plans: Array<() => Promise<void> | undefined> = [];
    const relationshipIds: string[] = [];
    for (let p = 0; p < spec.patients; p++) {
      const therapist = therapists[p % therapists.length] as GeneratedTherapist;
      const french = rng.chance(0.35);
      const n = personName(rng, french);
      const minor = rng.chance(0.05);
      const birthYear = Number(today.slice(0, 4)) - (minor ? rng.int(6, 16) : rng.int(19, 86));
      const dob = `${birthYear}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
      const createdMs = Number.isFinite(firstBooking[p])
        ? (firstBooking[p] as number) - rng.int(10, 240) * MINUTE
        : nowMs - rng.int(1, 60) * DAY;
      const created = iso(createdMs);
      const preferred = rng.chance(0.15) ? n.first.slice(0, 3) : null;
      const email = rng.chance(0.85) ? `${ascii(n.first)}.${ascii(n.last)}${p}@example.test` : null;
      const phone = phoneOf(rng);
      const emergencyPhone = rng.chance(0.7) ? phoneOf(rng) : null;
      const row: PatientsTable = {
        id: rng.uuid(),
        clinic_id: clinicId,
        legal_first_name: n.first,
        legal_last_name: n.last,
        preferred_name: preferred,
        pronouns: rng.chance(0.5) ? rng.pick(PRONOUNS) : null,
        date_of_birth: dob,
        email,
        phone,
        phone_digits: digitsOf(phone),
        address: `${rng.int(1, 2400)} ${rng.pick(STREETS)}, ${rng.pick(CITIES)}`,
        emergency_contact_name: emergencyPhone ? `${personName(rng, french).first} ${n.last}` : null,
        emergency_contact_phone: emergencyPhone,
        emergency_contact_relationship: emergencyPhone ? rng.pick(['spouse', 'partner', 'parent', 'sibling', 'friend']) : null,
        preferred_language: french ? 'fr' : 'en',
        communication_preferences: JSON.stringify({ email: email !== null, sms: rng.chance(0.3), phone: true }),
        capable: 1,
        search_text: '',
        created_at: created,
        created_by: therapist.id,
        updated_at: created,
        archived_at: null,
        // As scheduling keeps it when a visit is completed: the clinic-local date of the last one.
        last_visit_on: lastCompleted[p] ? wallClock(new Date(lastCompleted[p] as number), tz).date : null,
      };
      row.search_text = searchTextOf(row);
      patientIds.push(row.id);
      const feedbackConsent = spec.feedback && rng.chance(0.95) ? createdMs + rng.int(2, 20) * MINUTE : null;
      patientFacts.push({ french, emailable: email !== null && !minor, feedbackFrom: feedbackConsent });
      therapist.patientIds.push(row.id);
      await s.add('patients', row);

      const ended = !hasFuture[p] && lastVisit[p] !== 0 && nowMs - (lastVisit[p] as number) > 120 * DAY && rng.chance(0.6);
      const relationship: TherapeuticRelationshipsTable = {
        id: rng.uuid(),
        clinic_id: clinicId,
        patient_id: row.id,
        therapist_user_id: therapist.id,
        started_on: created.slice(0, 10),
        status: ended ? 'ended' : 'active',
        patient_goals: rng.chance(0.6)
          ? rng.pick([
              'Sit through a workday without neck pain',
              'Run a half marathon in the spring',
              'Sleep without waking from shoulder pain',
              'Lift my toddler comfortably',
            ])
          : null,
        updated_at: created,
      };
      relationshipIds.push(relationship.id);
      const recordedBy = therapist.id;
      const consentAt = iso(createdMs + rng.int(2, 20) * MINUTE);
      let sdm: SubstituteDecisionMakersTable | null = null;
      if (minor) {
        sdm = {
          id: rng.uuid(),
          clinic_id: clinicId,
          patient_id: row.id,
          name: `${personName(rng, french).first} ${n.last}`,
          relationship: 'parent',
          phone: phoneOf(rng),
          email: null,
          created_at: iso(createdMs + MINUTE),
          ended_at: null,
        };
      }
      const written = rng.chance(0.7);
      const consent = (type: string, planId: string | null, atIso: string): ConsentsTable => ({
        id: rng.uuid(),
        clinic_id: clinicId,
        patient_id: row.id,
        type,
        given_by_kind: sdm ? 'substitute' : 'patient',
        given_by_name: sdm ? sdm.name : `${n.first} ${n.last}`,
        sdm_id: sdm ? sdm.id : null,
        method: written ? 'written' : 'verbal',
        signature: written ? SIGNATURE_PNG : null,
        attested_by: written ? null : recordedBy,
        areas: '[]',
        appointment_id: null,
        plan_id: planId,
        notes: null,
        given_at: atIso,
        recorded_by: recordedBy,
        withdrawn_at: null,
        withdrawn_reason: null,
        withdrawn_by: null,
      });
      const vulnerable = rng.chance(0.15);
      const elderly = ageOn(dob, today) >= 75;
      const factor = vulnerable ? rng.pick(SAFEGUARDS) : null;
      let plan: TreatmentPlansTable | null = null;
      if (!ended && lastVisit[p] !== 0) {
        const planAt = (lastVisit[p] as number) + 75 * MINUTE;
        plan = {
          id: rng.uuid(),
          relationship_id: relationship.id,
          therapist_user_id: therapist.id,
          areas: JSON.stringify([rng.pick(AREAS), rng.pick(AREAS)].filter((a, i, all) => all.indexOf(a) === i)),
          techniques: JSON.stringify([rng.pick(TECHNIQUES), rng.pick(TECHNIQUES)].filter((a, i, all) => all.indexOf(a) === i)),
          frequency: rng.pick(['Weekly for 4 weeks', 'Every 2 weeks for 8 weeks', 'Monthly maintenance']),
          review_date: addDays(iso(planAt).slice(0, 10), rng.int(6, 12) * 7),
          notes: rng.chance(0.3) ? 'Reassess range of motion and PSFS at review.' : null,
          created_at: iso(planAt),
          created_by: therapist.id,
          superseded_at: null,
        };
      }
      const psfs: PsfsAssessmentsTable | null = rng.chance(0.4)
        ? {
            id: rng.uuid(),
            clinic_id: clinicId,
            patient_id: row.id,
            taken_on: created.slice(0, 10),
            occasion: 'intake',
            activities: JSON.stringify(
              [...PSFS_ACTIVITIES]
                .sort(() => rng.next() - 0.5)
                .slice(0, 3)
                .map((activity) => ({ activity, score: rng.int(2, 7) })),
            ),
            recorded_by: therapist.id,
            created_at: consentAt,
          }
        : null;
      later.push(async () => {
        await s.add('therapeutic_relationships', relationship);
        if (sdm) await s.add('substitute_decision_makers', sdm);
        if (factor) {
          const v: VulnerabilityFactorsTable = {
            id: rng.uuid(),
            clinic_id: clinicId,
            patient_id: row.id,
            kind: factor.kind,
            source: rng.chance(0.7) ? 'patient_reported' : 'therapist_assessed',
            noted_on: created.slice(0, 10),
            note: factor.note,
            safeguard: factor.safeguard,
            audience: rng.chance(0.8) ? 'treating_therapist' : 'care_team',
            created_at: consentAt,
            created_by: therapist.id,
            ended_at: null,
          };
          await s.add('vulnerability_factors', v);
        }
        await s.add('consents', consent('treatment', null, consentAt));
        const facts = patientFacts[p];
        if (facts?.feedbackFrom) await s.add('consents', consent('feedback', null, iso(facts.feedbackFrom)));
        if (psfs) await s.add('psfs_assessments', psfs);
        return undefined;
      });
      if (plan) {
        const thePlan = plan;
        plans.push(async () => {
          await s.add('treatment_plans', thePlan);
          // A vulnerable patient re-confirms consent when the plan changes.
          if (vulnerable || minor || elderly)
            await s.add('consents', consent('treatment_plan', thePlan.id, iso(Date.parse(thePlan.created_at) + MINUTE)));
          return undefined;
        });
      }
    }
    await s.flush();
    // Rows that reference patients, then plans (they reference relationships): PostgreSQL checks each batch.
    for (const step of later) await step();
    await s.flush();
    for (const step of plans) await step();
    await s.flush();

    // Appointments, then their notes.
    const appointmentIds: string[] = new Array(slots.length);
    const noteOf = new Uint8Array(slots.length); // 0 none, 1 signed, 2 draft
    let draftsLeft = spec.drafts;
    for (let i = slots.length - 1; i >= 0; i--) {
      const slot = slots[i] as Slot;
      if (slot.patient < 0) continue;
      const therapist = therapists[slot.therapist] as GeneratedTherapist;
      const end = slot.start + slot.duration.duration * MINUTE;
      const status = slot.status;
      const row: AppointmentsTable = {
        id: rng.uuid(),
        clinic_id: clinicId,
        patient_id: patientIds[slot.patient] as string,
        therapist_user_id: therapist.id,
        appointment_type_id: typeIds[TYPES.indexOf(slot.duration)] as string,
        type_name: slot.duration.name,
        fee_cents: slot.duration.fee,
        starts_at: iso(slot.start),
        ends_at: iso(end),
        status,
        outside_hours: 0,
        cancel_reason: null,
        cancelled_at: null,
        cancelled_by: null,
        arrived_at: null,
        no_show_at: null,
        completed_at: null,
        actual_end_at: null,
        created_at: iso(slot.bookedAt),
        created_by: rng.chance(0.5) ? therapist.id : ownerId,
        updated_at: iso(slot.bookedAt),
      };
      if (status === 'cancelled') {
        const cancelledAt =
          slot.start <= nowMs
            ? Math.max(slot.bookedAt + MINUTE, slot.start - rng.int(2, 72) * 60 * MINUTE)
            : Math.min(nowMs - MINUTE, slot.bookedAt + rng.int(1, 72) * 60 * MINUTE);
        Object.assign(row, { cancel_reason: rng.pick(CANCEL_REASONS), cancelled_at: iso(cancelledAt), cancelled_by: row.created_by });
        row.updated_at = iso(cancelledAt);
      } else if (status === 'no_show') {
        row.no_show_at = iso(slot.start + 15 * MINUTE);
        row.updated_at = row.no_show_at;
      } else if (status === 'completed') {
        const actualEnd = end + rng.int(-5, 10) * MINUTE;
        Object.assign(row, {
          arrived_at: iso(slot.start - rng.int(2, 12) * MINUTE),
          actual_end_at: iso(actualEnd),
          completed_at: iso(actualEnd + rng.int(1, 15) * MINUTE),
        });
        row.updated_at = row.completed_at as string;
        noteOf[i] = draftsLeft > 0 ? 2 : 1;
        if (draftsLeft > 0) draftsLeft--;
      } else if (status === 'arrived') {
        row.arrived_at = iso(slot.start - rng.int(2, 12) * MINUTE);
        row.updated_at = row.arrived_at;
      }
      appointmentIds[i] = row.id;
      await s.add('appointments', row);
    }
    await s.flush();
    const answered: Array<{ index: number; completedAt: number; painAfter: number | null }> = [];
    for (let i = slots.length - 1; i >= 0; i--) {
      const kind = noteOf[i];
      if (!kind) continue;
      const slot = slots[i] as Slot;
      const therapist = therapists[slot.therapist] as GeneratedTherapist;
      const written = slot.start + slot.duration.duration * MINUTE + rng.int(5, 90) * MINUTE;
      const signed = kind === 1 ? iso(written + rng.int(0, 30) * MINUTE) : null;
      const pain = rng.chance(0.7) ? rng.int(3, 8) : null;
      const row: NotesTable = {
        id: rng.uuid(),
        clinic_id: clinicId,
        patient_id: patientIds[slot.patient] as string,
        appointment_id: appointmentIds[i] as string,
        therapist_user_id: therapist.id,
        template_id: null,
        status: kind === 1 ? 'signed' : 'draft',
        subjective: rng.pick(SUBJECTIVE),
        objective: rng.pick(OBJECTIVE),
        assessment: rng.pick(ASSESSMENT),
        plan: rng.pick(PLAN),
        areas_treated: JSON.stringify([rng.pick(AREAS), rng.pick(AREAS)].filter((a, k, all) => all.indexOf(a) === k)),
        techniques: JSON.stringify([rng.pick(TECHNIQUES), rng.pick(TECHNIQUES)].filter((a, k, all) => all.indexOf(a) === k)),
        pressure: rng.pick(PRESSURES),
        patient_response: rng.pick(RESPONSES),
        home_care: rng.pick(HOME_CARE),
        pain_before: pain,
        pain_after: pain === null ? null : Math.max(0, pain - rng.int(0, 4)),
        created_at: iso(written),
        updated_at: signed ?? iso(written),
        signed_at: signed,
        signed_by: signed ? therapist.id : null,
      };
      await s.add('notes', row);
      if (kind === 1) answered.push({ index: i, completedAt: written, painAfter: row.pain_after });
      if (kind === 2) drafts.push({ therapistIndex: slot.therapist, patientId: row.patient_id, noteId: row.id });
    }
    await s.flush();
    if (spec.feedback)
      await feedbackRows(s, rng, spec.feedback.answeredShare, {
        clinicId,
        nowMs,
        slots,
        answered,
        appointmentIds,
        patientIds,
        patientFacts,
        therapists,
      });
  });
  // PostgreSQL's autovacuum would analyze the freshly loaded tables within a minute; do it now.
  // SQLite: the bulk load sits in the write-ahead log (gigabytes for the largest clinics) until a
  // checkpoint copies it into the database file; do that now, as a clinic that has been running
  // a while would have, rather than inside the first transactions measured afterwards.
  if (handle.dialect === 'postgres') await sql`analyze`.execute(handle.db);
  else handle.sqlite?.pragma('wal_checkpoint(TRUNCATE)');

  const firstDate = slots[0] ? wallClock(new Date(slots[0].start), tz).date : today;
  const lastDate = slots.at(-1) ? wallClock(new Date((slots.at(-1) as Slot).start), tz).date : today;
  let lastFullDay = addDays(wallClock(now, tz).date, -1);
  while (weekdayOf(lastFullDay) > 5) lastFullDay = addDays(lastFullDay, -1);
  const result: Record<string, number> = {};
  for (const [table, n] of counts) result[table] = n;
  result.users = therapists.length + 1;
  return {
    clinicId,
    timeZone: tz,
    owner: { id: ownerId, email: ownerEmail, name: ownerName },
    password,
    therapists,
    drafts,
    firstDate,
    lastDate,
    lastFullDay,
    counts: result,
    milliseconds: performance.now() - started,
  };
}
