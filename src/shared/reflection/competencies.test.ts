import { describe, expect, it } from 'vitest';
import { COMPETENCIES, cleanCompetencies } from './competencies.js';

describe('competency tags read back from a decrypted payload', () => {
  it('keeps only known areas, once each, in the list order', () => {
    expect(cleanCompetencies(['ethics', 'boundaries', 'ethics', 'made_up', 42, null])).toEqual(['boundaries', 'ethics']);
  });
  it('treats anything that is not a list as no tags', () => {
    for (const value of [undefined, null, 'boundaries', { boundaries: true }, 3]) expect(cleanCompetencies(value)).toEqual([]);
  });
  it('has eight areas with plain ids (labels live in the locales)', () => {
    expect(COMPETENCIES).toHaveLength(8);
    for (const c of COMPETENCIES) expect(c).toMatch(/^[a-z_]+$/);
  });
});
