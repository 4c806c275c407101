import { useAuth } from '../auth/auth-context.tsx';
import { forgetDirectory } from './directory.tsx';
import { forgetProfile } from './profile-store.ts';

// Shortcoming: signing out does not warn about actions still waiting to sync on this device.
export function useStaffSignOut(): () => Promise<void> {
  const { client } = useAuth();
  return async () => {
    forgetProfile();
    forgetDirectory();
    await client.signOut();
  };
}
