import type { Logger } from 'pino';
import type { CaseDoc, CaseEvent, ReportDoc } from '@smt/shared';
import {
  caseIdFor,
  judgeAcceptanceHours,
  judgeCoverage,
  parsePrincipalDb,
  parseReport,
  reason,
  REPORT_ID,
} from '@smt/shared';
import type { Store } from '../store/index.ts';
import { allocateCaseNumber } from '../cases/case-number.ts';
import { casesDb, findCase, linkPhotos } from '../cases/case-store.ts';
import { projectToCitizen } from '../cases/projection.ts';
import { createOnce } from '../lib/couch-docs.ts';
import type { ChangeHandler } from './follower.ts';

/**
 * Intake: judges each new report in a citizen's database and opens its case.
 *
 * The case id is derived from the report id, which the device made: a report that arrives
 * twice, or is seen again after a restart, finds its case and only re-projects the status.
 * A report is judged once, on its first version; the device writes it only once anyway.
 */
export function intakeHandler(store: Store, log: Logger): ChangeHandler {
  return {
    name: 'intake',
    selects: (dbName) => {
      const parsed = parsePrincipalDb(dbName);
      return parsed?.kind === 'citizen' && parsed.alias === 'main';
    },
    async handle(dbName, change) {
      const doc = change.doc as { _id?: string; type?: unknown; _deleted?: boolean } | undefined;
      if (!doc || doc._deleted || doc.type !== 'report') return;
      const principalId = parsePrincipalDb(dbName)!.principalId;

      const existing = await findCase(store, change.id);
      if (existing) {
        // A replay after a crash: finish what the first pass may not have reached. linkPhotos
        // reads the case afresh and projects it, linked or not.
        await linkPhotos(store, existing.reportId);
        return;
      }

      const caseDoc = await judge(store, doc, principalId, dbName);
      const created = await createOnce(casesDb(store), caseDoc);
      const stored = created ? caseDoc : ((await findCase(store, caseDoc.reportId)) ?? caseDoc);
      log.info(
        {
          principalId,
          reportId: stored.reportId,
          state: stored.state,
          reason: stored.reason?.code,
        },
        created ? 'case opened' : 'case already open',
      );
      await projectToCitizen(store, stored);
      await linkPhotos(store, stored.reportId);
    },
  };
}

async function judge(
  store: Store,
  doc: { _id?: string },
  principalId: string,
  dbName: string,
): Promise<CaseDoc> {
  const receivedAt = new Date();
  const now = receivedAt.toISOString();
  const parsed = parseReport(doc);
  if (!parsed.ok) return malformedCase(doc, principalId, dbName, now, parsed.reason);
  const report = parsed.report;

  const hours = judgeAcceptanceHours(report.capturedAt, receivedAt);
  const coverage = judgeCoverage(report.location);
  const refusal = !hours.open
    ? (hours.reason ?? reason('outside-acceptance-hours'))
    : coverage.reason;
  const accepted = refusal === undefined;

  const caseDoc = baseCase(report, principalId, dbName, now);
  caseDoc.judgedAt = hours.judgedAt;
  caseDoc.judgedOn = hours.judgedOn;
  if (coverage.district) caseDoc.district = coverage.district;
  if (accepted) {
    caseDoc.caseNumber = await allocateCaseNumber(store, receivedAt);
    caseDoc.state = 'accepted';
  } else {
    caseDoc.state = 'rejected';
    caseDoc.reason = refusal;
  }
  caseDoc.history = [event(caseDoc.state, now, caseDoc.reason)];
  return caseDoc;
}

function baseCase(report: ReportDoc, principalId: string, dbName: string, now: string): CaseDoc {
  return {
    _id: caseIdFor(report._id),
    type: 'case',
    reportId: report._id,
    citizen: { principalId, db: dbName },
    state: 'received',
    category: report.category,
    description: report.description,
    location: report.location,
    capturedAt: report.capturedAt,
    receivedAt: now,
    judgedAt: now,
    judgedOn: 'receipt',
    followUpSms: report.followUpSms,
    photoCount: report.photoCount,
    photos: [],
    history: [],
    updatedAt: now,
  };
}

/**
 * A report the device should never have sent. It still gets a case (state rejected), so the
 * citizen sees why and staff can find it; nothing from it is trusted beyond its id.
 */
function malformedCase(
  doc: { _id?: string },
  principalId: string,
  dbName: string,
  now: string,
  why: CaseDoc['reason'],
): CaseDoc {
  const reportId =
    typeof doc._id === 'string' && REPORT_ID.test(doc._id) ? doc._id : String(doc._id);
  return {
    _id: caseIdFor(reportId),
    type: 'case',
    reportId,
    citizen: { principalId, db: dbName },
    state: 'rejected',
    reason: why,
    category: { major: '', minor: '' },
    description: '',
    location: { lat: 0, lng: 0, source: 'map' },
    capturedAt: now,
    receivedAt: now,
    judgedAt: now,
    judgedOn: 'receipt',
    followUpSms: false,
    photoCount: 0,
    photos: [],
    history: [event('rejected', now, why)],
    updatedAt: now,
  };
}

function event(state: CaseEvent['state'], at: string, why?: CaseEvent['reason']): CaseEvent {
  return why ? { state, at, reason: why, by: 'intake' } : { state, at, by: 'intake' };
}
