import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { maskPhone, SERVER_DBS } from '@smt/shared';
import type { Store } from '../store/index.ts';

/** Sends one text message; a real deployment plugs in its SMS gateway here. */
export interface SmsProvider {
  send(toE164: string, text: string): Promise<void>;
}

/** What OutboxSmsProvider writes to the `sms-outbox` database. */
export interface OutboxSmsDoc {
  _id: string;
  type: 'sms';
  to: string;
  text: string;
  createdAt: string;
}

/**
 * The embedded default: each message becomes a document in `sms-outbox` (which an operator or
 * a relay can read) and a log line that shows neither the full number nor the text.
 */
export class OutboxSmsProvider implements SmsProvider {
  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    private readonly echoText = false,
  ) {
    if (echoText)
      this.log.warn('SMS_ECHO_TO_LOG is on: message texts, sign-in codes included, go to the log');
  }

  async send(toE164: string, text: string): Promise<void> {
    await this.store.ensureDb(SERVER_DBS.smsOutbox);
    const createdAt = new Date().toISOString();
    // Time first, so that _all_docs lists the outbox in the order it was written.
    const doc: OutboxSmsDoc = {
      _id: `sms-${createdAt}-${randomBytes(4).toString('hex')}`,
      type: 'sms',
      to: toE164,
      text,
      createdAt,
    };
    await this.store.couch.use<OutboxSmsDoc>(SERVER_DBS.smsOutbox).insert(doc);
    const fields = { toMasked: maskPhone(toE164), chars: text.length };
    this.log.info(this.echoText ? { ...fields, text } : fields, 'SMS written to outbox');
  }
}
