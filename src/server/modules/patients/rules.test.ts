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

  it('agrees with calendar arithmetic on every day of four leap cycles', () => {
    // The rules work on the text of the date; the reference uses Date, as they once did.
    const referenceAddYears = (date: string, years: number) => {
      const [y, m, d] = date.split('-').map(Number) as [number, number, number];
      const target = new Date(Date.UTC(y + years, m - 1, d));
      if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
      return target.toISOString().slice(0, 10);
    };
    const referenceAge = (born: string, on: string) => {
      const [by, bm, bd] = born.split('-').map(Number) as [number, number, number];
      const [ty, tm, td] = on.split('-').map(Number) as [number, number, number];
      return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
    };
    const days: string[] = [];
    for (let t = Date.UTC(1896, 0, 1); t < Date.UTC(1912, 0, 1); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
    for (const day of days) {
      for (const years of [1, 4, 10, 18, 28, 100]) expect(addYears(day, years), `${day} + ${years}`).toBe(referenceAddYears(day, years));
    }
    for (let i = 0; i < days.length; i += 7) {
      for (const on of ['1999-02-28', '2000-02-29', '2000-03-01', '2026-12-31', (days[i] as string).replace(/^18|^19/, '20')]) {
        expect(ageOn(days[i] as string, on), `${days[i]} on ${on}`).toBe(referenceAge(days[i] as string, on));
      }
    }
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
