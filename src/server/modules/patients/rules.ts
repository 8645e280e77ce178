/** Plain rules about patients: no database, no HTTP; tested directly. */

export const ADULT_AGE = 18;
export const ELDERLY_AGE = 75;
export const RETENTION_YEARS = 10;

// Dates here are ISO `YYYY-MM-DD` text, worked on as text: every chart and list row computes an age
// and a retention date, and Date objects (with toISOString) cost more than the rest of presenting.

/** Whole years from `dateOfBirth` to `today` (the birthday counts from its day: "MM-DD" compares as text). */
export function ageOn(dateOfBirth: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return today.slice(5, 10) < dateOfBirth.slice(5, 10) ? years - 1 : years;
}

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

export function addYears(date: string, years: number): string {
  const year = Number(date.slice(0, 4)) + years;
  const monthDay = date.slice(5, 10);
  // 29 February becomes 28 February in a year that has none.
  return `${String(year).padStart(4, '0')}-${monthDay === '02-29' && !isLeapYear(year) ? '02-28' : monthDay}`;
}

/**
 * CMTO record keeping: keep records 10 years after the last visit, or 10 years after the patient's
 * 18th birthday if that is later. Before any visit, the record's creation stands for the last contact.
 */
export function retentionUntil(dateOfBirth: string, lastContact: string): string {
  const afterVisit = addYears(lastContact.slice(0, 10), RETENTION_YEARS);
  const afterAdulthood = addYears(addYears(dateOfBirth, ADULT_AGE), RETENTION_YEARS);
  // biome-ignore lint/complexity/useMathMinMax: ISO date strings, compared as text
  return afterVisit > afterAdulthood ? afterVisit : afterAdulthood;
}

export function needsSubstituteDecisionMaker(p: { dateOfBirth: string; capable: boolean }, today: string): boolean {
  return ageOn(p.dateOfBirth, today) < ADULT_AGE || !p.capable;
}

/** Age-related vulnerability is derived from the date of birth, never typed in. */
export function derivedAgeFactor(dateOfBirth: string, today: string): 'age_child' | 'age_elderly' | null {
  const age = ageOn(dateOfBirth, today);
  if (age < ADULT_AGE) return 'age_child';
  if (age >= ELDERLY_AGE) return 'age_elderly';
  return null;
}

/** Lower case, accents removed, search wildcards dropped: what names are matched against. */
export function searchable(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[%_\\]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function digitsOf(text: string | null | undefined): string | null {
  const digits = (text ?? '').replace(/\D/g, '');
  return digits.length > 0 ? digits : null;
}

export function displayName(p: { preferred_name: string | null; legal_first_name: string; legal_last_name: string }): string {
  return `${p.preferred_name ?? p.legal_first_name} ${p.legal_last_name}`;
}
