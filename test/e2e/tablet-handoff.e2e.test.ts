import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, openTab } from './support/browser.js';
import { apiJson } from './support/clinical.js';
import { expectHeading, owner, setUpPracticeViaApi } from './support/journeys.js';
import { type RunningServer, startServer } from './support/server.js';
import { fill, stringsFor } from './support/strings.js';

describe('the clinic tablet handed to a patient', () => {
  const S = stringsFor('en');
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

  it('locks the practice behind the therapist’s password while the patient fills in their health history', async () => {
    const { page, context, problems } = await openTab(browser, server.url, { viewport: { width: 768, height: 1024 } });
    await setUpPracticeViaApi(context.request, o);
    const created = await apiJson<{ id: string }>(
      await context.request.post('/api/patients', {
        data: { legalFirstName: 'Noor', legalLastName: 'Haddad', dateOfBirth: '1979-09-30' },
      }),
    );
    await page.goto(`/patients/${created.id}`);
    await expectHeading(page, 'Noor Haddad');
    await page.getByRole('button', { name: S.history.tablet }).click();
    await expectHeading(page, fill(S.intake.title, { name: 'Noor' }));
    const intakeUrl = page.url();

    // Back, or typing an address: the practice is locked, and shows no patient.
    await page.goBack();
    await page.goto('/patients');
    await expectHeading(page, S.locked.title);
    expect(await page.getByText('Haddad').count()).toBe(0);
    await expectAccessible(page, 'locked device');
    expect((await context.request.get('/api/patients')).status()).toBe(423);

    // The patient finishes and hands the tablet back; a wrong password does not open it.
    await page.goto(intakeUrl);
    await expectHeading(page, fill(S.intake.title, { name: 'Noor' }));
    await page.getByRole('button', { name: S.intake.submit }).click();
    await expectHeading(page, fill(S.intake.thanksTitle, { name: 'Noor' }));
    await page.getByRole('link', { name: S.intake.takeBack }).click();
    await expectHeading(page, S.locked.title);
    await page.getByLabel(S.locked.password).fill('not-my-password');
    await page.getByRole('button', { name: S.locked.unlock }).click();
    await page.getByRole('alert').waitFor();
    await expectHeading(page, S.locked.title);
    await page.getByLabel(S.locked.password).fill(o.password);
    await page.getByRole('button', { name: S.locked.unlock }).click();
    await expectHeading(page, S.today.title);
    expect((await context.request.get('/api/patients')).status()).toBe(200);
    expect(problems.filter((p) => !p.includes('423') && !p.includes('401'))).toEqual([]);
  });
});
