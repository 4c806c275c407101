import type { CaseView } from './case-view.ts';

/**
 * Who may act on a case. Staff roles follow Shijiazhuang's digital city management: the city's
 * monitoring and command centre (监督指挥中心), the district platforms (二级平台), supervisors
 * (监督员) who verify and check on site, and disposal teams (处置部门 / 城管队员). Citizens act
 * only on their own report; `system` is a server worker (intake, timers).
 */
export const ROLES = [
  'center-dispatcher',
  'district-dispatcher',
  'supervisor',
  'disposal-team',
  'citizen',
  'system',
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, { 'zh-CN': string; en: string }> = {
  'center-dispatcher': { 'zh-CN': '监督指挥中心', en: 'Monitoring and command centre' },
  'district-dispatcher': { 'zh-CN': '二级平台', en: 'District platform' },
  supervisor: { 'zh-CN': '监督员', en: 'Supervisor' },
  'disposal-team': { 'zh-CN': '处置部门', en: 'Disposal team' },
  citizen: { 'zh-CN': '市民', en: 'Citizen' },
  system: { 'zh-CN': '系统', en: 'System' },
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * What the server knows about the person behind an action, from their account, never from
 * the action document: the document's own claims are only compared against it.
 */
export type ActorScope =
  | { role: 'center-dispatcher'; principalId: string }
  | { role: 'district-dispatcher'; principalId: string; district: string }
  // An area is a set of districts; finer grids (责任网格) are not modelled yet.
  | { role: 'supervisor'; principalId: string; districts: readonly string[] }
  | { role: 'disposal-team'; principalId: string; teamId: string }
  | { role: 'citizen'; principalId: string }
  | { role: 'system'; principalId: string };

/**
 * Whether the case lies within the actor's reach. A district platform reaches the cases
 * dispatched to it, a supervisor the cases located in their area, a team the cases assigned
 * to it, a citizen their own reports; the centre and the server's workers reach every case.
 */
export function inScope(scope: ActorScope, view: CaseView): boolean {
  switch (scope.role) {
    case 'center-dispatcher':
    case 'system':
      return true;
    case 'district-dispatcher':
      return view.dispatchedTo === scope.district;
    case 'supervisor':
      return view.district !== undefined && scope.districts.includes(view.district);
    case 'disposal-team':
      return view.teamId === scope.teamId;
    case 'citizen':
      return view.citizenPrincipalId === scope.principalId;
  }
}
