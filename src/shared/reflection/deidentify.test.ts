import { describe, expect, it } from 'vitest';
import { findIdentifiers } from './deidentify.js';

describe('de-identification nudge', () => {
  const terms = ['Émilie', 'Côté', 'Em', 'emilie.cote@example.test', '4165550142', 'Al'];
  it('finds names regardless of case and accents, as whole words, and phone numbers however written', () => {
    const hits = findIdentifiers('Session with emilie COTE went long. Call her at (416) 555-0142.', terms);
    expect(hits.map((h) => h.term).sort()).toEqual(['4165550142', 'Côté', 'Émilie']);
  });
  it('does not flag names inside other words, or very short names', () => {
    expect(findIdentifiers('The emotional pull was strong; always calm after.', terms)).toEqual([]);
  });
  it('finds emails', () => {
    expect(findIdentifiers('wrote to Emilie.Cote@example.test today', terms).map((h) => h.term)).toContain('emilie.cote@example.test');
  });
});
