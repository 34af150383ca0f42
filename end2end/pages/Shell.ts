import { expect, type Locator, type Page } from '@playwright/test';

/** The app shell header present on every screen. */
export class Shell {
  readonly heading: Locator;
  readonly langSwitch: Locator;
  readonly userName: Locator;
  readonly logout: Locator;
  readonly navPolicies: Locator;
  readonly navComplaints: Locator;
  readonly navClaims: Locator;
  readonly navInbox: Locator;
  readonly navChannels: Locator;
  /** The number of unread notices on the inbox link (absent when there are none). */
  readonly unreadCount: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.langSwitch = page.getByTestId('lang-switch');
    this.userName = page.getByTestId('user-name');
    this.logout = page.getByTestId('logout');
    this.navPolicies = page.getByTestId('nav-policies');
    this.navComplaints = page.getByTestId('nav-complaints');
    this.navClaims = page.getByTestId('nav-claims');
    this.navInbox = page.getByTestId('nav-inbox');
    this.navChannels = page.getByTestId('nav-channels');
    this.unreadCount = page.getByTestId('unread-count');
  }

  /** Switches the app to `lang` with the header's switch (a no-op if it already is). */
  async useLanguage(lang: 'zh-CN' | 'en'): Promise<void> {
    // The switch names the other language; it is there once the app has started.
    await expect(this.langSwitch).toHaveText(/^\s*(English|中文)\s*$/);
    const current = (await this.langSwitch.textContent())?.trim() === 'English' ? 'zh-CN' : 'en';
    if (current !== lang) await this.langSwitch.click();
    await expect(this.page.locator('html')).toHaveAttribute('lang', lang);
    await expect(this.langSwitch).toHaveText(lang === 'en' ? '中文' : 'English');
  }
}
