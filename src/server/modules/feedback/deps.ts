import type { AppDb, DialectName } from '../../platform/db/index.js';
import type { Mailer } from '../../platform/mail/index.js';

export interface FeedbackDeps {
  db: AppDb;
  dialect: DialectName;
  now: () => Date;
  mailer: Mailer;
  publicUrl: string | undefined;
}
