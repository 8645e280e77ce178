import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, openTab } from './support/browser.js';
import {
  chooseLanguage,
  currentTotp,
  describedText,
  eventually,
  expectHeading,
  expectHome,
  expectPath,
  field,
  goTo,
  htmlLang,
  nextTotp,
  owner,
  setUpPractice,
  signIn,
  signOut,
} from './support/journeys.js';
import { type RunningServer, startServer } from './support/server.js';
import { fill, type Lang, stringsFor } from './support/strings.js';

describe.each<Lang>(['en', 'fr'])('the practice owner (%s)', (lang) => {
  const S = stringsFor(lang);
  const o = owner(lang);
  let server: RunningServer;
  let browser: Browser;
  const state = { password: o.password, recoveryCodes: [] as string[] };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sets up the practice, signs out and in, turns on two-step sign-in and signs in with a code', async () => {
    const { page, problems } = await openTab(browser, server.url);

    // First visit: Attune asks to be set up.
    await page.goto('/');
    await expectPath(page, '/setup');
    await chooseLanguage(page, lang);
    await expectHeading(page, S.setup.title);
    expect(await page.getByRole('checkbox', { name: S.setup.treats }).isChecked()).toBe(true);
    await expectAccessible(page, `setup (${lang})`);

    // A too-short password is explained next to the field, and linked to it.
    await field(page, S.setup.clinicName).fill(o.clinicName);
    await page.getByRole('button', { name: S.setup.submit }).click();
    const password = field(page, S.common.password);
    await eventually(
      () => password.getAttribute('aria-invalid'),
      (v) => v === 'true',
      'the short password to be flagged',
    );
    const described = await describedText(password);
    expect(described).toContain(fill(S.errors.passwordMin, { min: '12' }));
    await expectAccessible(page, `setup with errors (${lang})`);

    await setUpPractice(page, S, o);
    await expectHome(page, S, o.name);
    await page.getByText(fill(S.home.clinicRole, { clinic: o.clinicName, role: S.roles.owner.toLowerCase() })).waitFor();
    await expectAccessible(page, `home (${lang})`);

    await signOut(page, S);
    await expectAccessible(page, `sign-in (${lang})`);

    // A wrong password gets a kind message; the right one lands home.
    await signIn(page, S, o.email, 'not-the-right-password');
    await page
      .getByRole('alert')
      .filter({ hasText: lang === 'fr' ? 'pas correct' : 'not right' })
      .waitFor();
    await signIn(page, S, o.email, o.password);
    await expectHome(page, S, o.name);

    await goTo(page, S, 'profile');
    await expectPath(page, '/settings/profile');
    await expectHeading(page, S.profile.title);
    expect(await field(page, S.profile.name).inputValue()).toBe(o.name);
    await expectAccessible(page, `profile (${lang})`);

    await goTo(page, S, 'people');
    await expectPath(page, '/clinic/people');
    await expectHeading(page, S.people.title);
    await page.getByRole('cell', { name: o.email }).waitFor();
    await expectAccessible(page, `people (${lang})`);

    await goTo(page, S, 'security');
    await expectPath(page, '/settings/security');
    await expectHeading(page, S.security.title);
    await page.getByText(S.security.totpOff).waitFor();
    await page.getByRole('heading', { name: S.security.failedTitle }).waitFor();
    await page.getByRole('cell', { name: o.email }).first().waitFor(); // the wrong password above
    await expectAccessible(page, `security (${lang})`);

    // Turn on two-step sign-in: scan (or type the key), then prove it with a code.
    await page.getByRole('button', { name: S.security.turnOn }).click();
    const qr = page.getByRole('img', { name: S.security.qrAlt });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    const secret = await field(page, S.security.secret).inputValue();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await expectAccessible(page, `security, enrolling (${lang})`);
    await page.screenshot({ path: `/tmp/attune-${lang}-security-enrol.png`, fullPage: true });
    await field(page, S.security.code).fill(await currentTotp(secret));
    await page.getByRole('button', { name: S.security.confirm }).click();

    // Recovery codes, once, with a download and an acknowledgement.
    const codes = page.getByRole('list', { name: S.security.codesTitle }).getByRole('listitem');
    await codes.first().waitFor();
    const shown = await codes.allTextContents();
    expect(shown).toHaveLength(10);
    for (const code of shown) expect(code).toMatch(/^[a-z0-9]{5}-[a-z0-9]{5}$/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: S.security.download }).click()]);
    expect(download.suggestedFilename()).toBe('attune-recovery-codes.txt');
    const done = page.getByRole('button', { name: S.security.done });
    expect(await done.isDisabled()).toBe(true);
    await expectAccessible(page, `security, recovery codes (${lang})`);
    await page.screenshot({ path: `/tmp/attune-${lang}-recovery-codes.png`, fullPage: true });
    await page.getByRole('checkbox', { name: S.security.savedCheck }).check();
    await done.click();
    await page.getByText(S.security.enabled).waitFor();
    await page.getByText(S.security.totpOn).waitFor();
    await expectAccessible(page, `security, on (${lang})`);

    // Signing in now asks for the code.
    await signOut(page, S);
    await signIn(page, S, o.email, o.password);
    const codeField = field(page, S.signIn.code);
    await codeField.waitFor();
    await expectAccessible(page, `sign-in, code step (${lang})`);
    await page.screenshot({ path: `/tmp/attune-${lang}-sign-in-code.png`, fullPage: true });
    await codeField.fill('000000');
    await page.getByRole('button', { name: S.signIn.verify }).click();
    await eventually(
      () => codeField.getAttribute('aria-invalid'),
      (v) => v === 'true',
      'the wrong code to be flagged',
    );
    await codeField.fill(await nextTotp(secret));
    await page.getByRole('button', { name: S.signIn.verify }).click();
    await expectHome(page, S, o.name);
    expect(await htmlLang(page)).toBe(lang);

    // Changing the password: a wrong current password is flagged on its field; then it works.
    const newPassword = 'amber-meadow-compass-27';
    await goTo(page, S, 'profile');
    await field(page, S.profile.currentPassword).fill('not-my-password');
    await field(page, S.profile.newPassword).fill(newPassword);
    await page.getByRole('button', { name: S.profile.changePassword }).click();
    const current = field(page, S.profile.currentPassword);
    await eventually(
      () => current.getAttribute('aria-invalid'),
      (v) => v === 'true',
      'the wrong current password to be flagged',
    );
    expect(await describedText(current)).toContain(lang === 'fr' ? 'actuel n’est pas correct' : 'current password is not right');
    await current.fill(o.password);
    await page.getByRole('button', { name: S.profile.changePassword }).click();
    await page.getByText(S.profile.passwordChanged).waitFor();
    // A recovery code works in place of the app's code, once.
    await signOut(page, S);
    await signIn(page, S, o.email, newPassword);
    await field(page, S.signIn.code).fill(shown[0] ?? '');
    await page.getByRole('button', { name: S.signIn.verify }).click();
    await expectHome(page, S, o.name);
    state.password = newPassword;
    state.recoveryCodes = shown.slice(1);

    expect(problems).toEqual([]);
  });

  it('turns two-step sign-in off after confirming the password', async () => {
    const { page, context } = await openTab(browser, server.url);
    await page.goto('/sign-in');
    await chooseLanguage(page, lang);
    const login = await context.request.post('/api/auth/login', {
      data: { email: o.email, password: state.password, totp: state.recoveryCodes[0] },
    });
    expect(login.status()).toBe(200);
    await page.goto('/settings/security');
    await page.getByRole('button', { name: S.security.turnOff }).click();
    await field(page, S.common.password).fill(state.password);
    await expectAccessible(page, `security, turning off (${lang})`);
    await page.getByRole('button', { name: S.security.turnOff }).click();
    await page.getByText(S.security.disabled).waitFor({ timeout: 5_000 });
    await page.getByText(S.security.totpOff).waitFor();
  });
});
