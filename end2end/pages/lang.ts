import type { Page } from '@playwright/test';

/** The page's current language as the app set it on `<html lang>`. */
export async function pageLang(page: Page): Promise<'zh-CN' | 'en'> {
  const lang = await page.locator('html').getAttribute('lang');
  return lang?.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

/** Picks the text of the page's current language. */
export async function pick(page: Page, zh: string, en: string): Promise<string> {
  return (await pageLang(page)) === 'en' ? en : zh;
}
