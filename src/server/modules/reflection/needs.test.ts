import { describe, expect, it } from 'vitest';
import { ITEMS, NEEDS, scoreNeeds } from './needs.js';

describe('needs awareness scoring', () => {
  it('has three statements for each need the article names', () => {
    for (const need of NEEDS) expect(ITEMS.filter((i) => i.need === need)).toHaveLength(3);
  });

  it('scores each need 0–100 from what was answered, with a gentle reading and no diagnosis', () => {
    const scores = scoreNeeds({
      'caretaking.1': 4,
      'caretaking.2': 4,
      'caretaking.3': 4,
      'approval.1': 0,
      'boundaries.1': 2,
      'boundaries.2': 2,
    });
    const by = Object.fromEntries(scores.map((s) => [s.need, s]));
    expect(by.caretaking).toMatchObject({ score: 100, answered: 3 });
    expect(by.approval).toMatchObject({ score: 0, answered: 1 });
    expect(by.boundaries?.score).toBe(50);
    expect(by.self_esteem).toMatchObject({ answered: 0, reading: 'Not answered this time.' });
    for (const s of scores) expect(s.reading).not.toMatch(/\b(disorder|diagnos|patholog|wrong|bad)\b/i);
  });
});
