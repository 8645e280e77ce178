import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { AppDb, DialectName } from '../db/index.js';
import type { Migration } from '../db/migrator.js';

/**
 * Mail goes through an outbox table written in the same transaction as the change that causes it,
 * so nothing is lost when the SMTP server is down; a worker claims and delivers rows. Claims live
 * in the database, so several Attune processes can share one PostgreSQL without sending twice.
 */
interface OutboxTable {
  id: string;
  created_at: string;
  to_address: string;
  subject: string;
  body_text: string | null;
  attempts: number;
  next_attempt_at: string;
  claimed_until: string | null;
  sent_at: string | null;
  last_error: string | null;
}
interface MailTables {
  mail_outbox: OutboxTable;
}
const own = (db: AppDb) => db as Kysely<MailTables>;

export const mailMigrations: Migration[] = [
  {
    id: 'platform/001-mail-outbox',
    async up(db) {
      await db.schema
        .createTable('mail_outbox')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('to_address', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('body_text', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('claimed_until', 'text')
        .addColumn('sent_at', 'text')
        .addColumn('last_error', 'text')
        .execute();
      await db.schema.createIndex('mail_outbox_due').on('mail_outbox').columns(['sent_at', 'next_attempt_at']).execute();
    },
  },
];

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** True when SMTP is configured; otherwise the caller shows the link instead of mailing it. */
  readonly enabled: boolean;
  /** Queues a message inside the caller's transaction. */
  enqueue(tx: AppDb, mail: OutgoingMail, now: Date): Promise<void>;
  /** Delivers what is due; returns how many were sent. The worker calls it on a timer. */
  deliverDue(now?: Date): Promise<number>;
  start(intervalMs?: number): void;
  stop(): void;
}

const MAX_ATTEMPTS = 8;

export function createMailer(opts: { db: AppDb; dialect: DialectName; smtpUrl: string | undefined; from: string; logger: Logger }): Mailer {
  const transport = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : undefined;
  let timer: NodeJS.Timeout | undefined;
  let running = false;

  async function claim(now: Date, batch: number): Promise<OutboxTable[]> {
    const nowIso = now.toISOString();
    const until = new Date(now.getTime() + 60_000).toISOString();
    const db = own(opts.db);
    return db.transaction().execute(async (tx) => {
      let q = tx
        .selectFrom('mail_outbox')
        .select('id')
        .where('sent_at', 'is', null)
        .where('attempts', '<', MAX_ATTEMPTS)
        .where('next_attempt_at', '<=', nowIso)
        .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', nowIso)]))
        .orderBy('created_at')
        .limit(batch);
      if (opts.dialect === 'postgres') q = q.modifyEnd(sql`for update skip locked`);
      const ids = (await q.execute()).map((r) => r.id);
      if (ids.length === 0) return [];
      await tx.updateTable('mail_outbox').set({ claimed_until: until }).where('id', 'in', ids).execute();
      return tx.selectFrom('mail_outbox').selectAll().where('id', 'in', ids).execute();
    });
  }

  const mailer: Mailer = {
    enabled: transport !== undefined,
    async enqueue(tx, mail, now) {
      await own(tx)
        .insertInto('mail_outbox')
        .values({
          id: crypto.randomUUID(),
          created_at: now.toISOString(),
          to_address: mail.to,
          subject: mail.subject,
          body_text: mail.text,
          attempts: 0,
          next_attempt_at: now.toISOString(),
          claimed_until: null,
          sent_at: null,
          last_error: null,
        })
        .execute();
    },
    async deliverDue(now = new Date()) {
      if (!transport) return 0;
      let sent = 0;
      for (const row of await claim(now, 20)) {
        try {
          await transport.sendMail({ from: opts.from, to: row.to_address, subject: row.subject, text: row.body_text ?? '' });
          // The body may hold a single-use link: keep only the fact that it was sent.
          await own(opts.db)
            .updateTable('mail_outbox')
            .set({ sent_at: new Date().toISOString(), body_text: null, claimed_until: null, attempts: row.attempts + 1 })
            .where('id', '=', row.id)
            .execute();
          sent++;
        } catch (error) {
          const attempts = row.attempts + 1;
          const backoffMs = Math.min(3_600_000, 2 ** attempts * 5_000);
          await own(opts.db)
            .updateTable('mail_outbox')
            .set({
              attempts,
              claimed_until: null,
              last_error: (error as Error).message.slice(0, 500),
              next_attempt_at: new Date(now.getTime() + backoffMs).toISOString(),
            })
            .where('id', '=', row.id)
            .execute();
          opts.logger.warn({ outboxId: row.id, attempts }, 'mail delivery failed; will retry');
        }
      }
      return sent;
    },
    start(intervalMs = 2000) {
      if (!transport || timer) return;
      timer = setInterval(() => {
        if (running) return;
        running = true;
        mailer
          .deliverDue()
          .catch((error: Error) => opts.logger.error({ err: error.message }, 'mail worker failed'))
          .finally(() => {
            running = false;
          });
      }, intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      transport?.close();
    },
  };
  return mailer;
}
