import { describe, expect, it } from 'vitest';
import { addYears, ageOn, derivedAgeFactor, needsSubstituteDecisionMaker, retentionUntil, searchable } from './rules.js';

describe('patient rules', () => {
  it('computes age on a date, counting the birthday itself', () => {
    expect(ageOn('2008-11-25', '2026-11-24')).toBe(17);
    expect(ageOn('2008-11-25', '2026-11-25')).toBe(18);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });

  it('keeps records 10 years after the last visit, or after the 18th birthday if later', () => {
    expect(retentionUntil('1980-05-01', '2026-11-25T10:00:00Z')).toBe('2036-11-25');
    expect(retentionUntil('2020-05-01', '2026-11-25')).toBe('2048-05-01');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
  });

  it('asks for a substitute decision-maker for minors and for patients not capable', () => {
    expect(needsSubstituteDecisionMaker({ dateOfBirth: '2012-01-01', capable: true }, '2026-11-25')).toBe(true);
    expect(needsSubstituteDecisionMaker({ dateOfBirth: '1990-01-01', capable: false }, '2026-11-25')).toBe(true);
    expect(needsSubstituteDecisionMaker({ dateOfBirth: '1990-01-01', capable: true }, '2026-11-25')).toBe(false);
  });

  it('derives age-related vulnerability from the date of birth', () => {
    expect(derivedAgeFactor('2015-06-01', '2026-11-25')).toBe('age_child');
    expect(derivedAgeFactor('1940-06-01', '2026-11-25')).toBe('age_elderly');
    expect(derivedAgeFactor('1980-06-01', '2026-11-25')).toBeNull();
  });

  it('normalises search text and drops wildcards', () => {
    expect(searchable('  Émilie  CÔTÉ%_ ')).toBe('emilie cote');
  });
});
