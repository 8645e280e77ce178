/**
 * The end of the current turn of the event loop, shared by what batches work there: the audit's
 * group commit (`atTurnEnd`) and the HTTP responses held to leave together (`holdToTurnEnd`).
 *
 * Order matters. Work queued with `atTurnEnd` runs first (a batch of audited reads commits and
 * their requests resume); the responses those requests then produce are released in the same turn,
 * once the promise continuations have run, rather than a whole turn later. Released a turn later,
 * they waited while the next turn's requests were read and handled: measured on the chart, 60 µs
 * more server CPU per request (decision 0007, session 11).
 */

let tasks: Array<() => void> = [];
let held: Array<() => void> = [];
let scheduled = false;
/** True from the end-of-turn callback until the held responses are released. */
let releasing = false;

function schedule() {
  if (scheduled) return;
  scheduled = true;
  setImmediate(endOfTurn);
}

function endOfTurn() {
  scheduled = false;
  const now = tasks;
  tasks = [];
  for (const task of now) task();
  releasing = true;
  // The requests `now` resumed continue in promise reactions queued above; a tick queued from a
  // microtask runs once the whole microtask queue is empty, i.e. after they have all answered.
  queueMicrotask(() => process.nextTick(release));
}

function release() {
  releasing = false;
  const ready = held;
  held = [];
  for (const send of ready) send();
}

/** Runs `task` at the end of this turn of the event loop (several tasks: in the order queued). */
export function atTurnEnd(task: () => void): void {
  tasks.push(task);
  schedule();
}

/** Calls `send` at the end of this turn, after the `atTurnEnd` tasks and what they resumed. */
export function holdToTurnEnd(send: () => void): void {
  held.push(send);
  if (!releasing) schedule();
}
