import type { APIRequestContext, Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, openTab } from './support/browser.js';
import {
  chooseLanguage,
  currentTotp,
  expectHeading,
  expectHome,
  expectPath,
  field,
  goTo,
  htmlLang,
  owner,
  setUpPracticeViaApi,
  signIn,
} from './support/journeys.js';
import { type RunningServer, startServer } from './support/server.js';
import { stringsFor } from './support/strings.js';

const en = stringsFor('en');
const fr = stringsFor('fr');
const o = owner('en');

async function json<T>(request: APIRequestContext, method: 'get' | 'post' | 'patch', url: string, data?: unknown): Promise<T> {
  const res = await request[method](url, data === undefined ? {} : { data });
  expect(res.status(), `${method.toUpperCase()} ${url}: ${await res.text()}`).toBe(200);
  return (await res.json()) as T;
}

describe('language, layout and access', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const setup = await browser.newContext({ baseURL: server.url });
    await setUpPracticeViaApi(setup.request, o);
    await setup.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('remembers the language chosen on the sign-in page across a reload, and saves it to the profile', async () => {
    const { page, context, problems } = await openTab(browser, server.url);
    await page.goto('/sign-in');
    await expectHeading(page, en.signIn.title);
    expect(await htmlLang(page)).toBe('en');
    await chooseLanguage(page, 'fr');
    await expectHeading(page, 'Connexion');
    await page.reload();
    await expectHeading(page, 'Connexion');
    expect(await htmlLang(page)).toBe('fr');
    expect(await page.title()).toBe('Connexion · Attune');

    // Signing in keeps French and saves it to the profile.
    await signIn(page, fr, o.email, o.password);
    await expectHome(page, fr, o.name);
    await page.getByText('Vous travaillez à').waitFor();
    const me = await json<{ user: { locale: string } }>(context.request, 'get', '/api/me');
    expect(me.user.locale).toBe('fr');

    // Another device with no choice of its own adopts the profile's language after sign-in.
    const other = await openTab(browser, server.url);
    await other.page.goto('/sign-in');
    await expectHeading(other.page, en.signIn.title);
    await signIn(other.page, en, o.email, o.password);
    await expectHome(other.page, fr, o.name);

    // Switching back to English while signed in updates the profile too.
    await chooseLanguage(page, 'en');
    await expectHeading(page, `Welcome, ${o.name}`);
    await expect.poll(async () => (await json<{ user: { locale: string } }>(context.request, 'get', '/api/me')).user.locale).toBe('en');
    expect([...problems, ...other.problems]).toEqual([]);
  });

  it('sends signed-out visitors to sign in, then back to the page they asked for', async () => {
    const { page, context, problems } = await openTab(browser, server.url);
    await page.goto('/settings/security');
    await expectPath(page, '/sign-in');
    await signIn(page, en, o.email, o.password);
    await expectPath(page, '/settings/security');
    await expectHeading(page, en.security.title);
    await page.goto('/no/such/page');
    await expectHeading(page, en.notFound.title);

    // The session ends behind the page's back (as after the idle timeout): the next page asks to sign in again.
    await goTo(page, en, 'home');
    await expectHome(page, en, o.name);
    await json(context.request, 'post', '/api/auth/logout', {});
    await goTo(page, en, 'people');
    await expectPath(page, '/sign-in');
    await signIn(page, en, o.email, o.password);
    await expectPath(page, '/clinic/people');
    await expectHeading(page, en.people.title);
    expect(problems).toEqual([]);
  });

  it('fits a tablet (768×1024) and a phone, with navigation that works by touch', async () => {
    const tablet = await openTab(browser, server.url, { viewport: { width: 768, height: 1024 }, hasTouch: true, isMobile: true });
    const page = tablet.page;
    await page.goto('/sign-in');
    await signIn(page, en, o.email, o.password);
    await expectHome(page, en, o.name);
    const nav = page.getByRole('navigation');
    expect(await nav.getByRole('link', { name: en.nav.people, exact: true }).isVisible()).toBe(true);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(768);
    const signOut = await page.getByRole('banner').getByRole('button', { name: en.common.signOut }).boundingBox();
    expect(signOut?.height ?? 0).toBeGreaterThanOrEqual(40);
    await expectAccessible(page, 'home on a tablet');
    await page.screenshot({ path: '/tmp/attune-home-tablet.png', fullPage: true });
    await goTo(page, en, 'people');
    await expectHeading(page, en.people.title);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(768);
    await expectAccessible(page, 'people on a tablet');
    await page.screenshot({ path: '/tmp/attune-people-tablet.png', fullPage: true });

    const phone = await openTab(browser, server.url, { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    await phone.page.goto('/sign-in');
    await signIn(phone.page, en, o.email, o.password);
    await expectHome(phone.page, en, o.name);
    const menu = phone.page.getByRole('button', { name: en.common.openMenu });
    await menu.tap();
    await goTo(phone.page, en, 'security');
    await expectHeading(phone.page, en.security.title);
    expect(await phone.page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await expectAccessible(phone.page, 'security on a phone');
    await phone.page.screenshot({ path: '/tmp/attune-security-phone.png', fullPage: true });
    // On a phone, signing out is at the end of the menu.
    await menu.tap();
    await phone.page.getByRole('navigation').getByRole('button', { name: en.common.signOut }).tap();
    await expectPath(phone.page, '/sign-in');
    expect([...tablet.problems, ...phone.problems]).toEqual([]);
  });

  it('leads a member to security settings when the clinic requires two-step sign-in', async () => {
    const ownerCtx = await browser.newContext({ baseURL: server.url });
    await json(ownerCtx.request, 'post', '/api/auth/login', { email: o.email, password: o.password });
    const invite = await json<{ link: string }>(ownerCtx.request, 'post', '/api/clinic/invitations', {
      email: 'kim@example.com',
      name: 'Kim Lavoie',
      role: 'therapist',
    });
    const token = invite.link.split('/invitation/')[1];
    const { page, context, problems } = await openTab(browser, server.url);
    await json(context.request, 'post', `/api/invitations/${token}/accept`, { name: 'Kim Lavoie', password: 'cedar-lantern-harbour-91' });

    // The owner turns on two-step sign-in for themself, then requires it for everyone.
    const { secret } = await json<{ secret: string }>(ownerCtx.request, 'post', '/api/me/totp/enrol', {});
    await json(ownerCtx.request, 'post', '/api/me/totp/confirm', { code: await currentTotp(secret) });
    await json(ownerCtx.request, 'patch', '/api/clinic/settings', { requireTotp: true });

    await page.goto('/');
    await expectHome(page, en, 'Kim Lavoie');
    await page.getByText(en.home.mustEnrolTitle).waitFor();
    await expectAccessible(page, 'home with the two-step notice');
    await page.getByRole('link', { name: en.home.mustEnrolAction }).click();
    await expectPath(page, '/settings/security');
    await page.getByRole('button', { name: en.security.turnOn }).click();
    const key = await field(page, en.security.secret).inputValue();
    await field(page, en.security.code).fill(await currentTotp(key));
    await page.getByRole('button', { name: en.security.confirm }).click();
    await page.getByRole('checkbox', { name: en.security.savedCheck }).check();
    await page.getByRole('button', { name: en.security.done }).click();
    await page.getByText(en.security.disableRequired).waitFor();
    await goTo(page, en, 'home');
    await expectHome(page, en, 'Kim Lavoie');
    expect(await page.getByText(en.home.mustEnrolTitle).count()).toBe(0);
    await ownerCtx.close();
    expect(problems).toEqual([]);
  });
});
