import type { Locator, Page } from '@playwright/test';

/** The app shell header present on every screen. */
export class Shell {
  readonly heading: Locator;
  readonly langSwitch: Locator;
  readonly userName: Locator;
  readonly logout: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.langSwitch = page.getByTestId('lang-switch');
    this.userName = page.getByTestId('user-name');
    this.logout = page.getByTestId('logout');
  }
}
