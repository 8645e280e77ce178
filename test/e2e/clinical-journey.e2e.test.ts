import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, openTab } from './support/browser.js';
import { drawSignature, myUserId, prepareCalendar } from './support/clinical.js';
import { chooseLanguage, expectHeading, expectPath, goTo, owner, setUpPracticeViaApi } from './support/journeys.js';
import { type RunningServer, startServer } from './support/server.js';
import { fill, type Lang, stringsFor } from './support/strings.js';

describe.each<Lang>(['en', 'fr'])('a new patient, from intake to an amended note (%s)', (lang) => {
  const S = stringsFor(lang);
  const o = owner(lang);
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('registers, takes the health history, consent and a signed session note, then amends it', async () => {
    const { page, context, problems } = await openTab(browser, server.url);
    await page.goto('/sign-in');
    await chooseLanguage(page, lang);
    await setUpPracticeViaApi(context.request, o);
    await prepareCalendar(context.request, await myUserId(context.request), '60 min massage');

    // Patients: empty list, then the new-patient form (a missing name is flagged on its field).
    await page.goto('/');
    await goTo(page, S, 'patients');
    await expectHeading(page, S.patients.title);
    await page.getByText(S.patients.empty).waitFor();
    await expectAccessible(page, `patient list (${lang})`);
    await page.getByRole('link', { name: S.patients.new }).click();
    await expectHeading(page, S.patients.newTitle);
    await page.getByRole('button', { name: S.patients.create }).click();
    const first = page.getByRole('textbox', { name: S.patients.legalFirstName, exact: true });
    expect(await first.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, `create patient with errors (${lang})`);
    await first.fill('Maya');
    await page.getByRole('textbox', { name: S.patients.legalLastName, exact: true }).fill('Okafor');
    await page.getByLabel(S.patients.dateOfBirth).fill('1988-05-14');
    await page.getByRole('textbox', { name: S.patients.phone, exact: true }).fill('416-555-0199');
    await page.getByRole('button', { name: S.patients.create }).click();
    await expectHeading(page, 'Maya Okafor');
    const chartUrl = page.url();
    await page.getByText(fill(S.patients.created, { name: 'Maya Okafor' })).waitFor();

    // Health history: a link the patient opens on their own phone.
    await page.getByText(S.history.missingTitle).waitFor();
    await page.getByRole('button', { name: S.history.copyLink }).click();
    const link = await page.getByRole('textbox', { name: S.history.linkLabel, exact: true }).inputValue();
    expect(link).toContain('/intake/');
    const patient = await openTab(browser, server.url, {
      viewport: { width: 390, height: 844 },
      locale: lang === 'fr' ? 'fr-CA' : 'en-CA',
    });
    await patient.page.goto(link);
    await chooseLanguage(patient.page, lang);
    await expectHeading(patient.page, fill(S.intake.title, { name: 'Maya' }));
    await expectAccessible(patient.page, `intake (${lang})`);
    await patient.page.getByRole('textbox', { name: S.intake.conditionsLabel, exact: true }).fill('Migraines');
    await patient.page.getByRole('button', { name: fill(S.care.list.addLabel, { label: S.intake.conditionsLabel }) }).click();
    await patient.page.getByRole('textbox', { name: S.intake.allergiesLabel, exact: true }).fill('Lavender oil');
    await patient.page.getByRole('textbox', { name: S.intake.allergiesLabel, exact: true }).press('Enter');
    await patient.page.getByRole('listitem').filter({ hasText: 'Lavender oil' }).waitFor();
    expect(await patient.page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await patient.page.screenshot({ path: `/tmp/attune-${lang}-intake.png`, fullPage: true });
    await patient.page.getByRole('button', { name: S.intake.submit }).click();
    await expectHeading(patient.page, fill(S.intake.thanksTitle, { name: 'Maya' }));
    // The link works once.
    await patient.page.reload();
    await expectHeading(patient.page, S.intake.invalidTitle);
    await expectAccessible(patient.page, `intake, used link (${lang})`);
    expect(patient.problems).toEqual([]);
    await patient.context.close();

    await page.reload();
    await page.getByRole('listitem').filter({ hasText: 'Migraines' }).waitFor();

    // Consent to treatment, signed on screen.
    await page.getByRole('link', { name: S.patients.consent, exact: true }).click();
    await expectHeading(page, fill(S.consent.title, { name: 'Maya Okafor' }));
    await page.getByText(S.consent.signatureHint).waitFor();
    await expectAccessible(page, `consent form with signature pad (${lang})`);
    await page.getByRole('button', { name: S.consent.recordSubmit }).click();
    await page.getByText(S.consent.signatureRequired).waitFor();
    await drawSignature(page);
    await page.getByRole('button', { name: S.consent.recordSubmit }).click();
    await page.getByText(S.consent.recorded).waitFor();
    await page.getByRole('cell', { name: S.consent.signed }).waitFor();

    // Book through the calendar: find the patient, choose the type and a time.
    await goTo(page, S, 'calendar');
    await expectHeading(page, S.calendar.title);
    await expectAccessible(page, `calendar day (${lang})`);
    await page.getByRole('button', { name: S.calendar.book, exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('searchbox', { name: S.calendar.findPatient }).fill('Okaf');
    await dialog.getByRole('radio', { name: /Maya Okafor/ }).check();
    await dialog.getByLabel(S.calendar.startTime).fill('10:00');
    await dialog.getByRole('button', { name: S.calendar.bookSubmit, exact: true }).click();
    await page.getByRole('article').filter({ hasText: 'Maya Okafor' }).waitFor();
    await page.getByRole('button', { name: S.calendar.week, exact: true }).click();
    await page.getByRole('listitem').filter({ hasText: 'Maya Okafor' }).waitFor();
    await expectAccessible(page, `calendar week (${lang})`);
    await page.screenshot({ path: `/tmp/attune-${lang}-calendar-week.png`, fullPage: true });

    // Written consent for a sensitive area, for this session.
    await page.goto(`${new URL(chartUrl).pathname}/consent`);
    await page.getByRole('combobox', { name: S.consent.type, exact: true }).selectOption('sensitive_area');
    await page.getByRole('checkbox', { name: S.consent.areaNames.gluteal }).check();
    await expect.poll(() => page.getByRole('combobox', { name: S.consent.appointment, exact: true }).inputValue()).not.toBe('');
    await drawSignature(page);
    await page.getByRole('button', { name: S.consent.recordSubmit }).click();
    await page.getByText(S.consent.recorded).waitFor();

    // Today: arrive, then write the note.
    await goTo(page, S, 'today');
    await expectHeading(page, S.today.title);
    await expectAccessible(page, `today (${lang})`);
    await page.getByRole('button', { name: fill(S.calendar.arrivedLabel, { name: 'Maya Okafor' }) }).click();
    await page.getByText(S.calendar.status.arrived, { exact: true }).waitFor();
    await page.screenshot({ path: `/tmp/attune-${lang}-today.png`, fullPage: true });
    await page.getByRole('button', { name: fill(S.calendar.noteLabel, { name: 'Maya Okafor' }) }).click();
    await expectHeading(page, fill(S.notes.draftTitle, { name: 'Maya Okafor' }));
    await page
      .getByRole('textbox', { name: S.notes.fields.subjective, exact: true })
      .fill('Low back ache after gardening, worse in the morning.');
    await page.getByRole('textbox', { name: S.notes.fields.assessment, exact: true }).fill('Hypertonic lumbar and gluteal muscles.');
    const areas = page.getByRole('textbox', { name: S.notes.fields.areasTreated, exact: true });
    for (const area of ['Low back', 'Gluteal', 'Upper inner thigh']) {
      await areas.fill(area);
      await areas.press('Enter');
    }
    await page.getByLabel(S.notes.fields.painBefore, { exact: true }).fill('7');
    await page.getByLabel(S.notes.fields.painAfter, { exact: true }).fill('4');
    await expectAccessible(page, `note editor (${lang})`);
    await page.screenshot({ path: `/tmp/attune-${lang}-note-editor.png`, fullPage: true });

    // Signing names the sensitive area still missing its written consent.
    await page.getByRole('button', { name: S.notes.sign }).click();
    await page.getByRole('alert').filter({ hasText: 'upper inner thigh' }).waitFor();
    await page.getByRole('button', { name: fill(S.care.list.remove, { item: 'Upper inner thigh' }) }).click();
    await page.getByRole('button', { name: S.notes.sign }).click();
    await expectHeading(page, fill(S.notes.signedTitle, { name: 'Maya Okafor' }));
    await page.getByText(S.notes.lockedNotice).waitFor();
    await expectAccessible(page, `signed note (${lang})`);

    // Amend with a reason: the original value stays visible.
    await page.getByRole('button', { name: S.notes.amend }).click();
    await page.getByLabel(S.notes.fields.painAfter, { exact: true }).fill('3');
    await page.getByRole('button', { name: S.notes.amendSubmit }).click();
    await page.getByText(S.notes.reasonRequired).waitFor();
    await page.getByRole('textbox', { name: S.notes.reason, exact: true }).fill('Pain after was misheard; the patient said 3.');
    await page.getByRole('button', { name: S.notes.amendSubmit }).click();
    await page.getByText(fill(S.notes.because, { reason: 'Pain after was misheard; the patient said 3.' })).waitFor();
    expect(await page.locator('[data-field="painAfter"]').textContent()).toBe('3');
    expect(await page.locator('[data-original="painAfter"]').textContent()).toBe(fill(S.notes.originally, { value: '4' }));
    await expectAccessible(page, `amended note (${lang})`);
    await page.screenshot({ path: `/tmp/attune-${lang}-amended-note.png`, fullPage: true });

    // The chart: the note, the pain chart with its table, and who viewed the record.
    await page.getByRole('link', { name: S.notes.backToChart }).click();
    await expectHeading(page, 'Maya Okafor');
    await page.getByRole('img', { name: S.measures.painChart }).waitFor();
    const painTable = page.getByRole('region', { name: S.measures.painChart });
    await painTable.getByRole('cell', { name: '7' }).waitFor();
    // (The series shows the pain as signed: the server's measures do not apply amendments yet.)
    await page.getByRole('button', { name: S.access.show }).click();
    await page
      .getByRole('region', { name: S.access.title })
      .getByRole('cell', { name: new RegExp(o.name) })
      .first()
      .waitFor();
    // What each person did, in the reader's language (the server's codes, translated here).
    await page
      .getByRole('region', { name: S.access.title })
      .getByRole('cell', { name: S.access.actions.patient.viewed, exact: true })
      .first()
      .waitFor();
    // The chart lists the session with its type, and has a place to note gifts and outside contact.
    await page.getByRole('region', { name: S.patientAppointments.title }).getByRole('cell', { name: '60 min massage' }).first().waitFor();
    await page.getByRole('region', { name: S.relationshipLog.title }).waitFor();
    await expectAccessible(page, `chart, therapist (${lang})`);
    await page.screenshot({ path: `/tmp/attune-${lang}-chart.png`, fullPage: true });

    // A tablet between sessions: nothing scrolls sideways.
    await page.setViewportSize({ width: 768, height: 1024 });
    for (const path of [new URL(chartUrl).pathname, '/calendar', '/today']) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth'), path).toBe(true);
    }
    await page.screenshot({ path: `/tmp/attune-${lang}-today-tablet.png`, fullPage: true });
    expect(problems).toEqual([]);
    await expectPath(page, '/today');
  });
});
