import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInQuestionnaire } from '../../src/server/modules/feedback/instrument.js';
import { startSmtpServer } from '../support/smtp.js';
import { expectAccessible, launchBrowser, openTab } from './support/browser.js';
import { apiJson, createPatientViaApi, myUserId, prepareCalendar } from './support/clinical.js';
import { chooseLanguage, eventually, expectHeading, owner, setUpPracticeViaApi } from './support/journeys.js';
import { fill, type Lang, stringsFor } from './support/strings.js';

const root = path.resolve(import.meta.dirname, '../..');

/** The real server with a mail server (the shared helper starts it without one), on a fresh SQLite directory. */
async function startServerWithMail(smtpUrl: string) {
  const port = await new Promise<number>((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-e2e-feedback-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    ATTUNE_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SMTP_URL: smtpUrl,
  };
  delete env.DATABASE_URL;
  delete env.ATTUNE_PUBLIC_URL;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => {
    log += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    log += d.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error(`the server exited: ${log}`);
      return fetch(`${url}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
    },
    (ok) => ok,
    'the server to be healthy',
    60_000,
  );
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe.each<Lang>(['en', 'fr'])('the patient’s voice after a session (%s)', (lang) => {
  const S = stringsFor(lang);
  const F = S.feedback;
  const Q = builtInQuestionnaire(lang);
  const text = (linkId: string) => Q.item?.find((i) => i.linkId === linkId)?.text as string;
  const anchors = Q.item?.[0]?.answerOption?.map((o) => o.valueCoding?.display as string) ?? [];
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let server: Awaited<ReturnType<typeof startServerWithMail>>;
  let browser: Browser;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    [server, browser] = await Promise.all([startServerWithMail(smtp.url), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.stop();
  });

  it('a completed session → the email arrives → the patient answers on a phone with a low “felt safe” → the therapist sees the alert; the link works once', async () => {
    const { page, context, problems } = await openTab(browser, server.url);
    await page.goto('/sign-in');
    await chooseLanguage(page, lang);
    await setUpPracticeViaApi(context.request, owner(lang));
    const typeId = await prepareCalendar(context.request, await myUserId(context.request), '60 min massage');
    const patientId = await createPatientViaApi(context.request, {
      legalFirstName: 'Maya',
      legalLastName: 'Okafor',
      dateOfBirth: '1988-05-14',
      email: `maya-${lang}@example.test`,
      preferredLanguage: lang,
    });
    await apiJson(
      await context.request.post(`/api/patients/${patientId}/consents`, {
        data: { type: 'feedback', givenBy: { kind: 'patient' }, method: 'verbal', attested: true },
      }),
    );
    // A session that began three hours ago, completed.
    const startsAt = new Date(Math.floor((Date.now() - 3 * 3_600_000) / 3_600_000) * 3_600_000).toISOString();
    const appointment = await apiJson<{ id: string }>(
      await context.request.post('/api/scheduling/appointments', {
        data: { patientId, appointmentTypeId: typeId, startsAt, allowOutsideHours: true },
      }),
    );
    await apiJson(
      await context.request.post(`/api/scheduling/appointments/${appointment.id}/complete`, {
        data: { actualEndAt: new Date(Date.parse(startsAt) + 3_600_000).toISOString() },
      }),
    );
    // A treatment plan set today: a marker on the trajectory.
    const chart = await apiJson<{ clinical: { relationships: { id: string }[] } }>(await context.request.get(`/api/patients/${patientId}`));
    await apiJson(
      await context.request.put(`/api/patients/${patientId}/relationships/${chart.clinical.relationships[0]?.id}/plan`, {
        data: { areas: ['neck'], techniques: ['Swedish'], frequency: 'weekly', reviewDate: '2027-01-15' },
      }),
    );
    // The therapist had checked in before it, not very present: later set beside the patient's answer.
    await apiJson(
      await context.request.post('/api/reflection/check-ins', { data: { presence: 3, attention: 4, appointmentId: appointment.id } }),
    );

    // The therapist asks for feedback by email from the patient's feedback page.
    await page.goto(`/patients/${patientId}/feedback`);
    await expectHeading(page, F.page.titleGeneric);
    await page.getByText(F.page.noAlerts).waitFor();
    await page.getByRole('button', { name: F.page.byEmail }).click();
    await page.getByText(F.page.emailQueued).waitFor();
    await expectAccessible(page, `feedback page, before answers (${lang})`);

    // The email arrives at the SMTP server, in the patient's language, with a single-use link.
    const [mail] = await smtp.waitFor(1, 20_000);
    expect(mail?.to).toEqual([`maya-${lang}@example.test`]);
    const link = mail?.text.match(/https?:\/\/\S+\/feedback\/[A-Za-z0-9_-]+/)?.[0] as string;
    expect(link).toContain(`${server.url}/feedback/`);
    expect(mail?.text).not.toContain('Okafor');
    smtp.received.length = 0;

    // The patient answers on a phone-sized screen: low "felt safe", the rest high, pain 3 and a comment.
    const patient = await openTab(browser, server.url, {
      viewport: { width: 390, height: 844 },
      locale: lang === 'fr' ? 'fr-CA' : 'en-CA',
    });
    await patient.page.goto(link);
    try {
      await expectHeading(patient.page, Q.title as string);
    } catch (error) {
      await patient.page.screenshot({ path: `/tmp/attune-${lang}-feedback-failed.png`, fullPage: true });
      throw new Error(`${(error as Error).message}\nlink: ${link}\nmail: ${mail?.text}`);
    }
    const intro = fill(F.answer.intro, { therapist: owner(lang).name.split(' ')[0] as string, clinic: owner(lang).clinicName, date: '§' });
    await patient.page.getByText(intro.split('§')[0] as string, { exact: false }).waitFor();
    expect(await patient.page.locator('body').textContent()).not.toContain('Okafor');
    await expectAccessible(patient.page, `feedback questionnaire (${lang})`);
    const choose = async (linkId: string, label: string) =>
      patient.page
        .getByRole('radiogroup', { name: text(linkId) })
        .getByRole('radio', { name: label, exact: true })
        .click();
    await choose('safe', anchors[0] as string);
    await choose('heard', anchors[3] as string);
    await choose('present', anchors[4] as string);
    await choose('consent', anchors[4] as string);
    await choose('pain', '3');
    await patient.page
      .getByRole('textbox', { name: text('comment') })
      .fill(lang === 'fr' ? 'La porte était ouverte.' : 'The door was left open.');
    expect(await patient.page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await patient.page.screenshot({ path: `/tmp/attune-${lang}-feedback.png`, fullPage: true });
    await patient.page.getByRole('button', { name: F.answer.send }).click();
    await expectHeading(patient.page, F.answer.thanksTitle);

    // The link works once: opening it again, or sending again from a stale page, stores nothing.
    await patient.page.goto(link);
    await expectHeading(patient.page, F.answer.invalidTitle);
    await expectAccessible(patient.page, `feedback, used link (${lang})`);
    const again = await patient.context.request.post(`/api/feedback/${link.split('/feedback/')[1]}`, {
      data: { answers: [{ linkId: 'safe', value: 4 }] },
    });
    expect(again.status()).toBe(410);
    expect(patient.problems).toEqual([]);
    await patient.context.close();

    // A later session the patient did not come to is marked in the trajectory.
    const missed = await apiJson<{ id: string }>(
      await context.request.post('/api/scheduling/appointments', {
        data: {
          patientId,
          appointmentTypeId: typeId,
          startsAt: new Date(Date.parse(startsAt) + 2 * 3_600_000).toISOString(),
          allowOutsideHours: true,
        },
      }),
    );
    await apiJson(await context.request.post(`/api/scheduling/appointments/${missed.id}/no-show`, { data: {} }));

    // The therapist's open alerts lead to the patient; there, the answer and the urgent alert with a
    // kind suggestion, resolved with a note.
    await page.goto('/feedback');
    await expectHeading(page, F.clinic.title);
    await page.getByRole('link', { name: 'Maya Okafor' }).click();
    await expectHeading(page, F.page.titleGeneric);
    const alert = page.getByRole('alert').filter({ hasText: F.page.kind.not_safe });
    await alert.waitFor();
    await alert.getByText(F.page.urgent, { exact: true }).waitFor();
    const table = page.getByRole('region', { name: F.page.trajectory });
    await table.getByText(lang === 'fr' ? 'La porte était ouverte.' : 'The door was left open.').waitFor();
    await table.getByText(F.page.missedNoShow).waitFor();
    await table.getByText(F.page.planChanged).waitFor();
    // Presence against experience: my own check-in (3 of 10) beside their answer, from the private room.
    const beside = page.getByRole('region', { name: stringsFor(lang).reflection.presenceBeside.title });
    await beside.getByRole('img', { name: stringsFor(lang).reflection.presenceBeside.chart }).waitFor();
    await beside.getByRole('cell', { name: '3', exact: true }).first().waitFor();
    await expectAccessible(page, `feedback page with an alert (${lang})`);
    await page.screenshot({ path: `/tmp/attune-${lang}-feedback-alert.png`, fullPage: true });
    await alert.getByRole('textbox', { name: F.page.resolveNote }).fill('Called Maya; next time the door stays closed.');
    await alert.getByRole('button', { name: F.page.resolve }).click();
    // Resolved: kept with its note, no longer urgent.
    const kept = page.getByRole('note').filter({ hasText: F.page.kind.not_safe });
    await kept.getByText('Called Maya; next time the door stays closed.', { exact: false }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);

    // The clinic page: the therapist's own summary waits for five answers; the owner's choices.
    await page.goto('/feedback');
    await expectHeading(page, F.clinic.title);
    await page.getByText(fill(F.clinic.notYet, { count: '1', minimum: '5' })).waitFor();
    await page.getByRole('region', { name: F.clinic.openAlerts }).getByText(F.page.noAlerts).waitFor(); // resolved
    await page.getByRole('checkbox', { name: F.clinic.automaticLabel }).click();
    await eventually(
      async () => (await apiJson<{ automaticEmail: boolean }>(await context.request.get('/api/feedback/settings'))).automaticEmail,
      (on) => on,
      'automatic requests to be on',
    );
    const instruments = page.getByRole('region', { name: F.clinic.instruments });
    // The questionnaire sent after sessions: Attune's own until the owner picks one they loaded.
    expect(await instruments.getByRole('combobox', { name: F.clinic.askWith }).inputValue()).toBe('');
    expect(await instruments.getByText(F.clinic.builtIn, { exact: true }).count()).toBe(4); // versions 1 (retired) and 2, en and fr
    await page.getByRole('textbox', { name: F.clinic.loadLabel }).fill('{"resourceType": "Questionnaire", "status": "published"}');
    await page.getByRole('button', { name: F.clinic.load }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: lang === 'en' ? '/status' : '' })
      .first()
      .waitFor();
    await expectAccessible(page, `clinic feedback page (${lang})`);
    expect(problems).toEqual([]);
    await context.close();
  });
});
