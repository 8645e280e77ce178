import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, openTab } from './support/browser.js';
import { apiJson, clinicToday, createPatientViaApi, myUserId, prepareCalendar } from './support/clinical.js';
import { chooseLanguage, expectHeading, owner, setUpPracticeViaApi } from './support/journeys.js';
import { type RunningServer, startServer } from './support/server.js';
import { fill, type Lang, stringsFor } from './support/strings.js';

const HOUR = 60 * 60 * 1000;

/** A date N days after a YYYY-MM-DD date. */
function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + n * 24 * HOUR).toISOString().slice(0, 10);
}

describe.each<Lang>(['en', 'fr'])('calendar settings and fees (%s)', (lang) => {
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

  it('adds a day with different hours, edits a type, adds and retires a note template, sets a discount with a reason on a completed appointment, and chooses the note’s template', async () => {
    const { page, context, problems } = await openTab(browser, server.url);
    await page.goto('/sign-in');
    await chooseLanguage(page, lang);
    await setUpPracticeViaApi(context.request, o);
    const me = await myUserId(context.request);
    const typeId = await prepareCalendar(context.request, me, '60 min massage');
    const patientId = await createPatientViaApi(context.request, {
      legalFirstName: 'Noor',
      legalLastName: 'Haddad',
      dateOfBirth: '1979-02-11',
    });
    // A session that ended a little while ago, completed.
    const startsAt = new Date(Math.floor((Date.now() - 3 * HOUR) / (15 * 60_000)) * 15 * 60_000).toISOString();
    const booked = await apiJson<{ id: string; localDate: string }>(
      await context.request.post('/api/scheduling/appointments', {
        data: { patientId, appointmentTypeId: typeId, startsAt, allowOutsideHours: true },
      }),
    );
    await apiJson(
      await context.request.post(`/api/scheduling/appointments/${booked.id}/complete`, {
        data: { actualEndAt: new Date(Date.parse(startsAt) + 65 * 60_000).toISOString() },
      }),
    );

    // Settings: a date with different hours (two blocks, a break between), then a day off removed again.
    await page.goto('/calendar/settings');
    await expectHeading(page, S.calendarSettings.title);
    const exceptions = page.getByRole('form', { name: S.exceptions.title });
    await page.getByText(S.exceptions.none).waitFor();
    const onDate = addDays(clinicToday(), 20);
    await exceptions.getByLabel(new RegExp(`^${S.exceptions.date}`)).fill(onDate);
    await exceptions.getByRole('radio', { name: S.exceptions.kindHours }).check();
    await exceptions.getByLabel(S.exceptions.from, { exact: true }).fill('10:00');
    await exceptions.getByLabel(S.exceptions.to, { exact: true }).fill('12:00');
    await exceptions.getByRole('button', { name: S.exceptions.addBlock }).click();
    await exceptions.getByLabel(S.exceptions.from, { exact: true }).nth(1).fill('11:00');
    await exceptions.getByLabel(S.exceptions.to, { exact: true }).nth(1).fill('15:30');
    await exceptions.getByRole('textbox', { name: S.exceptions.note }).fill('Conference');
    await exceptions.getByRole('button', { name: S.exceptions.save }).click();
    await exceptions.getByRole('alert').filter({ hasText: S.exceptions.blocksOverlap }).waitFor();
    await exceptions.getByLabel(S.exceptions.from, { exact: true }).nth(1).fill('13:00');
    await exceptions.getByRole('button', { name: S.exceptions.save }).click();
    const row = page.getByRole('row').filter({ hasText: 'Conference' });
    await row.waitFor();
    await expectAccessible(page, `calendar settings with an exception (${lang})`);
    const availability = await apiJson<{ exceptions: { date: string; dayOff: boolean; blocks: { start: string; end: string }[] }[] }>(
      await context.request.get(`/api/scheduling/therapists/${me}/availability`),
    );
    expect(availability.exceptions).toEqual([
      expect.objectContaining({
        date: onDate,
        dayOff: false,
        blocks: [
          { start: '10:00', end: '12:00' },
          { start: '13:00', end: '15:30' },
        ],
      }),
    ]);
    const dayOff = addDays(onDate, 1);
    await exceptions.getByLabel(new RegExp(`^${S.exceptions.date}`)).fill(dayOff);
    await exceptions.getByRole('radio', { name: S.exceptions.kindOff }).check();
    await exceptions.getByRole('button', { name: S.exceptions.save }).click();
    await page.getByRole('row').filter({ hasText: S.exceptions.dayOff }).waitFor();
    await page.getByRole('row').filter({ hasText: S.exceptions.dayOff }).getByRole('button', { name: S.exceptions.remove }).click();
    await page.getByRole('row').filter({ hasText: S.exceptions.dayOff }).waitFor({ state: 'detached' });
    await row.waitFor();

    // Edit the appointment type: a new name, length and fee; past bookings keep theirs.
    await page.getByRole('button', { name: fill(S.typeEdit.editLabel, { name: '60 min massage' }) }).click();
    const typeDialog = page.getByRole('dialog');
    await typeDialog.getByRole('textbox', { name: S.calendarSettings.name, exact: true }).fill('75 min therapeutic massage');
    await typeDialog.getByRole('textbox', { name: S.calendarSettings.minutes, exact: true }).fill('75');
    await typeDialog.getByRole('textbox', { name: S.calendarSettings.feeDollars, exact: true }).fill('140');
    await expectAccessible(page, `edit an appointment type (${lang})`);
    await typeDialog.getByRole('button', { name: S.typeEdit.save }).click();
    await typeDialog.waitFor({ state: 'detached' });
    await page.getByRole('rowheader', { name: '75 min therapeutic massage' }).waitFor();
    const types = await apiJson<{ types: { name: string; durationMinutes: number; feeCents: number }[] }>(
      await context.request.get('/api/scheduling/appointment-types?includeInactive=true'),
    );
    expect(types.types).toEqual([expect.objectContaining({ name: '75 min therapeutic massage', durationMinutes: 75, feeCents: 14000 })]);
    await page.screenshot({ path: `/tmp/attune-${lang}-calendar-settings.png`, fullPage: true });

    // Note templates: the clinic adds its own, then stops offering it; the built-in one cannot be edited.
    await page.getByRole('link', { name: S.noteTemplates.link }).click();
    await expectHeading(page, S.noteTemplates.title);
    await page.getByRole('row').filter({ hasText: S.noteTemplates.builtIn }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: S.noteTemplates.builtIn }).getByRole('button').count()).toBe(0);
    await page.getByRole('button', { name: S.noteTemplates.add }).click();
    const templateForm = page.getByRole('form', { name: S.noteTemplates.addTitle });
    await templateForm.getByRole('button', { name: S.noteTemplates.save }).click();
    await templateForm.getByText(S.noteTemplates.nameRequired).waitFor();
    await templateForm.getByRole('textbox', { name: S.noteTemplates.name, exact: true }).fill('Sports massage');
    await templateForm.getByRole('textbox', { name: S.noteTemplates.subjective, exact: true }).fill('Sport, training load, recent events.');
    await templateForm.getByRole('textbox', { name: S.noteTemplates.plan, exact: true }).fill('Stretching and return-to-play advice.');
    await expectAccessible(page, `add a note template (${lang})`);
    await templateForm.getByRole('button', { name: S.noteTemplates.save }).click();
    await page.getByText(S.noteTemplates.saved).waitFor();
    await page.getByRole('row').filter({ hasText: 'Sports massage' }).getByText(S.noteTemplates.active).waitFor();
    await page.getByRole('button', { name: fill(S.noteTemplates.editLabel, { name: 'Sports massage' }) }).click();
    const editForm = page.getByRole('form', { name: S.noteTemplates.editTitle });
    expect(await editForm.getByRole('textbox', { name: S.noteTemplates.subjective, exact: true }).inputValue()).toBe(
      'Sport, training load, recent events.',
    );
    await editForm.getByRole('checkbox', { name: S.noteTemplates.offered }).uncheck();
    await editForm.getByRole('button', { name: S.noteTemplates.save }).click();
    await page.getByRole('row').filter({ hasText: 'Sports massage' }).getByText(S.noteTemplates.retired).waitFor();
    const templates = await apiJson<{ templates: { name: string; active: boolean; plan: string; builtIn: boolean }[] }>(
      await context.request.get('/api/note-templates'),
    );
    expect(templates.templates.filter((x) => !x.builtIn)).toEqual([
      expect.objectContaining({ name: 'Sports massage', active: false, plan: 'Stretching and return-to-play advice.' }),
    ]);

    // The completed appointment: a discount of $20 with a reason, then marked not paid.
    await page.goto(`/calendar?date=${booked.localDate}`);
    await expectHeading(page, S.calendar.title);
    await page.getByRole('button', { name: fill(S.fees.buttonLabel, { name: 'Noor Haddad' }) }).click();
    const feeDialog = page.getByRole('dialog');
    await feeDialog.getByRole('radio', { name: S.fees.kindDiscount }).check();
    await feeDialog.getByRole('button', { name: S.fees.save }).click();
    await feeDialog.getByText(S.fees.amountRequired).waitFor();
    await feeDialog.getByText(S.fees.reasonRequired).waitFor();
    await feeDialog.getByRole('textbox', { name: S.fees.amount, exact: true }).fill('20');
    await feeDialog.getByRole('textbox', { name: S.fees.reason, exact: true }).fill('Student rate');
    await feeDialog.getByRole('button', { name: S.fees.save }).click();
    await feeDialog.getByText(S.fees.saved).waitFor();
    await feeDialog
      .getByText(/100[.,]00/)
      .first()
      .waitFor();
    await feeDialog.getByRole('button', { name: S.fees.markUnpaid }).click();
    await feeDialog
      .getByRole('listitem')
      .filter({ hasText: fill(S.fees.history.unpaid, { name: o.name }) })
      .waitFor();
    await feeDialog.getByRole('listitem').filter({ hasText: 'Student rate' }).waitFor();
    await expectAccessible(page, `fee and payment (${lang})`);
    await page.screenshot({ path: `/tmp/attune-${lang}-fee-dialog.png`, fullPage: true });
    await feeDialog.getByRole('button', { name: S.common.close }).first().click();
    await page.getByText(S.fees.unpaid).first().waitFor();

    const day = await apiJson<{
      appointments: { id: string; typeName: string; chargedCents: number; feeAdjustment: unknown; payment: unknown }[];
    }>(await context.request.get(`/api/scheduling/day?date=${booked.localDate}`));
    expect(day.appointments.find((a) => a.id === booked.id)).toMatchObject({
      typeName: '60 min massage', // as booked
      chargedCents: 10000,
      feeAdjustment: { kind: 'discount', amountCents: 2000, reason: 'Student rate' },
      payment: { status: 'unpaid' },
    });

    // The chart lists the patient's appointments with the fee as it stands.
    await page.goto(`/patients/${patientId}`);
    await expectHeading(page, 'Noor Haddad');
    const visits = page.getByRole('region', { name: S.patientAppointments.past, exact: true });
    const visit = visits.getByRole('row').filter({ hasText: '60 min massage' });
    await visit.getByText(fill(S.fees.summaryDiscount, { amount: '' }).trim()).waitFor();
    await visit.getByText(S.calendar.status.completed).waitFor();
    await visit.getByRole('button', { name: fill(S.fees.buttonLabel, { name: 'Noor Haddad' }) }).waitFor();
    expect(await visit.getByRole('button').textContent()).toBe(S.fees.unpaid);
    await page.getByText(S.patientAppointments.noneUpcoming).waitFor();
    await expectAccessible(page, `chart with appointments (${lang})`);
    await page.screenshot({ path: `/tmp/attune-${lang}-chart-appointments.png`, fullPage: true });

    // A draft note follows the template the therapist chooses: its prompts change with it.
    await apiJson(
      await context.request.post('/api/note-templates', {
        data: { name: 'Prenatal', subjective: 'Weeks pregnant, how the pregnancy is going.', objective: '', assessment: '', plan: '' },
      }),
    );
    await page.goto(`/calendar?date=${booked.localDate}`);
    await page.getByRole('button', { name: fill(S.calendar.noteLabel, { name: 'Noor Haddad' }) }).click();
    await expectHeading(page, fill(S.notes.draftTitle, { name: 'Noor Haddad' }));
    const subjective = page.getByRole('textbox', { name: S.notes.fields.subjective, exact: true });
    // No placeholder at all (the default prompts not shown yet) is also "not the Prenatal prompt".
    expect((await subjective.getAttribute('placeholder')) ?? '').not.toContain('Weeks pregnant');
    await page.getByRole('combobox', { name: S.noteTemplates.choose }).selectOption({ label: 'Prenatal' });
    await expect.poll(() => subjective.getAttribute('placeholder')).toBe('Weeks pregnant, how the pregnancy is going.');
    expect(await page.getByRole('combobox', { name: S.noteTemplates.choose }).locator('option').allTextContents()).not.toContain(
      'Sports massage',
    );
    await expectAccessible(page, `note with a template choice (${lang})`);
    expect(problems).toEqual([]);
  });
});
