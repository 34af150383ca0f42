import type { Page } from '@playwright/test';

/** The portal's two languages. */
export type Lang = 'zh-CN' | 'en';

/** The page's current language as the app set it on `<html lang>`. */
export async function pageLang(page: Page): Promise<Lang> {
  const lang = await page.locator('html').getAttribute('lang');
  return lang?.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

/** Picks the text of the page's current language. */
export async function pick(page: Page, zh: string, en: string): Promise<string> {
  return (await pageLang(page)) === 'en' ? en : zh;
}

/** A text in both languages; `t(lang)` picks one. */
export function texts<T>(zh: T, en: T): (lang: Lang) => T {
  return (lang) => (lang === 'en' ? en : zh);
}

/** A date as the app writes it: `2026年12月5日` or `5 Dec 2026`. */
export function datePattern(lang: Lang): RegExp {
  return lang === 'en' ? /\d{1,2} [A-Z][a-z]{2} \d{4}/ : /\d{4}年\d{1,2}月\d{1,2}日/;
}

/**
 * The language a test of a both-projects spec runs in: Chinese on the phone, English on the
 * desktop, so that every such flow is tried in both.
 */
export function projectLang(projectName: string): Lang {
  return projectName === 'phone' ? 'zh-CN' : 'en';
}

/** A time as the app writes it: `2026-11-21 10:00` or `21 Nov 2026 10:00`. */
export function dateTimePattern(lang: Lang): RegExp {
  return lang === 'en' ? /\d{1,2} [A-Z][a-z]{2} \d{4},? \d{2}:\d{2}/ : /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/;
}
