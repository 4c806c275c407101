import i18next, { type TFunction } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { isErrorCode, type Reason } from '@smt/shared/errors';
import { zhCN } from './zh-CN.ts';
import { en } from './en.ts';

export type Language = 'zh-CN' | 'en';
export const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];
export const LANGUAGE_NAMES: Record<Language, string> = { 'zh-CN': '简体中文', en: 'English' };

const LANGUAGE_KEY = 'smt.language';

function storedLanguage(): Language {
  const stored = localStorage.getItem(LANGUAGE_KEY);
  return stored === 'en' ? 'en' : 'zh-CN';
}

/** Chinese unless the citizen chose English in 我的; the phone's locale is not guessed at. */
export async function initI18n(): Promise<void> {
  const lng = storedLanguage();
  document.documentElement.lang = lng;
  await i18next.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng,
    fallbackLng: 'zh-CN',
    interpolation: { escapeValue: false },
  });
}

export function currentLanguage(): Language {
  return i18next.language === 'en' ? 'en' : 'zh-CN';
}

export async function setLanguage(lng: Language): Promise<void> {
  localStorage.setItem(LANGUAGE_KEY, lng);
  document.documentElement.lang = lng;
  await i18next.changeLanguage(lng);
}

/**
 * A refusal in the citizen's language. The code is translated here; the server's English
 * message is the fallback for a code this build does not know yet.
 */
export function reasonText(
  t: TFunction,
  why: Pick<Reason, 'code' | 'message'> | undefined,
): string {
  if (!why) return '';
  return isErrorCode(why.code) ? t(`errors.${why.code}`) : why.message;
}

/** Dates and times as the citizen reads them, always in Shijiazhuang's zone. */
export function formatDateTime(iso: string, lng: Language = currentLanguage()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lng, {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(date);
}
