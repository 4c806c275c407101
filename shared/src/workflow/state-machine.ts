import type { CaseState } from '../docs.ts';
import type { ActionKind, ActionOutcome } from './actions.ts';
import type { Role } from './roles.ts';

/**
 * The closed loop (闭环) of digital city management, as data. A citizen's report arrives as
 * `received`; the centre accepts it (立案) and sends a supervisor to verify it on site (核实),
 * who confirms it, corrects its category, or finds nothing; the centre dispatches it to a
 * district platform (派遣), which assigns a disposal team; the team reports the disposal
 * (处置反馈); the centre sends a supervisor to check it (核查); a passed check lets the centre
 * close the case (结案), a failed one (or a disposal the centre finds wanting) sends it back
 * to the team for rework (返工), which counts a new round.
 *
 * Besides: the centre may reject a report at acceptance, mark one as a duplicate until it
 * is verified, and cancel any open case; a citizen may withdraw a report until it is
 * accepted; the intake worker rejects reports that fail the rules.
 */
export interface Transition {
  from: CaseState;
  kind: ActionKind;
  /** For verify and check, the outcome the payload names; the row applies to that only. */
  outcome?: ActionOutcome;
  to: CaseState;
  roles: readonly Role[];
}

/** How a refusal names the state it found ("it is now being checked"). */
export const STATE_PHRASES: Record<CaseState, string> = {
  received: 'waiting to be accepted',
  accepted: 'accepted and waiting to be verified',
  rejected: 'rejected',
  verifying: 'being verified on site',
  verified: 'verified and waiting to be dispatched',
  dispatched: 'with a district platform, waiting for a team',
  assigned: 'with a disposal team',
  disposed: 'disposed and waiting to be checked',
  checking: 'being checked',
  checked: 'checked and waiting to be closed',
  'check-failed': 'failed its check and waiting to go back for rework',
  closed: 'closed',
  cancelled: 'cancelled',
  duplicate: 'marked as a duplicate',
};

export const CASE_STATES = Object.keys(STATE_PHRASES) as readonly CaseState[];
export const INITIAL_STATE: CaseState = 'received';
export const TERMINAL_STATES: readonly CaseState[] = [
  'rejected',
  'cancelled',
  'duplicate',
  'closed',
];
export const OPEN_STATES: readonly CaseState[] = CASE_STATES.filter(
  (state) => !TERMINAL_STATES.includes(state),
);

const CENTER: readonly Role[] = ['center-dispatcher'];
const DISTRICT: readonly Role[] = ['district-dispatcher'];
const SUPERVISOR: readonly Role[] = ['supervisor'];
const TEAM: readonly Role[] = ['disposal-team'];

const LOOP: readonly Transition[] = [
  { from: 'received', kind: 'accept', to: 'accepted', roles: CENTER },
  { from: 'received', kind: 'reject', to: 'rejected', roles: ['center-dispatcher', 'system'] },
  { from: 'accepted', kind: 'request-verify', to: 'verifying', roles: CENTER },
  { from: 'verifying', kind: 'verify', outcome: 'confirm', to: 'verified', roles: SUPERVISOR },
  {
    from: 'verifying',
    kind: 'verify',
    outcome: 'correct-category',
    to: 'verified',
    roles: SUPERVISOR,
  },
  {
    from: 'verifying',
    kind: 'verify',
    outcome: 'nothing-found',
    to: 'cancelled',
    roles: SUPERVISOR,
  },
  { from: 'verified', kind: 'dispatch', to: 'dispatched', roles: CENTER },
  // Re-dispatch: the centre corrects the district before a team is assigned.
  { from: 'dispatched', kind: 'dispatch', to: 'dispatched', roles: CENTER },
  { from: 'dispatched', kind: 'assign', to: 'assigned', roles: DISTRICT },
  // Re-assignment to another team of the same district, before the disposal is reported.
  { from: 'assigned', kind: 'assign', to: 'assigned', roles: DISTRICT },
  { from: 'assigned', kind: 'dispose', to: 'disposed', roles: TEAM },
  { from: 'disposed', kind: 'request-check', to: 'checking', roles: CENTER },
  { from: 'disposed', kind: 'return', to: 'assigned', roles: CENTER },
  { from: 'checking', kind: 'check', outcome: 'pass', to: 'checked', roles: SUPERVISOR },
  { from: 'checking', kind: 'check', outcome: 'fail', to: 'check-failed', roles: SUPERVISOR },
  { from: 'checked', kind: 'close', to: 'closed', roles: CENTER },
  { from: 'checked', kind: 'return', to: 'assigned', roles: CENTER },
  { from: 'check-failed', kind: 'return', to: 'assigned', roles: CENTER },
];

const DUPLICATE_FROM: readonly CaseState[] = ['received', 'accepted', 'verifying'];

export const TRANSITIONS: readonly Transition[] = [
  ...LOOP,
  ...DUPLICATE_FROM.map((from): Transition => ({
    from,
    kind: 'mark-duplicate',
    to: 'duplicate',
    roles: CENTER,
  })),
  ...OPEN_STATES.map((from): Transition => ({
    from,
    kind: 'cancel',
    to: 'cancelled',
    roles: from === 'received' ? ['center-dispatcher', 'citizen'] : CENTER,
  })),
];

function keyOf(from: CaseState, kind: ActionKind, outcome: ActionOutcome | undefined): string {
  return `${from} ${kind} ${outcome ?? ''}`;
}

/**
 * Indexed once; a second row for the same state, kind and outcome would make the outcome
 * depend on the order of the table, and a row out of a terminal state would reopen a case,
 * so either stops the process when it loads.
 */
const BY_KEY = new Map<string, Transition>();
for (const row of TRANSITIONS) {
  const key = keyOf(row.from, row.kind, row.outcome);
  if (BY_KEY.has(key)) throw new Error(`two transitions for ${key}`);
  if (TERMINAL_STATES.includes(row.from)) throw new Error(`transition out of ${row.from}`);
  BY_KEY.set(key, row);
}

export function findTransition(
  from: CaseState,
  kind: ActionKind,
  outcome?: ActionOutcome,
): Transition | undefined {
  return BY_KEY.get(keyOf(from, kind, outcome));
}

export function isTerminal(state: CaseState): boolean {
  return TERMINAL_STATES.includes(state);
}

/** Whether the role may do this kind of action in some state; if not, no state will help. */
export function roleMayEver(kind: ActionKind, role: Role): boolean {
  return TRANSITIONS.some((row) => row.kind === kind && row.roles.includes(role));
}

/** The states a case can reach from `received` through the table. */
export function reachableStates(): ReadonlySet<CaseState> {
  const reached = new Set<CaseState>([INITIAL_STATE]);
  const queue: CaseState[] = [INITIAL_STATE];
  for (let state = queue.shift(); state !== undefined; state = queue.shift()) {
    for (const row of TRANSITIONS) {
      if (row.from === state && !reached.has(row.to)) {
        reached.add(row.to);
        queue.push(row.to);
      }
    }
  }
  return reached;
}
