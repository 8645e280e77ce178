import { type Expression, type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { AppDb } from '../../platform/db/index.js';
import { jsonArrayFrom } from '../../platform/db/json.js';
import { preparedQuery } from '../../platform/db/prepared.js';
import type {
  HealthHistoriesTable,
  IntakeLinksTable,
  PatientsTable,
  PatientsTables,
  SubstituteDecisionMakersTable,
  TherapeuticRelationshipsTable,
  TreatmentPlansTable,
  VulnerabilityFactorsTable,
} from './tables.js';

// Reads join users (auth) for therapists' names: read-only, lower rank.
interface UsersView {
  users: { id: string; name: string };
}
const own = (db: AppDb) => db as Kysely<PatientsTables & UsersView>;

/** Which of a clinic's patients a read is about: current ones (the default everywhere), archived ones, or both. */
export type PatientState = 'current' | 'archived' | 'any';

/**
 * A patient of the clinic, as `alias` (the patients table or its alias in the query): in this clinic,
 * in `state`, and, given `id`, that one patient. Archived records are kept, never hard-deleted, and
 * never shown as current: only archiving, restoring and the list of archived patients ask for them.
 */
const patientOfClinic = (
  // biome-ignore lint/suspicious/noExplicitAny: used from queries over different aliases of patients
  eb: ExpressionBuilder<any, any>,
  alias: 'p' | 'patients',
  clinicId: string,
  id?: string | Expression<string>,
  state: PatientState = 'current',
) =>
  eb.and([
    eb(`${alias}.clinic_id`, '=', clinicId),
    ...(id === undefined ? [] : [eb(`${alias}.id`, '=', id)]),
    ...(state === 'any' ? [] : [eb(`${alias}.archived_at`, state === 'current' ? 'is' : 'is not', null)]),
  ]);

/** A current patient of the clinic (`patientOfClinic` in the state nearly every read wants). */
const currentPatient = (
  // biome-ignore lint/suspicious/noExplicitAny: used from queries over different aliases of patients
  eb: ExpressionBuilder<any, any>,
  alias: 'p' | 'patients',
  clinicId: string,
  id?: string | Expression<string>,
) => patientOfClinic(eb, alias, clinicId, id);

/** Relationship statuses that give the therapist access to the chart. */
export const ACCESS_STATUSES = ['active', 'covered', 'ended'] as const;

export async function insertPatient(db: AppDb, row: PatientsTable) {
  await own(db).insertInto('patients').values(row).execute();
}

export async function updatePatient(db: AppDb, id: string, patch: Partial<PatientsTable>) {
  await own(db).updateTable('patients').set(patch).where('id', '=', id).execute();
}

// Opening a chart runs on every patient page: its reads are compiled once (platform/db/prepared.ts).
const patientById = preparedQuery((db: AppDb, clinicId: string, id: string) =>
  own(db)
    .selectFrom('patients')
    .selectAll()
    .where((eb) => currentPatient(eb, 'patients', clinicId, id)),
);
export async function findPatient(db: AppDb, clinicId: string, id: string) {
  const [row] = await patientById(db, clinicId, id);
  return row;
}

/**
 * Whether the reader holds a relationship with the patient that opens the chart: the access rule's
 * one read. `patientId` is a value or a reference to the patient row's id.
 */
// biome-ignore lint/suspicious/noExplicitAny: used from queries over different aliases of patients
const readerTreats = (eb: ExpressionBuilder<PatientsTables, any>, patientId: string | Expression<string>, readerUserId: string) =>
  eb.exists(
    eb
      .selectFrom('therapeutic_relationships as r')
      .select('r.id')
      .where('r.patient_id', '=', patientId)
      .where('r.therapist_user_id', '=', readerUserId)
      .where('r.status', 'in', ACCESS_STATUSES),
  );

/**
 * A patient of the clinic as one reader asks for them, with `treated`: whether the reader holds a
 * relationship with them that opens the chart (the access rule's one read, in the same statement).
 */
const patientForReader = (db: AppDb, clinicId: string, id: string, readerUserId: string) =>
  own(db)
    .selectFrom('patients as p')
    .selectAll('p')
    .select((eb) => readerTreats(eb, eb.ref('p.id'), readerUserId).as('treated'))
    .where((eb) => currentPatient(eb, 'p', clinicId, id));

export const patientWithTreated = preparedQuery(patientForReader);

/** `patientForReader` whether or not the patient is archived, with the name of whoever archived them. */
export const patientWithTreatedInAnyState = preparedQuery((db: AppDb, clinicId: string, id: string, readerUserId: string) =>
  own(db)
    .selectFrom('patients as p')
    .leftJoin('users as archiver', 'archiver.id', 'p.archived_by')
    .selectAll('p')
    .select('archiver.name as archived_by_name')
    .select((eb) => readerTreats(eb, eb.ref('p.id'), readerUserId).as('treated'))
    .where((eb) => patientOfClinic(eb, 'p', clinicId, id, 'any')),
);

/**
 * Archives (`archive` given) or restores (null) a patient, only if they are not already in that state.
 * Returns whether this call changed it: a second, concurrent call finds nothing to change.
 */
export async function setArchived(
  db: AppDb,
  id: string,
  archive: { at: string; by: string; reason: string; note: string | null } | null,
  updatedAt: string,
): Promise<boolean> {
  const result = await own(db)
    .updateTable('patients')
    .set({
      archived_at: archive?.at ?? null,
      archived_by: archive?.by ?? null,
      archived_reason: archive?.reason ?? null,
      archived_note: archive?.note ?? null,
      updated_at: updatedAt,
    })
    .where('id', '=', id)
    .where('archived_at', archive ? 'is' : 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * For another module's one-statement read (the feedback trajectory): `found`, whether the patient is a
 * current patient of the clinic, and `treated`, as `patientForReader` reads them. `admitRead`
 * (access.ts) applies the rule to them; select them in a one-row CTE so that CASE can leave the rest
 * unread for anyone who may not see it.
 */
export const patientFoundAndTreated = (
  // biome-ignore lint/suspicious/noExplicitAny: embedded in other modules' statements
  eb: ExpressionBuilder<any, any>,
  clinicId: string,
  patientId: string,
  readerUserId: string,
) => [
  eb
    .exists(
      (eb as ExpressionBuilder<PatientsTables, never>)
        .selectFrom('patients as p')
        .select('p.id')
        .where((eb) => currentPatient(eb, 'p', clinicId, patientId)),
    )
    .as('found'),
  readerTreats(eb as ExpressionBuilder<PatientsTables, never>, patientId, readerUserId).as('treated'),
];

/**
 * The whole chart in one statement: the patient, `treated`, the open substitute decision-makers, and
 * the clinical lists, each a JSON column: relationships with the therapist's name (by start), current
 * plans, vulnerability factors (by date noted), and when the latest health history was completed.
 * The clinical columns are read only when `clinicalWanted` is 1 (the reader's role may treat) and the
 * reader treats the patient; otherwise CASE never runs their subqueries and they are null.
 */
export const chartRead = preparedQuery((db: AppDb, clinicId: string, id: string, readerUserId: string, clinicalWanted: number) =>
  own(db)
    // `treated` once, as a one-row table the clinical columns test (repeating EXISTS in each cost more).
    .with('t', (qb) => qb.selectNoFrom((eb) => readerTreats(eb, id, readerUserId).as('treated')))
    .selectFrom(['patients as p', 't'])
    .selectAll('p')
    .select('t.treated')
    .where((eb) => currentPatient(eb, 'p', clinicId, id))
    .select((eb) => {
      const clinical = eb.and([sql<boolean>`${clinicalWanted} = 1`, eb.ref('t.treated')]);
      return [
        jsonArrayFrom(
          db,
          eb
            .selectFrom('substitute_decision_makers as s')
            .select(['s.id', 's.name', 's.relationship', 's.phone', 's.email', 's.created_at'])
            .whereRef('s.patient_id', '=', 'p.id')
            .where('s.ended_at', 'is', null)
            .orderBy('s.created_at'),
        ).as('sdms'),
        eb
          .case()
          .when(clinical)
          .then(
            jsonArrayFrom(
              db,
              eb
                .selectFrom('therapeutic_relationships as r')
                .innerJoin('users as u', 'u.id', 'r.therapist_user_id')
                .select(['r.id', 'r.therapist_user_id', 'u.name as therapist_name', 'r.started_on', 'r.status', 'r.patient_goals'])
                .where('r.patient_id', '=', id)
                .orderBy('r.started_on'),
            ),
          )
          .end()
          .as('relationships'),
        eb
          .case()
          .when(clinical)
          .then(
            jsonArrayFrom(
              db,
              eb
                .selectFrom('treatment_plans as tp')
                .innerJoin('therapeutic_relationships as r', 'r.id', 'tp.relationship_id')
                .select([
                  'tp.id',
                  'tp.relationship_id',
                  'tp.areas',
                  'tp.techniques',
                  'tp.frequency',
                  'tp.review_date',
                  'tp.notes',
                  'tp.created_at',
                  'tp.created_by',
                ])
                .where('r.patient_id', '=', id)
                .where('tp.superseded_at', 'is', null),
            ),
          )
          .end()
          .as('plans'),
        eb
          .case()
          .when(clinical)
          .then(
            jsonArrayFrom(
              db,
              eb
                .selectFrom('vulnerability_factors as v')
                .select(['v.id', 'v.kind', 'v.source', 'v.noted_on', 'v.note', 'v.safeguard', 'v.audience', 'v.ended_at'])
                .where('v.patient_id', '=', id)
                .orderBy('v.noted_on')
                .orderBy('v.id'),
            ),
          )
          .end()
          .as('vulnerability'),
        eb
          .case()
          .when(clinical)
          .then(
            eb
              .selectFrom('health_histories as h')
              .select('h.completed_at')
              .where('h.patient_id', '=', id)
              .orderBy('h.completed_at', 'desc')
              .limit(1),
          )
          .end()
          .as('latest_health_history_at'),
      ];
    }),
);

/**
 * Patients of a clinic, optionally only those a therapist treats, matching a search on names,
 * email or phone digits.
 */
export async function searchPatients(
  db: AppDb,
  filter: {
    clinicId: string;
    therapistUserId?: string | undefined;
    text?: string | undefined;
    digits?: string | undefined;
    state: Exclude<PatientState, 'any'>;
    limit: number;
    offset: number;
  },
) {
  let q = own(db)
    .selectFrom('patients')
    .where((eb) => patientOfClinic(eb, 'patients', filter.clinicId, undefined, filter.state));
  if (filter.therapistUserId) {
    const therapist = filter.therapistUserId;
    q = q.where((eb) => readerTreats(eb, eb.ref('patients.id'), therapist));
  }
  if (filter.text || filter.digits) {
    const text = filter.text;
    const digits = filter.digits;
    q = q.where((eb) =>
      eb.or([
        ...(text ? [eb('patients.search_text', 'like', `%${text}%`)] : []),
        ...(digits ? [eb('patients.phone_digits', 'like', `%${digits}%`)] : []),
      ]),
    );
  }
  const [rows, count] = await Promise.all([
    q
      .leftJoin('users as archiver', 'archiver.id', 'patients.archived_by')
      .selectAll('patients')
      .select('archiver.name as archived_by_name')
      .orderBy('patients.legal_last_name')
      .orderBy('patients.legal_first_name')
      .orderBy('patients.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function insertSdm(db: AppDb, row: SubstituteDecisionMakersTable) {
  await own(db).insertInto('substitute_decision_makers').values(row).execute();
}

export const sdmsOf = preparedQuery((db: AppDb, patientId: string) =>
  own(db)
    .selectFrom('substitute_decision_makers')
    .selectAll()
    .where('patient_id', '=', patientId)
    .where('ended_at', 'is', null)
    .orderBy('created_at'),
);

/**
 * Ends one of a patient's dated records (a substitute decision-maker, a vulnerability factor):
 * kept, with the date it stopped applying. True only if it was still open.
 */
async function endRecord(
  db: AppDb,
  table: 'substitute_decision_makers' | 'vulnerability_factors',
  patientId: string,
  id: string,
  at: string,
) {
  const r = await own(db)
    .updateTable(table)
    .set({ ended_at: at })
    .where('patient_id', '=', patientId)
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export const endSdm = (db: AppDb, patientId: string, id: string, at: string) =>
  endRecord(db, 'substitute_decision_makers', patientId, id, at);

export async function insertRelationship(db: AppDb, row: TherapeuticRelationshipsTable) {
  await own(db).insertInto('therapeutic_relationships').values(row).execute();
}

export const relationshipsOf = preparedQuery((db: AppDb, patientId: string) =>
  own(db)
    .selectFrom('therapeutic_relationships as r')
    .innerJoin('users as u', 'u.id', 'r.therapist_user_id')
    .selectAll('r')
    .select('u.name as therapist_name')
    .where('r.patient_id', '=', patientId)
    .orderBy('r.started_on'),
);

export function findRelationship(db: AppDb, clinicId: string, id: string) {
  return own(db)
    .selectFrom('therapeutic_relationships')
    .selectAll()
    .where('clinic_id', '=', clinicId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function updateRelationship(db: AppDb, id: string, patch: Partial<TherapeuticRelationshipsTable>) {
  await own(db).updateTable('therapeutic_relationships').set(patch).where('id', '=', id).execute();
}

/** Does this therapist hold a relationship with this patient that opens the chart? */
const treatingRelationship = preparedQuery((db: AppDb, therapistUserId: string, patientId: string) =>
  own(db)
    .selectFrom('therapeutic_relationships')
    .select('id')
    .where('patient_id', '=', patientId)
    .where('therapist_user_id', '=', therapistUserId)
    .where('status', 'in', ACCESS_STATUSES)
    .limit(1),
);
export async function treats(db: AppDb, therapistUserId: string, patientId: string): Promise<boolean> {
  return (await treatingRelationship(db, therapistUserId, patientId)).length > 0;
}

/** The current plan of each of a patient's relationships. */
export const currentPlansOfPatient = preparedQuery((db: AppDb, patientId: string) =>
  own(db)
    .selectFrom('treatment_plans as p')
    .innerJoin('therapeutic_relationships as r', 'r.id', 'p.relationship_id')
    .selectAll('p')
    .where('r.patient_id', '=', patientId)
    .where('p.superseded_at', 'is', null),
);

/** The current plans of these patients' active relationships, earliest relationship first. */
export function currentPlansOfActiveRelationships(db: AppDb, patientIds: readonly string[]) {
  if (patientIds.length === 0) return Promise.resolve([]);
  return own(db)
    .selectFrom('treatment_plans as p')
    .innerJoin('therapeutic_relationships as r', 'r.id', 'p.relationship_id')
    .select(['r.patient_id', 'r.therapist_user_id', 'r.started_on', 'p.created_at', 'p.review_date'])
    .where('r.patient_id', 'in', patientIds)
    .where('r.status', '=', 'active')
    .where('p.superseded_at', 'is', null)
    .orderBy('r.started_on')
    .execute();
}

/**
 * Every plan of one therapist's relationships with a patient, superseded ones included, oldest
 * first: markers on the feedback trajectory, which reads it inside its own statement.
 */
export const planHistoryQuery = (db: AppDb, patientId: string, therapistUserId: string) =>
  own(db)
    .selectFrom('treatment_plans as p')
    .innerJoin('therapeutic_relationships as r', 'r.id', 'p.relationship_id')
    .select(['p.id', 'p.created_at'])
    .where('r.patient_id', '=', patientId)
    .where('r.therapist_user_id', '=', therapistUserId)
    .orderBy('p.created_at');

export function currentPlans(db: AppDb, relationshipIds: string[]) {
  if (relationshipIds.length === 0) return Promise.resolve([]);
  return own(db)
    .selectFrom('treatment_plans')
    .selectAll()
    .where('relationship_id', 'in', relationshipIds)
    .where('superseded_at', 'is', null)
    .execute();
}

export async function supersedePlans(db: AppDb, relationshipId: string, at: string) {
  await own(db)
    .updateTable('treatment_plans')
    .set({ superseded_at: at })
    .where('relationship_id', '=', relationshipId)
    .where('superseded_at', 'is', null)
    .execute();
}

export async function insertPlan(db: AppDb, row: TreatmentPlansTable) {
  await own(db).insertInto('treatment_plans').values(row).execute();
}

export async function insertVulnerability(db: AppDb, row: VulnerabilityFactorsTable) {
  await own(db).insertInto('vulnerability_factors').values(row).execute();
}

export const vulnerabilitiesOf = preparedQuery((db: AppDb, patientId: string) =>
  own(db).selectFrom('vulnerability_factors').selectAll().where('patient_id', '=', patientId).orderBy('noted_on').orderBy('id'),
);

export const endVulnerability = (db: AppDb, patientId: string, id: string, at: string) =>
  endRecord(db, 'vulnerability_factors', patientId, id, at);

/** Active safeguards per patient, for the treating therapist's calendar. */
export async function activeSafeguards(db: AppDb, patientIds: string[]) {
  if (patientIds.length === 0) return [];
  return own(db)
    .selectFrom('vulnerability_factors')
    .select(['patient_id', 'safeguard'])
    .where('patient_id', 'in', patientIds)
    .where('ended_at', 'is', null)
    .where('safeguard', 'is not', null)
    .execute();
}

const duePlans = (db: AppDb, clinicId: string, therapistUserId: string, today: string) =>
  own(db)
    .selectFrom('treatment_plans as p')
    .innerJoin('therapeutic_relationships as r', 'r.id', 'p.relationship_id')
    .where('p.therapist_user_id', '=', therapistUserId)
    .where('p.superseded_at', 'is', null)
    .where('p.review_date', '<=', today)
    .where('r.clinic_id', '=', clinicId)
    .where('r.status', '=', 'active');

/** Plans of this therapist's active relationships whose review date has come, most overdue first. */
export const plansDue = preparedQuery((db: AppDb, clinicId: string, therapistUserId: string, today: string, limit: number) =>
  duePlans(db, clinicId, therapistUserId, today)
    .innerJoin('patients as pt', 'pt.id', 'r.patient_id')
    .select([
      'pt.id as patient_id',
      'pt.legal_first_name',
      'pt.legal_last_name',
      'pt.preferred_name',
      'p.review_date',
      'r.id as relationship_id',
    ])
    .orderBy('p.review_date')
    .orderBy('p.id')
    .limit(limit),
);

export async function insertHealthHistory(db: AppDb, row: HealthHistoriesTable) {
  await own(db).insertInto('health_histories').values(row).execute();
}

export function healthHistoriesOf(db: AppDb, patientId: string) {
  return own(db)
    .selectFrom('health_histories')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('completed_at', 'desc')
    .orderBy('id')
    .execute();
}

export async function insertIntakeLink(db: AppDb, row: IntakeLinksTable) {
  await own(db).insertInto('intake_links').values(row).execute();
}

export function findIntakeLink(db: AppDb, tokenHash: string) {
  return own(db).selectFrom('intake_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Spends a link: true only for the one request that found it unused. */
export async function spendIntakeLink(db: AppDb, id: string, at: string): Promise<boolean> {
  const r = await own(db)
    .updateTable('intake_links')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Moves the last visit forward only: completing an old appointment late never moves it back. */
export async function advanceLastVisit(db: AppDb, patientId: string, onDate: string) {
  await own(db)
    .updateTable('patients')
    .set({ last_visit_on: onDate })
    .where('id', '=', patientId)
    .where((eb) => eb.or([eb('last_visit_on', 'is', null), eb('last_visit_on', '<', onDate)]))
    .execute();
}

export function namesOf(db: AppDb, clinicId: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return own(db)
    .selectFrom('patients')
    .select(['id', 'legal_first_name', 'legal_last_name', 'preferred_name'])
    .where('clinic_id', '=', clinicId)
    .where('id', 'in', ids)
    .execute();
}

/** Identifiers of one therapist's own patients (names, email, phone), for the journal's de-identification nudge. */
export function identifiersOfTherapistPatients(db: AppDb, clinicId: string, therapistUserId: string) {
  return own(db)
    .selectFrom('patients as p')
    .innerJoin('therapeutic_relationships as r', 'r.patient_id', 'p.id')
    .select(['p.legal_first_name', 'p.legal_last_name', 'p.preferred_name', 'p.email', 'p.phone_digits'])
    .where('r.clinic_id', '=', clinicId)
    .where('r.therapist_user_id', '=', therapistUserId)
    .where('r.status', 'in', ACCESS_STATUSES)
    .where((eb) => currentPatient(eb, 'p', clinicId))
    .execute();
}

/** Which of these patients the therapist treats (one query for a whole day's list). */
export async function treatedAmong(db: AppDb, therapistUserId: string, patientIds: string[]): Promise<Set<string>> {
  if (patientIds.length === 0) return new Set();
  const rows = await own(db)
    .selectFrom('therapeutic_relationships')
    .select('patient_id')
    .where('therapist_user_id', '=', therapistUserId)
    .where('patient_id', 'in', patientIds)
    .where('status', 'in', ACCESS_STATUSES)
    .execute();
  return new Set(rows.map((r) => r.patient_id));
}
