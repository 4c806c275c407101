import type { Role } from './roles.ts';

/**
 * Action documents: what a person (or a server worker) asks to happen to a case. Written
 * once, by the acting person's device or console, into that principal's database; never
 * edited. The workflow worker applies them to the case in the order they reach the server.
 */
export const ACTION_KINDS = [
  'accept', // 立案
  'reject', // 不予立案
  'cancel', // 作废 (a citizen's withdrawal before acceptance, or the centre at any time)
  'mark-duplicate',
  'request-verify', // 派核实
  'verify', // 核实
  'dispatch', // 派遣 to a district platform
  'assign', // 派遣 to a disposal team
  'dispose', // 处置反馈
  'request-check', // 派核查
  'check', // 核查
  'return', // 返工
  'close', // 结案
] as const;

export type ActionKind = (typeof ACTION_KINDS)[number];

/** `action-` + 20 to 40 lowercase letters and digits made on the device (a lowercase ULID). */
export const ACTION_ID = /^action-[a-z0-9]{20,40}$/;

/** Case ids are `case-<reportId>`. */
export const CASE_ID = /^case-r[a-z0-9]{19,39}$/;

export interface CategoryCodes {
  major: string;
  minor: string;
}

export type VerifyPayload =
  | { outcome: 'confirm'; note?: string; photoIds?: string[] }
  | { outcome: 'correct-category'; category: CategoryCodes; note?: string; photoIds?: string[] }
  | { outcome: 'nothing-found'; note: string; photoIds?: string[] };

/**
 * `reworkCount` in a disposal or a check is the round the device's task showed, so that
 * an answer made offline for an earlier round cannot be taken for an answer to the current one.
 */
export type CheckPayload =
  | { reworkCount: number; outcome: 'pass'; note?: string; photoIds?: string[] }
  | { reworkCount: number; outcome: 'fail'; note: string; photoIds?: string[] };

export interface ActionPayloads {
  accept: { note?: string };
  reject: { reason: string };
  cancel: { reason: string };
  'mark-duplicate': { of: string; note?: string };
  'request-verify': { note?: string };
  verify: VerifyPayload;
  dispatch: { district: string; note?: string };
  assign: { teamId: string; note?: string };
  dispose: { reworkCount: number; note: string; photoIds: string[] };
  'request-check': { note?: string };
  check: CheckPayload;
  return: { reason: string };
  close: { note?: string };
}

export interface ActionActor {
  principalId: string;
  role: Role;
}

interface ActionDocOf<K extends ActionKind> {
  _id: string;
  type: 'action';
  caseId: string;
  kind: K;
  actor: ActionActor;
  /** The device's clock when the person acted: shown to people, never used for ordering. */
  at: string;
  payload: ActionPayloads[K];
}

export type ActionDoc = { [K in ActionKind]: ActionDocOf<K> }[ActionKind];

/** Kinds whose payload picks between transitions (verify, check); others have one. */
export type ActionOutcome = VerifyPayload['outcome'] | CheckPayload['outcome'];

export function outcomeOf(action: ActionDoc): ActionOutcome | undefined {
  return action.kind === 'verify' || action.kind === 'check' ? action.payload.outcome : undefined;
}

/** The text a person gave with the action, for the case history. */
export function noteOf(action: ActionDoc): string | undefined {
  const payload = action.payload;
  if ('reason' in payload) return payload.reason;
  return 'note' in payload ? payload.note : undefined;
}

export function photoIdsOf(action: ActionDoc): readonly string[] {
  const payload = action.payload;
  return ('photoIds' in payload ? payload.photoIds : undefined) ?? [];
}
