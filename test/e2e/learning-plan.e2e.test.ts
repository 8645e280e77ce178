import fs from 'node:fs';
import path from 'node:path';
import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream, type PDFRef } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, openTab, type Tab } from './support/browser.js';
import { joinClinic } from './support/clinical.js';
import { chooseLanguage, expectHeading, field, owner } from './support/journeys.js';
import { type RunningServer, startServer } from './support/server.js';
import { fill, stringsFor } from './support/strings.js';

const S = stringsFor('en');
const FR = stringsFor('fr');
const R = S.reflection;
const J = R.journal;
const P = R.plan;

/** The strings drawn on the PDF's pages (hex strings shown with Tj, as pdf-lib writes them), Latin-1 only. */
function drawnText(pdf: PDFDocument): string {
  let text = '';
  for (const page of pdf.getPages()) {
    const contents = page.node.Contents();
    const refs = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
    for (const ref of refs) {
      const stream = pdf.context.lookup(ref as PDFRef);
      if (!(stream instanceof PDFRawStream)) continue;
      const ops = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
      for (const m of ops.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) text += `${Buffer.from(m[1] ?? '', 'hex').toString('latin1')}\n`;
    }
  }
  return text;
}

describe('the private room: QA competency tags, the learning plan and its PDF, a new passphrase', () => {
  const o = owner('en');
  const therapist = { name: 'Robin Tremblay', email: 'robin@example.com', password: 'amber-harbour-evening-41' };
  const passphrase = 'copper-kettle-winter-field';
  const newPassphrase = 'maple-lantern-second-spring';
  const goalText = 'End every session on time, including with clients I warm to';
  let server: RunningServer;
  let browser: Browser;
  let tab: Tab;
  let ownerTab: Tab;
  let recoveryKey = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    ownerTab = await openTab(browser, server.url);
    const setup = await ownerTab.context.request.post('/api/setup', { data: { ...o, treats: false } });
    expect(setup.status(), await setup.text()).toBe(200);
    tab = await joinClinic(browser, server.url, ownerTab.context.request, therapist);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const write = async (title: string, text: string, tag: string) => {
    const { page } = tab;
    await field(page, J.entryTitle).fill(title);
    await page.getByRole('textbox', { name: J.text }).fill(text);
    await page.getByRole('checkbox', { name: tag }).check();
    await page.getByRole('button', { name: J.saveEntry }).click();
    await page.getByRole('article').filter({ hasText: text }).waitFor();
  };

  it('tags reflections with QA competencies and filters them in the browser; the tags never reach the server', async () => {
    const { page } = tab;
    // The plan is sealed with the journal's key, so it asks for the journal first.
    await page.goto('/reflection/learning-plan');
    await page.getByText(P.noJournal).waitFor();
    await page.getByRole('link', { name: P.noJournalLink }).click();
    await expectHeading(page, J.title);
    await page.getByLabel(J.passphrase, { exact: true }).fill(passphrase);
    await page.getByLabel(J.passphraseAgain, { exact: true }).fill(passphrase);
    await page.getByRole('button', { name: J.setUp }).click();
    recoveryKey = ((await page.getByTestId('recovery-key').textContent()) ?? '').trim();
    await page.getByLabel(J.acknowledge).check();
    await page.getByRole('button', { name: J.continue }).click();
    await page.getByRole('heading', { name: J.newTitle }).waitFor();
    await page.getByRole('group', { name: J.tags }).waitFor();
    await expectAccessible(page, 'journal with competency tags');

    await write('Running over again', 'I kept the session going past the hour, wanting to be liked.', R.competency.boundaries);
    await write('Tired on Thursday', 'Four clients in a row and no lunch break.', R.competency.self_care);
    const running = page.getByRole('article').filter({ hasText: 'Running over again' });
    await running.getByText(R.competency.boundaries, { exact: true }).waitFor();

    const filter = page.getByLabel(J.filter);
    await filter.selectOption('boundaries');
    await page.getByRole('article').filter({ hasText: 'Tired on Thursday' }).waitFor({ state: 'detached' });
    await running.waitFor();
    await filter.selectOption('ethics');
    await page.getByText(J.noneTagged).waitFor();
    expect(await page.getByRole('article').count()).toBe(0);
    await filter.selectOption('');
    expect(await page.getByRole('article').count()).toBe(2);
    // The plain-text export (decrypted here) names each reflection's competencies.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: J.export }).click()]);
    expect(fs.readFileSync(await download.path(), 'utf8')).toContain(`${J.tagsExported}: ${R.competency.boundaries}`);

    // What left the browser: ciphertext only. No tag name, no title, in any journal response.
    const listed = await (await tab.context.request.get('/api/reflection/journal/entries')).text();
    for (const word of ['boundaries', 'self_care', 'Running over', 'Tired']) expect(listed).not.toContain(word);
    expect(tab.problems).toEqual([]);
  });

  it('keeps a learning plan with goals linked to tagged reflections, and downloads the PDF the therapist chose', async () => {
    const { page } = tab;
    await page.getByRole('link', { name: J.planLink }).click();
    await expectHeading(page, P.title);
    await page.getByText(P.noGoals).waitFor();
    // Bad input: a goal needs words; nothing is saved.
    await page.getByRole('button', { name: P.save }).click();
    await page.getByText(P.goalRequired).waitFor();
    await page.getByLabel(P.competency, { exact: true }).selectOption('boundaries');
    await page.getByRole('textbox', { name: P.goal }).fill(goalText);
    await page.getByRole('textbox', { name: P.activities }).fill('A quiet timer; a closing sentence I practise.');
    await page.getByLabel(P.targetDate, { exact: true }).fill('2027-03-01');
    await page.getByLabel(P.status, { exact: true }).selectOption('in_progress');
    await page.getByRole('button', { name: P.save }).click();
    const goal = page.getByRole('article').filter({ hasText: goalText });
    await goal.waitFor();
    await goal.getByText(fill(P.linked, { area: R.competency.boundaries })).waitFor();
    await goal.getByText(/Running over again/).waitFor();
    expect(await goal.getByText(/Tired on Thursday/).count()).toBe(0);
    await expectAccessible(page, 'learning plan');
    await page.screenshot({ path: '/tmp/attune-en-learning-plan.png', fullPage: true });

    // The plan on the server is one sealed payload.
    const stored = await (await tab.context.request.get('/api/reflection/learning-plan')).text();
    for (const word of ['clients I warm to', 'boundaries', 'quiet timer']) expect(stored).not.toContain(word);

    // The PDF: the chosen goal, its reflection with full text.
    await page.getByRole('radio', { name: P.textFull }).check();
    await page.getByRole('checkbox', { name: /Running over again/ }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: P.download }).click()]);
    expect(download.suggestedFilename()).toBe('attune-learning-plan.pdf');
    const bytes = fs.readFileSync(await download.path());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getTitle()).toBe(P.title);
    expect(pdf.getPageCount()).toBeGreaterThanOrEqual(1);
    const drawn = drawnText(pdf);
    for (const expected of [
      goalText,
      'A quiet timer; a closing sentence I practise.',
      'Running over again',
      'wanting to be liked',
      R.competency.boundaries,
    ])
      expect(drawn).toContain(expected);
    expect(drawn).not.toContain('Tired on Thursday');
    fs.copyFileSync(await download.path(), path.join('/tmp', 'attune-learning-plan.pdf'));

    // Leaving the goal out is refused with a plain word, not an empty PDF.
    await page.getByRole('checkbox', { name: new RegExp(goalText) }).uncheck();
    await page.getByRole('button', { name: P.download }).click();
    await page.getByText(P.nothingChosen).waitFor();

    // The same page in French.
    await chooseLanguage(page, 'fr');
    await expectHeading(page, FR.reflection.plan.title);
    await page.getByText(fill(FR.reflection.plan.linked, { area: FR.reflection.competency.boundaries })).waitFor();
    await expectAccessible(page, 'learning plan, French');
    await chooseLanguage(page, 'en');
    expect(tab.problems).toEqual([]);
  });

  it('changes the passphrase: the old one no longer unlocks, the new one does, and every reflection is still there', async () => {
    const { page } = tab;
    await page.getByRole('link', { name: P.journalLink }).click();
    await expectHeading(page, J.title);
    await page.getByRole('button', { name: J.changeOpen }).click();
    await page.getByRole('heading', { name: J.changeTitle }).waitFor();
    await page.getByLabel(J.currentPassphrase, { exact: true }).fill('not the passphrase at all');
    await page.getByLabel(J.newPassphrase, { exact: true }).fill(newPassphrase);
    await page.getByLabel(J.newPassphraseAgain, { exact: true }).fill(newPassphrase);
    await page.getByRole('button', { name: J.change, exact: true }).click();
    await page.getByText(J.wrongPassphrase).waitFor();
    await page.getByLabel(J.currentPassphrase, { exact: true }).fill(passphrase);
    await page.getByRole('button', { name: J.change, exact: true }).click();
    await page.getByText(J.changed).waitFor();
    await expectAccessible(page, 'journal, passphrase changed');

    await page.getByRole('button', { name: J.lock }).click();
    await page.getByRole('heading', { name: J.unlockTitle }).waitFor();
    await page.getByLabel(J.passphrase, { exact: true }).fill(passphrase);
    await page.getByRole('button', { name: J.unlock }).click();
    await page.getByText(J.wrongPassphrase).waitFor();
    await page.getByLabel(J.passphrase, { exact: true }).fill(newPassphrase);
    await page.getByRole('button', { name: J.unlock }).click();
    await page.getByRole('article').filter({ hasText: 'wanting to be liked' }).waitFor();
    await page.getByRole('article').filter({ hasText: 'no lunch break' }).waitFor();

    // Forgotten passphrase: the recovery key (unchanged by the first change) sets another.
    const third = 'birch-window-third-morning';
    await page.getByRole('button', { name: J.changeOpen }).click();
    await page.getByRole('radio', { name: J.withRecovery }).check();
    await page.getByRole('textbox', { name: J.recoveryLabel, exact: true }).fill(recoveryKey);
    await page.getByLabel(J.newPassphrase, { exact: true }).fill(third);
    await page.getByLabel(J.newPassphraseAgain, { exact: true }).fill(third);
    await page.getByRole('button', { name: J.change, exact: true }).click();
    await page.getByText(J.changed).waitFor();
    await page.getByRole('button', { name: J.lock }).click();
    await page.getByLabel(J.passphrase, { exact: true }).fill(third);
    await page.getByRole('button', { name: J.unlock }).click();
    await page.getByRole('article').filter({ hasText: 'wanting to be liked' }).waitFor();

    // The plan opens with the same data key; after a reload the key is gone and the plan is locked.
    await page.getByRole('link', { name: J.planLink }).click();
    await page.getByRole('article').filter({ hasText: goalText }).waitFor();
    await page.reload();
    await page.getByText(P.locked).waitFor();
    expect(await page.getByText(goalText).count()).toBe(0);

    // The server's files hold none of the words, tags or goals.
    await new Promise((r) => setTimeout(r, 1500));
    const bytes = ['attune.sqlite', 'attune.sqlite-wal']
      .map((f) => path.join(server.dataDir, f))
      .filter((f) => fs.existsSync(f))
      .map((f) => fs.readFileSync(f));
    expect(bytes.length).toBeGreaterThan(0);
    for (const word of ['wanting to be liked', 'no lunch break', 'clients I warm to', 'quiet timer', 'Tired on Thursday', 'Running over']) {
      const hits = bytes.filter((b) => b.includes(Buffer.from(word, 'utf8')) || b.includes(Buffer.from(word, 'utf16le'))).length;
      expect(hits, word).toBe(0);
    }
    expect(tab.problems).toEqual([]);
  });

  it('keeps the learning plan from the owner: the page shows nothing, and the API answers only about the owner', async () => {
    const { page } = ownerTab;
    await page.goto('/reflection/learning-plan');
    await expectHeading(page, P.title);
    await page.getByText(P.notTreating).waitFor();
    expect(await page.getByText(goalText).count()).toBe(0);
    await expectAccessible(page, 'learning plan, owner');
    const res = await page.request.get('/api/reflection/learning-plan');
    if (res.status() === 200) expect(await res.json()).toEqual({ plan: null });
    else expect(res.status()).toBe(403);
    expect(ownerTab.problems).toEqual([]);
  });
});
