import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/**
 * The writer still checkpoints once the log holds this many pages (about 94 MB), but by then the
 * worker has copied nearly all of them: what is left is what was written since the worker's last
 * pass (and the two fsyncs). Without it the log never starts again from the top under continuous
 * writes (a passive checkpoint never catches up with a writer that never pauses; measured: 300 MB
 * of log after one 7-second round). Under the chart round the log still reaches this size now and
 * then (the file stays at its high-water mark, about 94 MB), but the log mostly starts again from the
 * top before that: traced for 8 seconds, it did so 12 times and the writer never checkpointed.
 */
const WRITER_CHECKPOINT_PAGES = 24_000;

/**
 * Copies the write-ahead log back into the database file from a worker thread, so the request
 * thread never does it.
 *
 * SQLite's default is that a commit which takes the log past 1,000 pages checkpoints at once: that
 * commit copies the pages and waits for two fsyncs while every other request on the event loop
 * waits too. The audited reads write a page or so per request, so under load that was several
 * stalls a second (chart round, 50 connections: p99 17.8–21.5 ms with them, 11.9–15.8 ms without,
 * same runs). Here the writer never checkpoints by itself; a worker with its own connection runs a
 * PASSIVE checkpoint every `intervalMs`, which never blocks the writer or readers (it copies what no
 * reader still needs), and SQLite starts the log again from the top once it is fully copied.
 * Durability is unchanged: commits are on disk in the log (synchronous = NORMAL) either way.
 *
 * Should the worker fail, the writer checkpoints by itself again, as before.
 *
 * Every half second, not every 50 ms: each pass that copies pages ends with two fsyncs, and most
 * likely the file system's commits of those hold up the writer's appends to the log meanwhile (under
 * strace a 24-byte frame header write was seen taking 1.7–3.7 ms). At 50 ms the chart round had a
 * commit of 9–16 ms about four times a second (the audit flush, timed inside: everything else in it
 * well under a millisecond); at 500 ms, about once a second. Chart loop, 50 connections, five interleaved pairs
 * (decision 0007, session 12): p99 15.5–18.4 ms against 20.0–23.0 ms, with the log up to 94 MB;
 * `/api/me` after it was no slower (46–47 µs of CPU per request, p99 4.8 ms).
 */
export function startCheckpointer(writer: Database.Database, file: string, intervalMs = 500): { stop(): Promise<void> } {
  // The worker is plain CommonJS evaluated from a string: it needs no TypeScript loader.
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const Database = require(workerData.driver);
    const connection = new Database(workerData.file, { fileMustExist: true });
    connection.pragma('busy_timeout = 0');
    const timer = setInterval(() => connection.pragma('wal_checkpoint(PASSIVE)'), workerData.intervalMs);
    parentPort.on('message', () => {
      clearInterval(timer);
      connection.close();
      parentPort.close();
    });
  `;
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(source, { eval: true, workerData: { file, driver, intervalMs } });
  writer.pragma(`wal_autocheckpoint = ${WRITER_CHECKPOINT_PAGES}`);
  const fallBack = () => {
    if (writer.open) writer.pragma('wal_autocheckpoint = 1000');
  };
  worker.on('error', fallBack);
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      // Held open until the worker has closed its connection: unreferenced, the process could end first.
      worker.ref();
      worker.postMessage('stop');
      await exited;
      fallBack();
    },
  };
}
