import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, openTab, type Tab } from './support/browser.js';
import { createPatientViaApi, joinClinic } from './support/clinical.js';
import { chooseLanguage, expectHeading, expectPath, field, owner } from './support/journeys.js';
import { type RunningServer, startServer } from './support/server.js';
import { fill, stringsFor } from './support/strings.js';

const S = stringsFor('en');
const FR = stringsFor('fr');
const R = S.reflection;

describe('boundary signals from the gift log lead to a structured reflection', () => {
  const o = owner('en');
  const therapist = { name: 'Noor Haddad', email: 'noor@example.com', password: 'amber-meadow-steady-41' };
  const patient = { legalFirstName: 'Bertrand', legalLastName: 'Oyelaran', dateOfBirth: '1966-10-12' };
  const passphrase = 'harbour-fennel-slow-tide';
  let server: RunningServer;
  let browser: Browser;
  let ownerTab: Tab;
  let tab: Tab;
  let patientId: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    ownerTab = await openTab(browser, server.url);
    await ownerTab.page.goto('/sign-in');
    const setup = await ownerTab.context.request.post('/api/setup', { data: { ...o, treats: false } });
    expect(setup.status(), await setup.text()).toBe(200);
    tab = await joinClinic(browser, server.url, ownerTab.context.request, therapist);
    patientId = await createPatientViaApi(tab.context.request, patient);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const L = S.relationshipLog;
  /** Notes a gift from the client through the chart's relationship log. */
  const logGift = async (description: string) => {
    const { page } = tab;
    await page.goto(`/patients/${patientId}`);
    const region = page.getByRole('region', { name: L.title });
    const form = region.getByRole('form', { name: L.addGift });
    await form.getByRole('textbox', { name: L.description }).fill(description);
    await form.getByRole('textbox', { name: L.value }).fill('15');
    await form.getByRole('button', { name: L.addGift }).click();
    await region.getByRole('article').filter({ hasText: description }).waitFor();
  };

  it('shows an invitation after a second gift and opens a Gibbs reflection that names no one; saving it marks the invitation', async () => {
    const { page } = tab;
    const name = 'Bertrand Oyelaran';
    const message = fill(R.practice.signal.repeated_gifts, { name, count: '2', window: '90' });
    // A contact noted by mistake, then marked as entered in error: it stays on file and invites nothing.
    await page.goto(`/patients/${patientId}`);
    const region = page.getByRole('region', { name: L.title });
    const contactForm = region.getByRole('form', { name: L.addContact });
    await contactForm.getByLabel(L.channel).selectOption('social_media');
    await contactForm.getByRole('button', { name: L.addContact }).click();
    const contact = region.getByRole('article').filter({ hasText: L.channels.social_media });
    await contact.getByRole('button').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: L.markReason }).fill('Noted on the wrong client');
    await dialog.getByRole('button', { name: L.markSubmit }).click();
    await contact.getByText(fill(L.enteredInError, { reason: 'Noted on the wrong client' })).waitFor();

    await logGift('A jar of honey');
    await expectAccessible(page, 'chart, relationship log');
    await page.screenshot({ path: '/tmp/attune-en-relationship-log.png', fullPage: true });
    await page.goto('/reflection');
    await expectHeading(page, R.practice.title);
    await page.getByText(R.practice.noSignals).waitFor();

    await logGift('Theatre tickets');
    await page.goto('/reflection');
    await page.getByText(message).waitFor();
    await expectAccessible(page, 'my practice, gift invitation');
    await page.getByRole('link', { name: fill(R.practice.reflectFor, { name }) }).click();
    await expectPath(page, '/reflection/journal');
    expect(new URL(page.url()).searchParams.get('reflect')).toBe('repeated_gifts');

    // First time in the journal: set it up; the invitation's prompt is still there afterwards.
    await page.getByLabel(R.journal.passphrase, { exact: true }).fill(passphrase);
    await page.getByLabel(R.journal.passphraseAgain, { exact: true }).fill(passphrase);
    await page.getByRole('button', { name: R.journal.setUp }).click();
    await page.getByLabel(R.journal.acknowledge).check();
    await page.getByRole('button', { name: R.journal.continue }).click();

    await page.getByRole('heading', { name: R.journal.newTitle }).waitFor();
    await page.getByText(R.practice.prompt.repeated_gifts.text).waitFor();
    expect(await page.getByRole('radio', { name: R.journal.kindGibbs }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: R.competency.boundaries }).isChecked()).toBe(true);
    const title = await field(page, R.journal.entryTitle).inputValue();
    expect(title).toBe(R.practice.prompt.repeated_gifts.title);
    const formText = (await page.locator('main').textContent()) ?? '';
    expect(formText).not.toContain('Bertrand');
    expect(formText).not.toContain('Oyelaran');
    await expectAccessible(page, 'journal, reflection from a signal');
    await page.screenshot({ path: '/tmp/attune-en-reflect-from-signal.png', fullPage: true });

    await page.getByRole('textbox', { name: R.journal.gibbs.description.label }).fill('Two gifts in a week; I felt flattered and uneasy');
    await page.getByRole('textbox', { name: R.journal.gibbs.action.label }).fill('Thank them warmly and explain the clinic’s gift policy');
    await page.getByRole('button', { name: R.journal.saveEntry }).click();
    await page.getByText(R.journal.saved).waitFor();
    await page.getByRole('article').filter({ hasText: 'explain the clinic’s gift policy' }).waitFor();
    await expect.poll(() => new URL(page.url()).search).toBe('');

    await page.goto('/reflection');
    const card = page.getByRole('article', { name });
    await card.getByText(message).waitFor();
    await card.getByText(/You reflected on this on /).waitFor();
    await expectAccessible(page, 'my practice, reflected on');
    // The same invitation, worded in French.
    await chooseLanguage(page, 'fr');
    await page.getByText(fill(FR.reflection.practice.signal.repeated_gifts, { name, count: '2', window: '90' })).waitFor();
    await page.getByRole('link', { name: fill(FR.reflection.practice.reflectFor, { name }) }).waitFor();
    await page.getByText(/Vous y avez réfléchi le /).waitFor();
    await chooseLanguage(page, 'en');
    expect(tab.problems).toEqual([]);
  });

  it('keeps the gift log and the invitation from the owner', async () => {
    const log = await ownerTab.context.request.get(`/api/patients/${patientId}/relationship-log`);
    expect([403, 404]).toContain(log.status());
    expect(await log.text()).not.toContain('honey');
    const signals = await ownerTab.context.request.get('/api/reflection/signals');
    expect(await signals.text()).not.toContain('Oyelaran');
  });
});
