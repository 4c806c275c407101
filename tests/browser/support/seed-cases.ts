import { randomBytes } from 'node:crypto';
import type { CaseDoc, CaseState } from '@smt/shared';
import type { TestServer } from '../../support/server.ts';

/**
 * Open cases written straight into the server's `cases` database, for volume checks of the
 * console: the workflow worker projects them out to the staff as it does any case. Every
 * tenth is flagged overdue.
 */
const STATES: readonly CaseState[] = [
  'accepted',
  'verifying',
  'verified',
  'dispatched',
  'assigned',
  'disposed',
  'checking',
  'checked',
];
const DISTRICTS = ['长安区', '桥西区'] as const;
export const OVERDUE_EVERY = 10;

function reportId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(24);
  return `r${[...bytes].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

export function seedNumber(index: number): string {
  return `SEED-${String(index).padStart(4, '0')}`;
}

export async function seedOpenCases(server: TestServer, count: number): Promise<CaseDoc[]> {
  const now = new Date().toISOString();
  const docs: CaseDoc[] = [];
  for (let i = 0; i < count; i++) {
    const id = reportId();
    const state = STATES[i % STATES.length]!;
    const district = DISTRICTS[i % DISTRICTS.length]!;
    const past = STATES.indexOf(state) >= STATES.indexOf('dispatched');
    const assigned = STATES.indexOf(state) >= STATES.indexOf('assigned');
    const doc: CaseDoc = {
      _id: `case-${id}`,
      type: 'case',
      reportId: id,
      citizen: { principalId: 'cseedcitizen01', db: 'citizen-cseedcitizen01' },
      caseNumber: seedNumber(i),
      state,
      category: { major: 'garbage', minor: 'exposed-garbage' },
      description: `种子案卷 ${i}`,
      location: {
        lat: 38.03 + (i % 20) * 0.002,
        lng: district === '长安区' ? 114.53 + (i % 7) * 0.003 : 114.47 + (i % 7) * 0.003,
        source: 'gps',
      },
      district,
      capturedAt: now,
      receivedAt: now,
      judgedAt: now,
      judgedOn: 'capture',
      followUpSms: false,
      photoCount: 0,
      photos: [],
      history: [{ state, at: now, by: 'intake' }],
      overdue: i % OVERDUE_EVERY === 0,
      updatedAt: now,
    };
    if (past) doc.dispatchedTo = district;
    if (assigned) doc.teamId = district === '长安区' ? 'changanteam1' : 'qiaoxiteam01';
    docs.push(doc);
  }
  await server.couch.use<CaseDoc>('cases').bulk({ docs });
  return docs;
}
