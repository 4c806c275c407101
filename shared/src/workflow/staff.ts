import type { PrincipalKind } from '../databases.ts';
import type { ActorScope, Role } from './roles.ts';

/**
 * Staff accounts as the workflow sees them. A person signs in by name and password; the
 * account fixes their role and reach, and the workflow worker judges every action against
 * that, never against what the action document claims.
 *
 * Field staff (supervisors and disposal team members) get a `team-…` database, people at a
 * desk (the centre and the district platforms) a `desk-…` one; both only ever write actions.
 */
export type StaffRole = Exclude<Role, 'citizen' | 'system'>;

export const STAFF_ROLES: readonly StaffRole[] = [
  'center-dispatcher',
  'district-dispatcher',
  'supervisor',
  'disposal-team',
];

/** Login names: lowercase letters, digits and hyphens, so they never need escaping. */
export const STAFF_NAME = /^[a-z][a-z0-9-]{2,39}$/;

export type StaffProfile =
  | { role: 'center-dispatcher'; name: string; displayName: string }
  | { role: 'district-dispatcher'; name: string; displayName: string; district: string }
  | { role: 'supervisor'; name: string; displayName: string; districts: string[] }
  | { role: 'disposal-team'; name: string; displayName: string; teamId: string };

export function principalKindForRole(role: StaffRole): PrincipalKind {
  return role === 'supervisor' || role === 'disposal-team' ? 'team' : 'desk';
}

export function scopeOf(principalId: string, profile: StaffProfile): ActorScope {
  switch (profile.role) {
    case 'center-dispatcher':
      return { role: profile.role, principalId };
    case 'district-dispatcher':
      return { role: profile.role, principalId, district: profile.district };
    case 'supervisor':
      return { role: profile.role, principalId, districts: [...profile.districts] };
    case 'disposal-team':
      return { role: profile.role, principalId, teamId: profile.teamId };
  }
}

/**
 * One staff member as colleagues see them (GET /api/staff/directory): enough to name who did
 * a step and to pick a team; never the login name, which is half of the credentials.
 */
export interface StaffDirectoryEntry {
  principalId: string;
  role: StaffRole;
  displayName: string;
  district?: string;
  districts?: string[];
  teamId?: string;
}

export function directoryEntryOf(principalId: string, profile: StaffProfile): StaffDirectoryEntry {
  const { role, displayName } = profile;
  switch (profile.role) {
    case 'center-dispatcher':
      return { principalId, role, displayName };
    case 'district-dispatcher':
      return { principalId, role, displayName, district: profile.district };
    case 'supervisor':
      return { principalId, role, displayName, districts: [...profile.districts] };
    case 'disposal-team':
      return { principalId, role, displayName, teamId: profile.teamId };
  }
}
