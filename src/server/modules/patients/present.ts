import type { z } from 'zod';
import type {
  ArchiveReason,
  PatientArchive,
  PatientDemographics,
  PatientSummary,
  Sdm,
  VulnerabilityFactor,
} from '../../../shared/patients/contract.js';
import { ageOn, displayName, needsSubstituteDecisionMaker, retentionUntil } from './rules.js';
import type { PatientsTable, SubstituteDecisionMakersTable, VulnerabilityFactorsTable } from './tables.js';

/** What the chart shows of a substitute decision-maker. */
type OpenSdm = Pick<SubstituteDecisionMakersTable, 'id' | 'name' | 'relationship' | 'phone' | 'email' | 'created_at'>;

/** The archive part of a patient row (with the archiver's name joined): null while they are current. */
export function presentArchive(
  p: Pick<PatientsTable, 'archived_at' | 'archived_reason' | 'archived_note'> & { archived_by_name?: string | null },
): z.infer<typeof PatientArchive> | null {
  if (!p.archived_at) return null;
  return {
    at: p.archived_at,
    byName: p.archived_by_name ?? null,
    reason: (p.archived_reason ?? 'other') as z.infer<typeof ArchiveReason>,
    note: p.archived_note ?? null,
  };
}

export function presentSummary(p: PatientsTable & { archived_by_name?: string | null }, today: string): z.infer<typeof PatientSummary> {
  const age = ageOn(p.date_of_birth, today);
  return {
    id: p.id,
    displayName: displayName(p),
    legalName: `${p.legal_first_name} ${p.legal_last_name}`,
    dateOfBirth: p.date_of_birth,
    age,
    phone: p.phone,
    email: p.email,
    minor: age < 18,
    archived: presentArchive(p),
  };
}

export function presentSdm(s: OpenSdm): z.infer<typeof Sdm> {
  return {
    id: s.id,
    name: s.name,
    relationship: s.relationship as z.infer<typeof Sdm>['relationship'],
    phone: s.phone,
    email: s.email,
    createdAt: s.created_at,
  };
}

export function presentDemographics(
  p: PatientsTable,
  sdms: OpenSdm[],
  today: string,
  lastContact: string,
): z.infer<typeof PatientDemographics> {
  const age = ageOn(p.date_of_birth, today);
  const capable = p.capable === 1;
  return {
    id: p.id,
    legalFirstName: p.legal_first_name,
    legalLastName: p.legal_last_name,
    preferredName: p.preferred_name,
    pronouns: p.pronouns,
    dateOfBirth: p.date_of_birth,
    age,
    minor: age < 18,
    email: p.email,
    phone: p.phone,
    address: p.address,
    emergencyContactName: p.emergency_contact_name,
    emergencyContactPhone: p.emergency_contact_phone,
    emergencyContactRelationship: p.emergency_contact_relationship,
    preferredLanguage: p.preferred_language,
    communicationPreferences: JSON.parse(p.communication_preferences),
    capable,
    substituteDecisionMakers: sdms.map(presentSdm),
    needsSubstituteDecisionMaker: needsSubstituteDecisionMaker({ dateOfBirth: p.date_of_birth, capable }, today) && sdms.length === 0,
    retentionUntil: retentionUntil(p.date_of_birth, lastContact),
    createdAt: p.created_at,
  };
}

export function presentFactor(
  f: Pick<VulnerabilityFactorsTable, 'id' | 'kind' | 'source' | 'noted_on' | 'note' | 'safeguard' | 'audience' | 'ended_at'>,
): z.infer<typeof VulnerabilityFactor> {
  return {
    id: f.id,
    kind: f.kind as z.infer<typeof VulnerabilityFactor>['kind'],
    source: f.source as z.infer<typeof VulnerabilityFactor>['source'],
    notedOn: f.noted_on,
    note: f.note,
    safeguard: f.safeguard,
    audience: f.audience as z.infer<typeof VulnerabilityFactor>['audience'],
    active: f.ended_at === null,
  };
}
