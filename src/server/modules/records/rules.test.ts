import { describe, expect, it } from 'vitest';
import { applyAmendments, changedFields, sensitiveAreasIn } from './rules.js';

const base = {
  subjective: 'Neck stiff',
  objective: '',
  assessment: '',
  plan: '',
  areasTreated: ['neck'],
  techniques: [],
  pressure: null,
  patientResponse: '',
  homeCare: '',
  painBefore: 6,
  painAfter: 3,
};

describe('treatment record rules', () => {
  it('finds sensitive areas by code or by plain words, and nothing else', () => {
    expect(sensitiveAreasIn(['left gluteus medius', 'neck'])).toEqual(['gluteal']);
    expect(sensitiveAreasIn(['Upper inner thigh (R)', 'chest_wall'])).toEqual(['chest_wall', 'upper_inner_thigh']);
    expect(sensitiveAreasIn(['shoulder', 'lower back', 'outer thigh'])).toEqual([]);
  });

  it('records only what an amendment changes, and applies amendments in order', () => {
    const first = changedFields(base, { painAfter: 4, subjective: 'Neck stiff' });
    expect(first).toEqual({ painAfter: 4 });
    const second = changedFields(applyAmendments(base, [first]), { homeCare: 'Heat 10 min' });
    expect(applyAmendments(base, [first, second])).toEqual({ ...base, painAfter: 4, homeCare: 'Heat 10 min' });
  });
});
