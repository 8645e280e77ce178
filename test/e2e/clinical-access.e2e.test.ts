import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, openTab } from './support/browser.js';
import { apiJson, createPatientViaApi, drawSignature, joinClinic, myUserId, prepareCalendar } from './support/clinical.js';
import { expectHeading, expectPath, owner, setUpPracticeViaApi } from './support/journeys.js';
import { type RunningServer, startServer } from './support/server.js';
import { fill, stringsFor } from './support/strings.js';

const S = stringsFor('en');

describe('consent for a minor, and what the front desk sees', () => {
  const o = owner('en');
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('refuses to book a minor until a substitute decision-maker is on file and consents; an admin never sees the note', async () => {
    const { page, context, problems } = await openTab(browser, server.url);
    await page.goto('/sign-in');
    await setUpPracticeViaApi(context.request, o);
    await prepareCalendar(context.request, await myUserId(context.request), '45 min massage');
    const year = new Date().getFullYear() - 12;
    const minorId = await createPatientViaApi(context.request, {
      legalFirstName: 'Leo',
      legalLastName: 'Tremblay',
      dateOfBirth: `${year}-02-10`,
    });

    // Booking from the chart is refused, with the server's kind message.
    await page.goto(`/patients/${minorId}`);
    await expectHeading(page, 'Leo Tremblay');
    await page.getByText(S.sdm.neededTitle).waitFor();
    const book = async () => {
      await page.getByRole('link', { name: S.patients.book }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText(fill(S.calendar.bookingFor, { name: 'Leo Tremblay' })).waitFor();
      await dialog.getByLabel(S.calendar.startTime).fill('15:00');
      await dialog.getByRole('button', { name: S.calendar.bookSubmit, exact: true }).click();
      return dialog;
    };
    let dialog = await book();
    await dialog.getByRole('alert').filter({ hasText: 'needs a substitute decision-maker on file' }).waitFor();
    await expectAccessible(page, 'booking refused for a minor');
    await dialog.getByRole('button', { name: S.common.cancel }).click();

    // A parent is added on the chart, reached from its contents list…
    await page.goto(`/patients/${minorId}`);
    const contents = page.getByRole('navigation', { name: S.patients.onThisPage });
    await contents.getByRole('link', { name: S.notes.title, exact: true }).waitFor();
    await contents.getByRole('link', { name: S.sdm.title, exact: true }).click();
    await expectPath(page, `/patients/${minorId}`);
    expect(new URL(page.url()).hash).toBe('#chart-decision-makers');
    await expect
      .poll(() => page.getByRole('heading', { name: S.sdm.title }).evaluate((h) => h.getBoundingClientRect().top))
      .toBeLessThan(100);
    await page.getByRole('textbox', { name: S.sdm.name, exact: true }).fill('Sophie Tremblay');
    await page.getByRole('button', { name: S.sdm.add }).click();
    await page.getByText(/Sophie Tremblay — Parent/).waitFor();

    // …booking is still refused until the parent consents…
    dialog = await book();
    await dialog.getByRole('alert').filter({ hasText: 'needs to give consent to treatment' }).waitFor();
    await dialog.getByRole('button', { name: S.common.cancel }).click();

    // …who signs consent to treatment on screen.
    await page.goto(`/patients/${minorId}/consent`);
    const bySdm = page.getByRole('radio', { name: /Sophie Tremblay/ });
    await bySdm.check();
    await drawSignature(page);
    await page.getByRole('button', { name: S.consent.recordSubmit }).click();
    await page.getByText(S.consent.recorded).waitFor();
    await page.getByRole('cell', { name: 'Sophie Tremblay' }).waitFor();

    // Now booking works.
    await page.goto(`/patients/${minorId}`);
    dialog = await book();
    await page.getByText(/Leo Tremblay is booked on/).waitFor();
    await page.getByRole('article').filter({ hasText: 'Leo Tremblay' }).waitFor();

    // A note on that appointment, through the API, to try the admin against.
    const day = await apiJson<{ appointments: { id: string; patientId: string }[] }>(
      await context.request.get(`/api/scheduling/day?date=${new URL(page.url()).searchParams.get('date')}`),
    );
    const appointmentId = day.appointments.find((a) => a.patientId === minorId)?.id ?? '';
    await apiJson(await context.request.post(`/api/scheduling/appointments/${appointmentId}/arrived`, { data: {} }));
    const note = await apiJson<{ id: string }>(
      await context.request.post(`/api/patients/${minorId}/notes`, { data: { appointmentId, subjective: 'Sore calves after soccer.' } }),
    );

    // An administrator joins the clinic.
    const admin = await joinClinic(
      browser,
      server.url,
      context.request,
      { name: 'Dana Frost', email: 'front@example.com', password: 'calm-river-stones-84' },
      'admin',
    );

    // The chart shows demographics only: no clinical section at all.
    await admin.page.goto(`/patients/${minorId}`);
    await expectHeading(admin.page, 'Leo Tremblay');
    await admin.page.getByRole('heading', { name: S.patients.demographics }).waitFor();
    for (const hidden of [
      S.care.relationshipTitle,
      S.notes.title,
      S.measures.title,
      S.history.title,
      S.care.vulnerabilityTitle,
      S.access.title,
    ]) {
      expect(await admin.page.getByRole('heading', { name: hidden }).count(), hidden).toBe(0);
    }
    expect(await admin.page.getByRole('link', { name: S.patients.consent, exact: true }).count()).toBe(0);
    // The chart's contents list names only what the admin may see.
    const adminContents = admin.page.getByRole('navigation', { name: S.patients.onThisPage });
    await adminContents.getByRole('link', { name: S.patients.demographics, exact: true }).waitFor();
    for (const hidden of [S.notes.title, S.measures.title, S.history.title, S.care.vulnerabilityTitle, S.access.title]) {
      expect(await adminContents.getByRole('link', { name: hidden }).count(), hidden).toBe(0);
    }
    await expectAccessible(admin.page, 'chart, admin');
    await admin.page.screenshot({ path: '/tmp/attune-en-chart-admin.png', fullPage: true });
    const nav = admin.page.getByRole('navigation');
    await nav.getByRole('link', { name: S.nav.patients, exact: true }).waitFor();
    expect(await nav.getByRole('link', { name: S.nav.today, exact: true }).count()).toBe(0);

    // The note's address shows a kind page; the API answers 403.
    await admin.page.goto(`/patients/${minorId}/notes/${note.id}`);
    await expectHeading(admin.page, S.notes.notAvailableTitle);
    await admin.page.getByText(S.notes.notAvailableBody).waitFor();
    await expectAccessible(admin.page, 'note not available, admin');
    expect((await admin.context.request.get(`/api/patients/${minorId}/notes/${note.id}`)).status()).toBe(403);

    // The front desk archives a patient who moved away: every record kept, out of the list, restorable.
    const movedId = await createPatientViaApi(admin.context.request, {
      legalFirstName: 'Mira',
      legalLastName: 'Holt',
      dateOfBirth: '1980-05-02',
      therapistUserId: await myUserId(context.request),
    });
    await admin.page.goto(`/patients/${movedId}`);
    await expectHeading(admin.page, 'Mira Holt');
    await admin.page.getByRole('button', { name: S.archive.open }).click();
    const archiveDialog = admin.page.getByRole('dialog', { name: fill(S.archive.title, { name: 'Mira Holt' }) });
    await archiveDialog.getByRole('button', { name: S.archive.confirm }).click();
    await archiveDialog.getByText(S.archive.reasonRequired).waitFor();
    await archiveDialog.getByRole('combobox', { name: S.archive.reason }).click();
    await admin.page.getByRole('option', { name: S.archive.reasons.moved_away }).click();
    await archiveDialog.getByRole('textbox', { name: S.archive.note }).fill('Moved to Halifax in November.');
    await expectAccessible(admin.page, 'archive dialog');
    await archiveDialog.getByRole('button', { name: S.archive.confirm }).click();
    await expectPath(admin.page, '/patients');
    await admin.page.getByText(fill(S.archive.done, { name: 'Mira Holt' })).waitFor();
    await admin.page.getByRole('link', { name: 'Leo Tremblay' }).waitFor();
    expect(await admin.page.getByRole('row').filter({ hasText: 'Mira Holt' }).count()).toBe(0);
    await admin.page.getByText(S.archive.archived, { exact: true }).click();
    const archivedRow = admin.page.getByRole('row').filter({ hasText: 'Mira Holt' });
    await archivedRow.getByText(/Moved away · Dana Frost/).waitFor();
    await archivedRow.getByText('Moved to Halifax in November.').waitFor();
    expect(await admin.page.getByRole('link', { name: 'Mira Holt' }).count()).toBe(0);
    await expectAccessible(admin.page, 'archived patients');
    await archivedRow.getByRole('button', { name: fill(S.archive.restoreName, { name: 'Mira Holt' }) }).click();
    await admin.page.getByText(fill(S.archive.restored, { name: 'Mira Holt' })).waitFor();
    await admin.page.getByText(S.archive.none).waitFor();
    await admin.page.getByText(S.archive.current, { exact: true }).click();
    await admin.page.getByRole('link', { name: 'Mira Holt' }).click();
    await expectHeading(admin.page, 'Mira Holt');

    expect(problems).toEqual([]);
    expect(admin.problems).toEqual([]);
  });
});
