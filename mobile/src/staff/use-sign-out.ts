import { useAuth } from '../auth/auth-context.tsx';
import { forgetProfile } from './profile-store.ts';

// Shortcoming: signing out does not warn about actions still waiting to sync on this device.
export function useStaffSignOut(): () => Promise<void> {
  const { client } = useAuth();
  return async () => {
    forgetProfile();
    await client.signOut();
  };
}
