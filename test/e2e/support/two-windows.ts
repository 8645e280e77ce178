import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchBrowser, openTab, type Tab } from './browser.js';
import { joinClinic } from './clinical.js';
import { owner } from './journeys.js';
import { type RunningServer, startServer } from './server.js';

export interface TwoWindows {
  server: RunningServer;
  browser: Browser;
  /** The therapist's browser profile; `first` is its page. */
  tab: Tab;
  first: Page;
  second: Page;
  /** Page errors seen in the second window (the first window's are in `tab.problems`). */
  problems: string[];
  close(): Promise<void>;
}

/**
 * A practice whose owner does not treat, and one therapist signed in with two windows of one browser
 * profile (two pages, one session): for journeys where one window is behind the other.
 */
export async function oneTherapistTwoWindows(therapist: { name: string; email: string; password: string }): Promise<TwoWindows> {
  const [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  const ownerTab = await openTab(browser, server.url);
  const setup = await ownerTab.context.request.post('/api/setup', { data: { ...owner('en'), treats: false } });
  expect(setup.status(), await setup.text()).toBe(200);
  const tab = await joinClinic(browser, server.url, ownerTab.context.request, therapist);
  await ownerTab.context.close();
  await tab.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const second = await tab.context.newPage();
  const problems: string[] = [];
  second.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return {
    server,
    browser,
    tab,
    first: tab.page,
    second,
    problems,
    async close() {
      await browser.close();
      await server.stop();
    },
  };
}
