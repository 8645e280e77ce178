import { generate } from 'otplib';
import type { APIRequestContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { fill, LANGUAGE_BUTTON, type Lang, type Strings } from './strings.js';

export interface Owner {
  clinicName: string;
  name: string;
  email: string;
  password: string;
}

export const owner = (lang: Lang): Owner => ({
  clinicName: lang === 'fr' ? 'Clinique Équilibre' : 'Stillwater Massage Therapy',
  name: lang === 'fr' ? 'Élise Gagnon' : 'Robin Hale',
  email: `owner-${lang}@example.com`,
  password: 'quiet-harbour-lantern-58',
});

/** Waits until the condition holds (polling), failing with the last value seen. */
export async function eventually<T>(read: () => Promise<T>, check: (v: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!check(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}

export async function expectPath(page: Page, path: string) {
  await eventually(
    async () => new URL(page.url()).pathname,
    (p) => p === path,
    `the address to be ${path}`,
  );
}

export async function expectHeading(page: Page, text: string) {
  await page.getByRole('heading', { level: 1, name: text }).waitFor({ state: 'visible' });
}

export const htmlLang = async (page: Page) => (await page.locator('html').getAttribute('lang')) ?? '';

/** The text of the elements that describe a field (its hint and error), as a screen reader hears it. */
export async function describedText(locator: Locator): Promise<string> {
  const ids = ((await locator.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts = await Promise.all(ids.map((id) => locator.page().locator(`[id="${id}"]`).textContent()));
  return texts.join(' ');
}

export async function chooseLanguage(page: Page, lang: Lang) {
  const group = page.getByRole('group', { name: /^(Language|Langue)$/ });
  await group.getByRole('button', { name: LANGUAGE_BUTTON[lang] }).click();
  await eventually(
    () => htmlLang(page),
    (l) => l === lang,
    `<html lang="${lang}">`,
  );
}

/** A text or password field by its accessible name (the label, without the required-field asterisk). */
export const field = (page: Page, name: string) => page.getByRole('textbox', { name, exact: true });

export async function setUpPractice(page: Page, S: Strings, o: Owner) {
  await field(page, S.setup.clinicName).fill(o.clinicName);
  await field(page, S.setup.yourName).fill(o.name);
  await field(page, S.common.email).fill(o.email);
  await field(page, S.common.password).fill(o.password);
  await page.getByRole('button', { name: S.setup.submit }).click();
}

/** Creates the practice straight through the API, signing this browser context in. */
export async function setUpPracticeViaApi(request: APIRequestContext, o: Owner) {
  const res = await request.post('/api/setup', { data: { ...o, treats: true } });
  expect(res.status(), await res.text()).toBe(200);
}

export async function signIn(page: Page, S: Strings, email: string, password: string) {
  await field(page, S.common.email).fill(email);
  await field(page, S.common.password).fill(password);
  await page.getByRole('button', { name: S.signIn.submit }).click();
}

export async function signOut(page: Page, S: Strings) {
  await page.getByRole('banner').getByRole('button', { name: S.common.signOut }).click();
  await expectPath(page, '/sign-in');
  await expectHeading(page, S.signIn.title);
}

export async function goTo(page: Page, S: Strings, link: keyof Strings['nav']) {
  await page.getByRole('navigation').getByRole('link', { name: S.nav[link], exact: true }).click();
}

export async function expectHome(page: Page, S: Strings, name: string) {
  await expectPath(page, '/');
  await expectHeading(page, fill(S.home.greeting, { name }));
}

/** A code for the next 30-second step: the server refuses a step that was already used. */
export const nextTotp = (secret: string) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
export const currentTotp = (secret: string) => generate({ secret });
