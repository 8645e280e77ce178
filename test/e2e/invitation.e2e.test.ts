import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, openTab } from './support/browser.js';
import {
  chooseLanguage,
  eventually,
  expectHeading,
  expectHome,
  expectPath,
  field,
  goTo,
  owner,
  setUpPracticeViaApi,
} from './support/journeys.js';
import { type RunningServer, startServer } from './support/server.js';
import { fill, type Lang, stringsFor } from './support/strings.js';

describe.each<Lang>(['en', 'fr'])('inviting a therapist (%s)', (lang) => {
  const S = stringsFor(lang);
  const o = owner(lang);
  const therapist = {
    name: lang === 'fr' ? 'Samuel Roy' : 'Sam Okafor',
    email: `sam-${lang}@example.com`,
    password: 'maple-orchard-violin-73',
  };
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the link (no email set up); the therapist joins through it and sees no People page', async () => {
    // The owner invites.
    const ownerTab = await openTab(browser, server.url);
    const op = ownerTab.page;
    await setUpPracticeViaApi(ownerTab.context.request, o);
    await op.goto('/');
    await chooseLanguage(op, lang);
    await expectHome(op, S, o.name);
    await goTo(op, S, 'people');
    await expectHeading(op, S.people.title);
    await field(op, S.people.inviteEmail).fill(therapist.email);
    await field(op, S.people.inviteName).fill(therapist.name);
    await op.getByRole('combobox', { name: S.people.inviteRole }).selectOption('therapist');
    await op.getByRole('button', { name: S.people.inviteSubmit }).click();
    await op.getByText(fill(S.people.invitedLinkTitle, { email: therapist.email })).waitFor();
    await op.getByText(S.people.invitedLink).waitFor();
    const link = await field(op, S.people.linkLabel).inputValue();
    expect(link).toMatch(new RegExp(`^${server.url}/invitation/[\\w-]{20,}$`));
    const invitationRow = op.getByRole('row', { name: new RegExp(therapist.email) });
    await invitationRow.getByText(S.people.status.pending).waitFor();
    await expectAccessible(op, `people with an invitation (${lang})`);

    // The therapist opens the link in their own browser.
    const tTab = await openTab(browser, server.url);
    const tp = tTab.page;
    await tp.goto(link);
    await chooseLanguage(tp, lang);
    await expectHeading(tp, fill(S.invitation.title, { clinic: o.clinicName }));
    expect(await field(tp, S.common.email).inputValue()).toBe(therapist.email);
    expect(await field(tp, S.invitation.yourName).inputValue()).toBe(therapist.name);
    await expectAccessible(tp, `invitation (${lang})`);
    await field(tp, S.invitation.newPassword).fill(therapist.password);
    await tp.getByRole('button', { name: S.invitation.submit }).click();
    await expectHome(tp, S, therapist.name);
    await tp.getByText(fill(S.home.clinicRole, { clinic: o.clinicName, role: S.roles.therapist.toLowerCase() })).waitFor();

    // No People entry for a therapist, and the page itself says so.
    const nav = tp.getByRole('navigation');
    await nav.getByRole('link', { name: S.nav.security, exact: true }).waitFor();
    expect(await nav.getByRole('link', { name: S.nav.people, exact: true }).count()).toBe(0);
    await tp.goto('/clinic/people');
    await tp.getByText(S.people.notAllowed).waitFor();

    // The link works once.
    const again = await openTab(browser, server.url);
    await again.page.goto(link);
    await chooseLanguage(again.page, lang);
    await expectHeading(again.page, S.invitation.invalidTitle);
    await expectAccessible(again.page, `used invitation (${lang})`);

    // The owner now sees the therapist as a member and the invitation as accepted.
    await op.reload();
    await op
      .getByRole('row', { name: new RegExp(therapist.email) })
      .getByText(S.people.status.accepted)
      .waitFor();
    await op.getByRole('combobox', { name: fill(S.people.roleFor, { name: therapist.name }) }).waitFor();

    // The owner changes the therapist's role, withdraws a second invitation, then removes the therapist.
    const roleSelect = op.getByRole('combobox', { name: fill(S.people.roleFor, { name: therapist.name }) });
    await roleSelect.selectOption('locum');
    await op.getByText(S.people.memberSaved).waitFor();
    await eventually(
      () => roleSelect.inputValue(),
      (v) => v === 'locum',
      'the new role to show',
    );

    await field(op, S.people.inviteEmail).fill(`alex-${lang}@example.com`);
    await op.getByRole('button', { name: S.people.inviteSubmit }).click();
    await op.getByText(fill(S.people.invitedLinkTitle, { email: `alex-${lang}@example.com` })).waitFor();
    await op.getByRole('button', { name: fill(S.people.withdrawLabel, { email: `alex-${lang}@example.com` }) }).click();
    await op.getByText(fill(S.people.withdrawn, { email: `alex-${lang}@example.com` })).waitFor();
    await op
      .getByRole('row', { name: new RegExp(`alex-${lang}@`) })
      .getByText(S.people.status.revoked)
      .waitFor();

    await op.getByRole('button', { name: fill(S.people.removeLabel, { name: therapist.name }) }).click();
    const dialog = op.getByRole('dialog', { name: fill(S.people.removeTitle, { name: therapist.name }) });
    await dialog.waitFor();
    await expectAccessible(op, `remove dialog (${lang})`);
    await dialog.getByRole('button', { name: S.people.removeConfirm }).click();
    await op.getByText(fill(S.people.removed, { name: therapist.name })).waitFor();
    await eventually(
      () => op.getByRole('cell', { name: therapist.email, exact: true }).count(),
      (n) => n === 0,
      'the therapist to leave the members',
    );

    expect([...ownerTab.problems, ...tTab.problems, ...again.problems]).toEqual([]);
    await expectPath(op, '/clinic/people');
  });
});
