import type { Role } from '../../src/shared/auth/contract.js';
import type { BuiltClinic } from '../support/factories.js';
import type { TestApp } from '../support/http.js';

export type Who = Role | 'anonymous' | 'otherClinicOwner';
export const EVERY: Who[] = ['owner', 'admin', 'therapist', 'locum', 'mentor', 'otherClinicOwner', 'anonymous'];
export const MEMBERS: Who[] = ['owner', 'admin', 'therapist', 'locum', 'mentor', 'otherClinicOwner'];

/** Ids of records in the clinic under test that routes act on, filled by each module's fixture. */
export type Fixture = Record<string, string>;

export interface Rule {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  /** Who gets a 2xx. Everyone else must get 401 (anonymous), 403 (wrong role) or 404 (not theirs). */
  allowed: Who[];
  body?: (c: BuiltClinic, f: Fixture) => unknown;
  path?: (c: BuiltClinic, f: Fixture) => string;
  /** Routes that anyone may call, answered on their merits (not by role). */
  public?: true;
}

export interface FixtureContext {
  t: TestApp;
  clinic: BuiltClinic;
  cookies: Partial<Record<Who, string>>;
  /** What earlier modules' fixtures built (e.g. patientId). */
  fixture: Fixture;
}

/** One module's share of the access test: its routes' rules, and the records they act on. */
export interface AccessModule {
  name: string;
  rules: Rule[];
  fixture?: (ctx: FixtureContext) => Promise<Fixture>;
}
