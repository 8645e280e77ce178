import { describe, expect, it } from 'vitest';
import { painNotImproving } from './scoring.js';

const course = { startedAt: '2026-03-01T15:00:00.000Z', reviewDate: '2026-03-29' }; // four weeks
const at = (day: number) => `2026-03-${String(day).padStart(2, '0')}T15:00:00.000Z`;

describe('pain not improving over the plan', () => {
  it('is raised half-way through the plan when pain has not eased by two points since the plan began', () => {
    expect(
      painNotImproving(
        course,
        [6, 6, 5].map((pain, i) => ({ sessionAt: at(2 + i * 7), pain })),
      ),
    ).toEqual({
      kind: 'pain_not_improving',
      priority: 'soon',
      item: 'painNow',
      value: 5,
      baseline: 6,
    });
  });

  it('is not raised when pain eased, before half-way, with fewer than three answers, or for answers from before the plan', () => {
    expect(
      painNotImproving(
        course,
        [6, 5, 4].map((pain, i) => ({ sessionAt: at(2 + i * 7), pain })),
      ),
    ).toBeNull(); // eased by 2
    expect(
      painNotImproving(
        course,
        [6, 6, 6].map((pain, i) => ({ sessionAt: at(2 + i * 3), pain })),
      ),
    ).toBeNull(); // day 8 < half-way
    expect(
      painNotImproving(
        course,
        [6, 6].map((pain, i) => ({ sessionAt: at(2 + i * 14), pain })),
      ),
    ).toBeNull();
    const before = [{ sessionAt: '2026-02-20T15:00:00.000Z', pain: 9 }];
    expect(painNotImproving(course, [...before, ...[6, 6].map((pain, i) => ({ sessionAt: at(9 + i * 7), pain }))])).toBeNull(); // only two answers since the plan began
  });
});
