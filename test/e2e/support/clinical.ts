import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { openTab, type Tab } from './browser.js';

/** Quick data for clinical journeys, through the API with the signed-in context's cookies. */

export async function apiJson<T>(res: Awaited<ReturnType<APIRequestContext['get']>>): Promise<T> {
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as T;
}

/** One appointment type and wide working hours every day, so bookings in journeys fall inside them. */
export async function prepareCalendar(request: APIRequestContext, therapistUserId: string, typeName: string) {
  const type = await apiJson<{ id: string }>(
    await request.post('/api/scheduling/appointment-types', { data: { name: typeName, durationMinutes: 60, feeCents: 12000 } }),
  );
  const blocks = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '07:00', end: '21:00' }));
  await apiJson(await request.put(`/api/scheduling/therapists/${therapistUserId}/availability`, { data: { blocks } }));
  return type.id;
}

export async function myUserId(request: APIRequestContext): Promise<string> {
  const me = await apiJson<{ user: { id: string } }>(await request.get('/api/me'));
  return me.user.id;
}

export async function createPatientViaApi(request: APIRequestContext, body: Record<string, unknown>): Promise<string> {
  const p = await apiJson<{ id: string }>(await request.post('/api/patients', { data: body }));
  return p.id;
}

/** Draws a short signature on the canvas with the mouse. */
export async function drawSignature(page: Page) {
  const canvas = page.locator('canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the signature pad is not visible');
  await page.mouse.move(box.x + 30, box.y + box.height * 0.6);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) {
    await page.mouse.move(box.x + 30 + i * 22, box.y + box.height * (0.6 + (i % 2 === 0 ? -0.25 : 0.15)), { steps: 3 });
  }
  await page.mouse.up();
}

/** Clinic "today" (America/Toronto by default), as YYYY-MM-DD. */
export function clinicToday(timeZone = 'America/Toronto'): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/**
 * The owner (signed in on `ownerRequest`) invites a colleague, who accepts in a new tab of `browser`:
 * the tab it returns is signed in as them.
 */
export async function joinClinic(
  browser: Browser,
  baseUrl: string,
  ownerRequest: APIRequestContext,
  person: { name: string; email: string; password: string },
  role: 'therapist' | 'admin' | 'locum' | 'mentor' = 'therapist',
): Promise<Tab> {
  const invitation = await apiJson<{ link: string }>(
    await ownerRequest.post('/api/clinic/invitations', { data: { email: person.email, role, name: person.name } }),
  );
  const tab = await openTab(browser, baseUrl);
  const token = new URL(invitation.link).pathname.split('/').pop() ?? '';
  await apiJson(
    await tab.context.request.post(`/api/invitations/${token}/accept`, { data: { name: person.name, password: person.password } }),
  );
  return tab;
}
