import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { StaffProfile } from '@smt/shared';
import type { Store } from '../store/index.ts';
import { createStaffAccount } from './staff.ts';

/**
 * DEMO ONLY: a small set of staff accounts so that a fresh installation can be tried at once.
 * They all share one password (DEMO_STAFF_PASSWORD, or one made up and logged when they are
 * created). Turn them off with DEMO_STAFF=false before real use.
 */
export const DEMO_TEAM_CHANGAN = 'changanteam1';
export const DEMO_TEAM_QIAOXI = 'qiaoxiteam01';

export const DEMO_STAFF: readonly StaffProfile[] = [
  { role: 'center-dispatcher', name: 'demo-center', displayName: '演示·监督指挥中心' },
  {
    role: 'district-dispatcher',
    name: 'demo-changan-desk',
    displayName: '演示·长安区平台',
    district: '长安区',
  },
  {
    role: 'district-dispatcher',
    name: 'demo-qiaoxi-desk',
    displayName: '演示·桥西区平台',
    district: '桥西区',
  },
  {
    role: 'supervisor',
    name: 'demo-supervisor',
    displayName: '演示·监督员（长安区、桥西区）',
    districts: ['长安区', '桥西区'],
  },
  {
    role: 'disposal-team',
    name: 'demo-team-a1',
    displayName: '演示·长安区处置一队 队员1',
    teamId: DEMO_TEAM_CHANGAN,
  },
  {
    role: 'disposal-team',
    name: 'demo-team-a2',
    displayName: '演示·长安区处置一队 队员2',
    teamId: DEMO_TEAM_CHANGAN,
  },
  {
    role: 'disposal-team',
    name: 'demo-team-b1',
    displayName: '演示·桥西区处置队 队员1',
    teamId: DEMO_TEAM_QIAOXI,
  },
];

const GENERATED_PASSWORD_BYTES = 9;

/** Creates the demo accounts that are missing; logs how to sign in when it created any. */
export async function ensureDemoStaff(
  store: Store,
  password: string | undefined,
  log: Logger,
): Promise<void> {
  const chosen = password ?? randomBytes(GENERATED_PASSWORD_BYTES).toString('base64url');
  const created: string[] = [];
  for (const profile of DEMO_STAFF) {
    const result = await createStaffAccount(store, profile, chosen);
    if (result.created) created.push(`${profile.name} (${profile.role})`);
  }
  if (created.length === 0) return;

  // The password is logged on purpose, under a key the redaction leaves alone: these accounts
  // exist to be tried, and a generated password is shown nowhere else.
  log.warn(
    {
      demoAccounts: created,
      demoSignIn: password ? 'the password in DEMO_STAFF_PASSWORD' : chosen,
      disableWith: 'DEMO_STAFF=false',
    },
    'DEMO staff accounts created: sign in at POST /api/auth/staff with {name, password}',
  );
}
