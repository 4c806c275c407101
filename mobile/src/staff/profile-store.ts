import type { StaffProfile } from '@smt/shared/workflow/staff';

/**
 * The signed-in staff member's profile (role and reach), kept so the app opens with no
 * connection: it is read from the server at sign-in and refreshed whenever the server
 * answers, and it only decides which screens to show; the server judges every action.
 */
const PROFILE_KEY = 'smt.staffProfile';

interface Stored {
  principalId: string;
  profile: StaffProfile;
}

export function loadProfile(principalId: string): StaffProfile | undefined {
  try {
    const stored = JSON.parse(localStorage.getItem(PROFILE_KEY) ?? 'null') as Stored | null;
    return stored?.principalId === principalId ? stored.profile : undefined;
  } catch {
    return undefined;
  }
}

export function saveProfile(principalId: string, profile: StaffProfile): void {
  localStorage.setItem(PROFILE_KEY, JSON.stringify({ principalId, profile } satisfies Stored));
}

export function forgetProfile(): void {
  localStorage.removeItem(PROFILE_KEY);
}
