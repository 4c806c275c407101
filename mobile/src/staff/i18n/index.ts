import i18next from 'i18next';
import { staffEn } from './en.ts';
import { staffZhCN } from './zh-CN.ts';

/**
 * Adds the staff strings under `staff.` to the app's translations. Called once when a staff
 * view loads; the citizen's bundle never includes them.
 */
export function addStaffStrings(): void {
  if (i18next.exists('staff.signIn.title')) return;
  i18next.addResourceBundle('zh-CN', 'translation', { staff: staffZhCN }, true, false);
  i18next.addResourceBundle('en', 'translation', { staff: staffEn }, true, false);
}
