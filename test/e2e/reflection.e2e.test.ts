import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, openTab, type Tab } from './support/browser.js';
import { apiJson, clinicToday, createPatientViaApi, joinClinic, myUserId, prepareCalendar } from './support/clinical.js';
import { chooseLanguage, expectHeading, expectPath, field, owner, signIn, signOut } from './support/journeys.js';
import { type RunningServer, startServer } from './support/server.js';
import { fill, stringsFor } from './support/strings.js';

const S = stringsFor('en');
const FR = stringsFor('fr');
const R = S.reflection;

/** An instant for a wall time in Toronto on a clinic date (EST/EDT worked out by trying both offsets). */
function torontoInstant(date: string, time: string): string {
  for (const offset of ['-05:00', '-04:00']) {
    const d = new Date(`${date}T${time}:00${offset}`);
    const wall = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'America/Toronto',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(d);
    if (wall === time) return d.toISOString();
  }
  return new Date(`${date}T${time}:00-05:00`).toISOString();
}

const daysBefore = (date: string, n: number) => new Date(Date.parse(`${date}T12:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

describe('the private room: presence, my practice and the encrypted journal', () => {
  const o = owner('en');
  const therapist = { name: 'Sam Rivera', email: 'sam@example.com', password: 'gentle-cedar-morning-27' };
  const patient = { legalFirstName: 'Marguerite', legalLastName: 'Okonkwo', dateOfBirth: '1980-04-02' };
  const passphrase = 'willow-lantern-quiet-river';
  const secretWords = 'lavender thunderstorm hesitation';
  const intention = 'Listen with my hands';
  let server: RunningServer;
  let browser: Browser;
  let ownerTab: Tab;
  let tab: Tab;
  /** Today's evening session: once it has begun (a run after 20:00 in Toronto) it counts among the recent sessions. */
  let eveningSessionAt = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    ownerTab = await openTab(browser, server.url);
    await ownerTab.page.goto('/sign-in');
    // The owner runs the practice and does not treat.
    const setup = await ownerTab.context.request.post('/api/setup', { data: { ...o, treats: false } });
    expect(setup.status(), await setup.text()).toBe(200);
    tab = await joinClinic(browser, server.url, ownerTab.context.request, therapist);
    const therapistId = await myUserId(tab.context.request);
    const typeId = await prepareCalendar(ownerTab.context.request, therapistId, '60 min massage');
    const patientId = await createPatientViaApi(tab.context.request, patient);
    const today = clinicToday();
    const book = async (date: string, time: string) =>
      apiJson<{ id: string }>(
        await tab.context.request.post('/api/scheduling/appointments', {
          data: { patientId, appointmentTypeId: typeId, startsAt: torontoInstant(date, time), allowOutsideHours: true },
        }),
      );
    // Three late evenings with the same client, each running 25 minutes over: a boundary signal.
    for (const n of [3, 2, 1]) {
      const a = await book(daysBefore(today, n), '21:30');
      await apiJson(await tab.context.request.post(`/api/scheduling/appointments/${a.id}/arrived`, { data: {} }));
      await apiJson(
        await tab.context.request.post(`/api/scheduling/appointments/${a.id}/complete`, {
          data: { actualEndAt: torontoInstant(daysBefore(today, n), '22:55') },
        }),
      );
    }
    eveningSessionAt = torontoInstant(today, '20:00');
    await book(today, '20:00');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('checks in before a session; low presence brings gentle refocusing questions, in English and French', async () => {
    const { page } = tab;
    await page.goto('/today');
    await expectHeading(page, S.today.title);
    await page.getByRole('button', { name: fill(R.checkInFor, { name: 'Marguerite Okonkwo' }) }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByText(R.dialogIntro).waitFor();
    await dialog.getByRole('slider', { name: R.presence }).fill('2');
    await dialog.getByRole('slider', { name: R.attention }).fill('4');
    await dialog.getByText(R.pull.rushed, { exact: true }).click();
    await field(page, R.intention).fill(intention);
    await expectAccessible(page, 'check-in dialog');
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.screenshot({ path: '/tmp/attune-en-check-in-tablet.png' });
    await page.setViewportSize({ width: 1280, height: 900 });
    await dialog.getByRole('button', { name: R.save }).click();
    await dialog.getByRole('heading', { name: R.refocusTitle }).waitFor();
    await dialog.getByText(R.refocusQuestions.q1).waitFor();
    await dialog.getByText(R.practices.breaths.title).waitFor();
    await expectAccessible(page, 'check-in dialog, refocusing');
    await page.screenshot({ path: '/tmp/attune-en-check-in-refocus.png' });
    await dialog.getByRole('button', { name: R.done }).click();
    await dialog.waitFor({ state: 'detached' });

    // Skipping is one tap and saves nothing.
    await page.getByRole('button', { name: R.checkInDay }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: R.skip }).click();
    await dialog.waitFor({ state: 'detached' });

    // The same, in French, for the day.
    await chooseLanguage(page, 'fr');
    await page.getByRole('button', { name: FR.reflection.checkInDay }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByText(FR.reflection.dialogIntro).waitFor();
    await dialog.getByRole('slider', { name: FR.reflection.presence }).fill('3');
    await dialog.getByText(FR.reflection.pull.tired, { exact: true }).click();
    await expectAccessible(page, 'check-in dialog, French');
    await dialog.getByRole('button', { name: FR.reflection.save, exact: true }).click();
    await dialog.getByRole('heading', { name: FR.reflection.refocusTitle }).waitFor();
    await dialog.getByText(FR.reflection.refocusQuestions.q1).waitFor();
    await expectAccessible(page, 'check-in dialog, refocusing, French');
    await dialog.getByRole('button', { name: FR.reflection.done }).click();
    await chooseLanguage(page, 'en');

    const recent = await apiJson<{ checkIns: { presence: number; intention: string | null }[] }>(
      await tab.context.request.get('/api/reflection/check-ins'),
    );
    expect(recent.checkIns.map((c) => c.presence).sort()).toEqual([2, 3]);
    expect(tab.problems).toEqual([]);
  });

  it('shows my practice: recent check-ins, the trend and a boundary invitation that can be dismissed', async () => {
    const { page } = tab;
    await page.getByRole('navigation').getByRole('link', { name: R.nav, exact: true }).click();
    await expectPath(page, '/reflection');
    await expectHeading(page, R.practice.title);
    await page.getByRole('cell', { name: intention }).waitFor();
    await page.getByRole('img', { name: fill(R.practice.trendChart, { by: R.practice.by.day.toLowerCase() }) }).waitFor();
    await page.getByLabel(R.practice.trendBy).selectOption('weekday');
    await page.getByRole('img', { name: fill(R.practice.trendChart, { by: R.practice.by.weekday.toLowerCase() }) }).waitFor();
    const dismiss = page.getByRole('button', { name: fill(R.practice.dismissFor, { name: 'Marguerite Okonkwo' }) }).first();
    await dismiss.waitFor();
    const window = Date.now() >= Date.parse(eveningSessionAt) ? '4' : '3'; // 20:00 is within the usual hours
    await page.getByText(fill(R.practice.signal.outside_hours, { name: 'Marguerite Okonkwo', count: '3', window })).waitFor();
    await expectAccessible(page, 'my practice');
    await page.screenshot({ path: '/tmp/attune-en-my-practice.png', fullPage: true });
    await dismiss.click();
    await page.getByText(R.practice.dismissed).waitFor();
    expect(tab.problems).toEqual([]);
  });

  it('keeps an end-to-end encrypted journal: set up, write, sign out, unlock, read; the database holds none of the words', async () => {
    const { page } = tab;
    await page.getByRole('link', { name: R.practice.journalLink }).click();
    await expectHeading(page, R.journal.title);
    await page.getByText(R.journal.warning).waitFor();
    await expectAccessible(page, 'journal set-up');
    await page.screenshot({ path: '/tmp/attune-en-journal-setup.png', fullPage: true });
    await page.getByLabel(R.journal.passphrase, { exact: true }).fill(passphrase);
    await page.getByLabel(R.journal.passphraseAgain, { exact: true }).fill(passphrase);
    await page.getByRole('button', { name: R.journal.setUp }).click();
    await page.getByRole('heading', { name: R.journal.recoveryTitle }).waitFor();
    const recoveryKey = ((await page.getByTestId('recovery-key').textContent()) ?? '').trim();
    expect(recoveryKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const continueButton = page.getByRole('button', { name: R.journal.continue });
    expect(await continueButton.isDisabled()).toBe(true);
    await expectAccessible(page, 'journal recovery key');
    await page.getByLabel(R.journal.acknowledge).check();
    await continueButton.click();

    // A reflection naming the client is caught before it is saved; the therapist edits it.
    await page.getByRole('heading', { name: R.journal.newTitle }).waitFor();
    await field(page, R.journal.entryTitle).fill('A heavy afternoon');
    await page.getByRole('textbox', { name: R.journal.text }).fill(`Marguerite's session: ${secretWords}.`);
    await page.getByRole('button', { name: R.journal.saveEntry }).click();
    await page.getByRole('alert').filter({ hasText: R.journal.identifiersTitle }).waitFor();
    await expectAccessible(page, 'journal, identifier warning');
    await page.getByRole('button', { name: R.journal.edit }).click();
    await page.getByRole('textbox', { name: R.journal.text }).fill(`My last session: ${secretWords}.`);
    await page.getByRole('button', { name: R.journal.saveEntry }).click();
    await page.getByText(R.journal.saved).waitFor();
    await page.getByRole('article').filter({ hasText: secretWords }).waitFor();

    // A guided Gibbs reflection too.
    await page.getByRole('radio', { name: R.journal.kindGibbs }).check();
    await page.getByRole('textbox', { name: R.journal.gibbs.description.label }).fill('I rushed the intake questions');
    await page.getByRole('textbox', { name: R.journal.gibbs.action.label }).fill('Arrive five minutes early');
    await page.getByRole('button', { name: R.journal.saveEntry }).click();
    await page.getByRole('article').filter({ hasText: 'Arrive five minutes early' }).waitFor();
    await expectAccessible(page, 'journal, unlocked');
    await page.screenshot({ path: '/tmp/attune-en-journal.png', fullPage: true });

    await signOut(page, S);
    await signIn(page, S, therapist.email, therapist.password);
    await expectPath(page, '/');
    await page.goto('/reflection/journal');
    await page.getByRole('heading', { name: R.journal.unlockTitle }).waitFor();
    await expectAccessible(page, 'journal, locked');
    await page.getByLabel(R.journal.passphrase, { exact: true }).fill('not-the-right-passphrase');
    await page.getByRole('button', { name: R.journal.unlock }).click();
    await page.getByText(R.journal.wrongPassphrase).waitFor();
    await page.getByLabel(R.journal.passphrase, { exact: true }).fill(passphrase);
    await page.getByRole('button', { name: R.journal.unlock }).click();
    await page.getByRole('article').filter({ hasText: secretWords }).waitFor();
    await page.getByRole('heading', { name: 'A heavy afternoon' }).waitFor();
    await page.getByRole('article').filter({ hasText: 'I rushed the intake questions' }).waitFor();

    // The server's own files: none of the words, in any form SQLite could keep them.
    await new Promise((r) => setTimeout(r, 1500));
    const bytes = ['attune.sqlite', 'attune.sqlite-wal']
      .map((f) => path.join(server.dataDir, f))
      .filter((f) => fs.existsSync(f))
      .map((f) => fs.readFileSync(f));
    expect(bytes.length).toBeGreaterThan(0);
    // A control: the check-in's intention is not journal text and is stored as written, so the search can find words.
    expect(bytes.some((b) => b.includes(Buffer.from(intention, 'utf8')))).toBe(true);
    for (const word of ['lavender', 'thunderstorm', 'hesitation', 'heavy afternoon', 'rushed the intake', 'five minutes early']) {
      const hits = bytes.filter((b) => b.includes(Buffer.from(word, 'utf8')) || b.includes(Buffer.from(word, 'utf16le'))).length;
      expect(hits, word).toBe(0);
    }

    // Deleting asks once, then the reflection is gone.
    const gibbsEntry = page.getByRole('article').filter({ hasText: 'I rushed the intake questions' });
    await gibbsEntry.getByRole('button', { name: `${R.journal.delete}: ${R.journal.untitled}` }).click();
    await gibbsEntry.getByText(R.journal.deleteConfirm).waitFor();
    await gibbsEntry.getByRole('button', { name: S.common.yes }).click();
    await gibbsEntry.waitFor({ state: 'detached' });
    await page.getByRole('article').filter({ hasText: secretWords }).waitFor();

    // Export happens in the browser, from the decrypted text.
    await page.getByText(R.journal.exportHint).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: R.journal.export }).click()]);
    expect(download.suggestedFilename()).toBe('attune-journal.txt');
    expect(fs.readFileSync(await download.path(), 'utf8')).toContain(secretWords);
    expect(tab.problems).toEqual([]);
  });

  it('takes a needs-awareness reflection and keeps a self-care plan', async () => {
    const { page } = tab;
    const N = R.needs;
    await page.goto('/reflection');
    await page.getByRole('link', { name: N.link }).click();
    await expectHeading(page, N.title);
    await page.getByRole('radiogroup', { name: N.items.boundaries[1] }).getByRole('radio', { name: N.scale[4] }).check();
    await page.getByRole('radiogroup', { name: N.items.caretaking[1] }).getByRole('radio', { name: N.scale[0] }).check();
    await page.getByRole('checkbox', { name: N.planReviewed }).check();
    await page.getByRole('button', { name: N.submit }).click();
    await page.getByText(N.reading.boundaries[2]).waitFor();
    await page.getByText(N.reading.caretaking[0]).waitFor();
    await page.getByRole('region', { name: N.historyTitle }).getByRole('cell', { name: '100 / 100' }).waitFor();
    await page
      .getByRole('textbox', { name: N.need.boundaries })
      .fill('A walk after my last client; saying “let me check my calendar” before yes.');
    await page.getByRole('button', { name: S.common.save }).click();
    await page.getByText(N.planSaved).waitFor();
    await expectAccessible(page, 'needs awareness');
    expect(tab.problems).toEqual([]);
  });

  it('keeps all of it from the owner: no menu entry, and the pages show nothing of the therapist’s', async () => {
    const { page } = ownerTab;
    await page.goto('/');
    await page.getByRole('navigation').getByRole('link', { name: S.nav.profile, exact: true }).waitFor();
    expect(await page.getByRole('navigation').getByRole('link', { name: R.nav, exact: true }).count()).toBe(0);
    await page.goto('/reflection');
    await expectHeading(page, R.practice.title);
    await page.getByText(R.practice.notTreating).waitFor();
    await expectAccessible(page, 'my practice, owner');
    await page.goto('/reflection/journal');
    await expectHeading(page, R.journal.title);
    await page.getByText(R.journal.notTreating).waitFor();
    await expectAccessible(page, 'journal, owner');
    await page.goto('/reflection/needs');
    await expectHeading(page, R.needs.title);
    await page.getByText(R.practice.notTreating).waitFor();
    for (const text of [intention, secretWords, 'Marguerite']) expect(await page.getByText(text).count(), text).toBe(0);
    // The API answers only about the signed-in person: nothing of the therapist's.
    for (const url of [
      '/api/reflection/check-ins',
      '/api/reflection/journal/entries',
      '/api/reflection/signals',
      '/api/reflection/needs/assessments',
      '/api/reflection/self-care-plan',
    ]) {
      const res = await page.request.get(url);
      const body = await res.text();
      if (res.status() === 200) {
        for (const text of [intention, 'Marguerite', 'A walk after my last client']) expect(body, url).not.toContain(text);
        expect(body, url).not.toMatch(/"(checkIns|entries|signals|assessments)":\[\{/);
      } else {
        expect(res.status(), url).toBe(403);
      }
    }
    const key = await page.request.get('/api/reflection/journal/key');
    if (key.status() === 200) expect(((await key.json()) as { key: unknown }).key).toBeNull();
    else expect(key.status()).toBe(403);
    expect(ownerTab.problems).toEqual([]);
  });
});
