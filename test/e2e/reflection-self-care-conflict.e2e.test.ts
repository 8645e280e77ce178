import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, type Tab } from './support/browser.js';
import { apiJson } from './support/clinical.js';
import { expectHeading } from './support/journeys.js';
import { stringsFor } from './support/strings.js';
import { oneTherapistTwoWindows, type TwoWindows } from './support/two-windows.js';

const S = stringsFor('en');
const N = S.reflection.needs;
const E = S.reflection.savedElsewhere;

/**
 * One therapist, two windows (two pages of one browser profile: the same session). The self-care
 * plan is the therapist's own words: a window that is behind never overwrites them, and never
 * loses what was typed in it.
 */
describe('the self-care plan in two windows: a save based on an old version is refused kindly and nothing is lost', () => {
  const therapist = { name: 'Sam Okafor', email: 'sam@example.com', password: 'harbour-cedar-window-62' };
  let windows: TwoWindows;
  let tab: Tab;
  let first: Page;
  let second: Page;
  let problems: string[];

  beforeAll(async () => {
    windows = await oneTherapistTwoWindows(therapist);
    ({ tab, first, second, problems } = windows);
  });
  afterAll(async () => {
    await windows?.close();
  });

  const openNeeds = async (page: Page) => {
    await page.goto('/reflection/needs');
    await expectHeading(page, N.title);
    await page.getByRole('textbox', { name: N.need.caretaking }).waitFor();
  };
  const need = (page: Page, n: keyof typeof N.need) => page.getByRole('textbox', { name: N.need[n] });
  const savePlan = (page: Page) => page.getByRole('button', { name: S.common.save, exact: true }).click();

  it('the second window to save is told kindly, keeps its words (and copies them), loads the latest and saves', async () => {
    // Both windows open the plan while it has never been saved.
    await openNeeds(first);
    await openNeeds(second);

    const mine = 'Sunday calls with my sister';
    await need(first, 'caretaking').fill(mine);
    await savePlan(first);
    await first.getByText(N.planSaved).waitFor();

    // The second window, still showing the empty plan, saves its own words: refused, kindly.
    const theirs = 'A walk by the water after the last client';
    const boundaries = 'Monthly supervision with R.';
    await need(second, 'caretaking').fill(theirs);
    await need(second, 'boundaries').fill(boundaries);
    await savePlan(second);
    const notice = second.getByRole('alert').filter({ hasText: E.title });
    await notice.getByText(E.selfCare).waitFor();
    await notice.getByText(E.next).waitFor();
    expect(await need(second, 'caretaking').inputValue()).toBe(theirs);
    expect(await need(second, 'boundaries').inputValue()).toBe(boundaries);
    await expectAccessible(second, 'self-care plan, saved in another window');
    await second.screenshot({ path: '/tmp/attune-en-self-care-saved-elsewhere.png', fullPage: true });

    // They can copy their own words.
    await notice.getByRole('button', { name: E.copy }).click();
    await notice.getByRole('button', { name: E.copied }).waitFor();
    const copied = await second.evaluate<string>('navigator.clipboard.readText()');
    expect(copied).toContain(theirs);
    expect(copied).toContain(boundaries);

    // Loading the latest shows what the first window saved beside their words, which stay.
    await notice.getByRole('button', { name: E.loadLatest }).click();
    await second.getByText(E.loaded).waitFor();
    await second.getByText(E.savedValue.replace('{{value}}', mine)).waitFor();
    expect(await need(second, 'caretaking').inputValue()).toBe(theirs);
    // They keep both: their words and the first window's, then save on the latest version.
    await need(second, 'caretaking').fill(`${mine}; ${theirs}`);
    await savePlan(second);
    await second.getByText(N.planSaved).waitFor();
    expect(await second.getByRole('alert').filter({ hasText: E.title }).count()).toBe(0);

    // The first window is now the one behind: its next save is refused and its words stay.
    await need(first, 'approval').fill('Notice when I fish for thanks');
    await savePlan(first);
    await first.getByRole('alert').filter({ hasText: E.title }).getByText(E.selfCare).waitFor();
    expect(await need(first, 'approval').inputValue()).toBe('Notice when I fish for thanks');

    // What the server keeps is the second window's save, never silently overwritten.
    const stored = await apiJson<{ plan: Record<string, string> }>(await tab.context.request.get('/api/reflection/self-care-plan'));
    expect(stored.plan).toMatchObject({ caretaking: `${mine}; ${theirs}`, boundaries, approval: '' });
    expect(tab.problems).toEqual([]);
    expect(problems).toEqual([]);
  });
});
