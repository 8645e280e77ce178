/**
 * A quick loop for the audit of reads alone (not part of `npm run bench`): appends batches of 25
 * `patient.viewed` events through `recordAccess`, as a busy turn of chart openings does, to a copy of
 * a generated clinic, and prints the CPU and the bytes written (log and checkpoints) per event.
 *   npx tsx bench/generate-clinic.ts --clinic=large --file=/tmp/chart-clinic.sqlite   (once)
 *   npx tsx bench/audit-append.ts [--file=/tmp/chart-clinic.sqlite] [--batches=4000]
 * Bytes written come from /proc/self/io (Linux): steadier than time on a shared machine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ALL_MIGRATIONS } from '../src/server/migrations.js';
import { recordAccess } from '../src/server/modules/audit/index.js';
import { openDatabase } from '../src/server/platform/db/index.js';
import { migrate } from '../src/server/platform/db/migrator.js';

const flags = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const source = flags.get('file') ?? '/tmp/chart-clinic.sqlite';
const batches = Number(flags.get('batches') ?? 4000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-audit-'));
const file = path.join(dir, 'attune.sqlite');
fs.copyFileSync(source, file);
const handle = openDatabase({ kind: 'sqlite', file });
await migrate(handle.db, 'sqlite', ALL_MIGRATIONS); // a clinic generated before the latest migrations
const raw = handle.sqlite as NonNullable<typeof handle.sqlite>;
const clinicId = (raw.prepare('select id from clinics limit 1').get() as { id: string }).id;
const actorUserId = (raw.prepare('select id from users limit 1').get() as { id: string }).id;
const patients = (raw.prepare('select id from patients').all() as Array<{ id: string }>).map((r) => r.id);
let next = 0;
const batch = () =>
  Promise.all(
    Array.from({ length: 25 }, () => {
      const patientId = patients[(next++ * 7919) % patients.length] as string;
      return recordAccess(handle.db, 'sqlite', {
        type: 'patient.viewed',
        clinicId,
        actorUserId,
        patientId,
        subject: { type: 'patient', id: patientId },
        ip: '127.0.0.1',
      });
    }),
  );
const written = () => Number(/wchar: (\d+)/.exec(fs.readFileSync('/proc/self/io', 'utf8'))?.[1] ?? Number.NaN);
for (let i = 0; i < batches / 10; i++) await batch(); // warm-up
const bytes = written();
const cpu = process.cpuUsage();
const started = process.hrtime.bigint();
for (let i = 0; i < batches; i++) await batch();
const events = batches * 25;
const used = process.cpuUsage(cpu);
process.stdout.write(
  `audit append: ${(Number(process.hrtime.bigint() - started) / 1000 / events).toFixed(1)} µs per event, ` +
    `CPU ${((used.user + used.system) / events).toFixed(1)} µs, ${((written() - bytes) / events).toFixed(0)} bytes written per event\n`,
);
await handle.close();
fs.rmSync(dir, { recursive: true, force: true });
