import type { AppDb, DialectName } from '../../platform/db/index.js';
import type { Mailer } from '../../platform/mail/index.js';
import type { SessionPolicy } from '../auth/index.js';

export interface ClinicDeps {
  db: AppDb;
  dialect: DialectName;
  now: () => Date;
  session: SessionPolicy;
  /** Base of links in emails (invitations): ATTUNE_PUBLIC_URL or the address the request came to. */
  publicUrl: string | undefined;
  mailer: Mailer;
}
