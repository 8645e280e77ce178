import { computeAlerts } from './alerts.js';
import type { FeedbackDeps } from './deps.js';
import { requestFeedbackForCompleted } from './requests.js';
import { clinicsWithPendingAlerts } from './store.js';

/** Every clinic's nightly alert pass (only clinics with responses not yet looked at). */
export async function computeAllAlerts(deps: Pick<FeedbackDeps, 'db' | 'dialect' | 'now'>): Promise<number> {
  let raised = 0;
  for (const clinicId of await clinicsWithPendingAlerts(deps.db)) raised += await computeAlerts(deps, clinicId);
  return raised;
}

/**
 * The periodic work of the feedback module, started by the composition root: the sweep that asks for
 * feedback on completed sessions (every few minutes) and the alert pass (once a night, 03:00 UTC).
 * Timers do not keep the process alive; errors are logged and retried at the next tick.
 */
export function startFeedbackJobs(deps: FeedbackDeps, log: { error(obj: object, msg: string): void }, everyMs = 5 * 60_000) {
  let running = false;
  let lastNight = '';
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const now = deps.now();
      await requestFeedbackForCompleted(deps, now);
      const night = now.toISOString().slice(0, 10);
      if (now.getUTCHours() >= 3 && night !== lastNight) {
        lastNight = night;
        await computeAllAlerts(deps);
      }
    } catch (error) {
      log.error({ err: (error as Error).message }, 'feedback jobs failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer), tick };
}
