import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, type Tab } from './support/browser.js';

import { expectHeading, field } from './support/journeys.js';
import { stringsFor } from './support/strings.js';
import { oneTherapistTwoWindows, type TwoWindows } from './support/two-windows.js';

const S = stringsFor('en');
const R = S.reflection;
const J = R.journal;
const P = R.plan;
const E = R.savedElsewhere;

/**
 * One therapist, two windows (two pages of one browser profile: the same session). Whatever one
 * window saves, the other never silently overwrites it, and never loses what was typed there.
 */
describe('the private room in two windows: a save based on an old version is refused kindly and nothing is lost', () => {
  const therapist = { name: 'Sam Okafor', email: 'sam@example.com', password: 'harbour-cedar-window-62' };
  const passphrase = 'two-windows-one-quiet-room';
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

  /** The data key lives in each page's memory only, so each window unlocks the journal itself. */
  const unlock = async (page: Page) => {
    await page.goto('/reflection/journal');
    await page.getByLabel(J.passphrase, { exact: true }).fill(passphrase);
    await page.getByRole('button', { name: J.unlock }).click();
    await page.getByRole('heading', { name: J.newTitle }).waitFor();
  };
  const openPlan = async (page: Page) => {
    await page.getByRole('link', { name: J.planLink }).click();
    await expectHeading(page, P.title);
  };
  /** The areas shown on a reflection (not the picker's checkbox labels). */
  const areasOf = (entry: Locator) => entry.getByRole('list', { name: J.tagsExported });

  it('the learning plan: the second window to save is told kindly, keeps its text, loads the latest and saves both goals', async () => {
    await first.goto('/reflection/journal');
    await first.getByLabel(J.passphrase, { exact: true }).fill(passphrase);
    await first.getByLabel(J.passphraseAgain, { exact: true }).fill(passphrase);
    await first.getByRole('button', { name: J.setUp }).click();
    await first.getByLabel(J.acknowledge).check();
    await first.getByRole('button', { name: J.continue }).click();
    await first.getByRole('heading', { name: J.newTitle }).waitFor();
    await unlock(second);

    // Both windows open the plan while there is none yet.
    await openPlan(first);
    await openPlan(second);
    await first.getByText(P.noGoals).waitFor();
    await second.getByText(P.noGoals).waitFor();

    const mine = 'Take a real lunch break on Thursdays';
    const theirs = 'Say no to extra late bookings';
    const activities = 'Block 12:30 in the calendar; a sentence ready for the front desk.';
    await first.getByRole('textbox', { name: P.goal }).fill(mine);
    await first.getByRole('button', { name: P.save }).click();
    await first.getByRole('article').filter({ hasText: mine }).waitFor();

    // The second window, still showing the plan as it was, saves its own goal: refused, kindly.
    await second.getByLabel(P.competency, { exact: true }).selectOption('boundaries');
    await second.getByRole('textbox', { name: P.goal }).fill(theirs);
    await second.getByRole('textbox', { name: P.activities }).fill(activities);
    await second.getByRole('button', { name: P.save }).click();
    const notice = second.getByRole('alert').filter({ hasText: E.title });
    await notice.getByText(E.plan).waitFor();
    await notice.getByText(E.next).waitFor();
    // Their words are all still on screen; nothing of the first window's plan was overwritten.
    expect(await second.getByRole('textbox', { name: P.goal }).inputValue()).toBe(theirs);
    expect(await second.getByRole('textbox', { name: P.activities }).inputValue()).toBe(activities);
    expect(await second.getByLabel(P.competency, { exact: true }).inputValue()).toBe('boundaries');
    expect(await second.getByRole('article').count()).toBe(0);
    await expectAccessible(second, 'learning plan, saved in another window');
    await second.screenshot({ path: '/tmp/attune-en-plan-saved-elsewhere.png', fullPage: true });

    // They can copy their own text.
    await notice.getByRole('button', { name: E.copy }).click();
    await notice.getByRole('button', { name: E.copied }).waitFor();
    const copied = await second.evaluate<string>('navigator.clipboard.readText()');
    expect(copied).toContain(theirs);
    expect(copied).toContain(activities);

    // Loading the latest shows the first window's goal; the draft stays; saving now keeps both.
    await notice.getByRole('button', { name: E.loadLatest }).click();
    await second.getByRole('article').filter({ hasText: mine }).waitFor();
    await second.getByText(E.loaded).waitFor();
    expect(await second.getByRole('textbox', { name: P.goal }).inputValue()).toBe(theirs);
    await second.getByRole('button', { name: P.save }).click();
    await second.getByRole('article').filter({ hasText: theirs }).waitFor();
    await second.getByText(P.saved).waitFor();
    expect(await second.getByRole('article').count()).toBe(2);

    // The first window is now the one behind: changing its goal is refused, and its edit stays open.
    await first.getByRole('button', { name: P.editFor.replace('{{goal}}', mine) }).click();
    const changed = 'Take a real lunch break on Tuesdays and Thursdays';
    await first.getByRole('textbox', { name: P.goal }).first().fill(changed);
    await first.getByRole('button', { name: P.save }).first().click();
    await first.getByRole('alert').filter({ hasText: E.title }).getByText(E.plan).waitFor();
    expect(await first.getByRole('textbox', { name: P.goal }).first().inputValue()).toBe(changed);
    await first.getByRole('button', { name: E.loadLatest }).click();
    await first.getByRole('article').filter({ hasText: theirs }).waitFor();
    await first.getByRole('button', { name: P.save }).first().click();
    await first.getByRole('article').filter({ hasText: changed }).waitFor();
    await first.getByRole('article').filter({ hasText: theirs }).waitFor();

    // What the server keeps is both windows' work, saved once each, never overwritten.
    await second.getByRole('link', { name: P.journalLink }).click();
    await openPlan(second);
    await second.getByRole('article').filter({ hasText: changed }).waitFor();
    await second.getByRole('article').filter({ hasText: theirs }).waitFor();
    expect(tab.problems).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('a written reflection can be given other QA areas later; a window that is behind keeps its choice and is told why', async () => {
    await first.getByRole('link', { name: P.journalLink }).click();
    await expectHeading(first, J.title);
    const title = 'After the long Friday';
    await field(first, J.entryTitle).fill(title);
    await first.getByRole('textbox', { name: J.text }).fill('I noticed how tired I was by the last session.');
    await first.getByRole('checkbox', { name: R.competency.boundaries }).check();
    await first.getByRole('button', { name: J.saveEntry }).click();
    const entry = first.getByRole('article').filter({ hasText: title });
    await areasOf(entry).getByText(R.competency.boundaries, { exact: true }).waitFor();

    await second.getByRole('link', { name: P.journalLink }).click();
    const behind = second.getByRole('article').filter({ hasText: title });
    await behind.waitFor();

    // The first window adds an area: saved, shown, and the filter finds it by it.
    await entry.getByRole('button', { name: J.retagFor.replace('{{title}}', title) }).click();
    await entry.getByRole('checkbox', { name: R.competency.self_care }).check();
    await expectAccessible(first, 'journal, changing the areas of a reflection');
    await entry.getByRole('button', { name: J.retagSave }).click();
    await entry.getByText(J.retagged).waitFor();
    await areasOf(entry).getByText(R.competency.self_care, { exact: true }).waitFor();
    await first.getByLabel(J.filter).selectOption('self_care');
    await entry.waitFor();
    await first.getByLabel(J.filter).selectOption('');

    // The second window, still on the old version, chooses differently: refused, its choice kept.
    await behind.getByRole('button', { name: J.retagFor.replace('{{title}}', title) }).click();
    await behind.getByRole('checkbox', { name: R.competency.record_keeping }).check();
    await behind.getByRole('button', { name: J.retagSave }).click();
    await behind.getByRole('alert').filter({ hasText: E.title }).getByText(E.entry).waitFor();
    expect(await behind.getByRole('checkbox', { name: R.competency.record_keeping }).isChecked()).toBe(true);
    await behind.getByRole('button', { name: E.loadLatest }).click();
    await areasOf(behind).getByText(R.competency.self_care, { exact: true }).waitFor(); // the latest areas, above the form
    await behind.getByText(E.loaded).waitFor();
    expect(await behind.getByRole('checkbox', { name: R.competency.record_keeping }).isChecked()).toBe(true);
    await behind.getByRole('checkbox', { name: R.competency.self_care }).check();
    await behind.getByRole('button', { name: J.retagSave }).click();
    await behind.getByText(J.retagged).waitFor();
    for (const area of ['boundaries', 'self_care', 'record_keeping'] as const)
      await areasOf(behind).getByText(R.competency[area], { exact: true }).waitFor();

    // The areas stay sealed: the server's answer names none of them.
    const listed = await (await tab.context.request.get('/api/reflection/journal/entries')).text();
    for (const word of ['boundaries', 'self_care', 'record_keeping', title]) expect(listed).not.toContain(word);
    expect(tab.problems).toEqual([]);
    expect(problems).toEqual([]);
  });
});
