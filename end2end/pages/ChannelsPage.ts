import type { Locator, Page } from '@playwright/test';

/** The published complaint channels (公开投诉渠道), public. */
export class ChannelsPage {
  readonly hotline: Locator;
  readonly fax: Locator;
  readonly mail: Locator;
  readonly reception: Locator;
  readonly email: Locator;
  readonly portal: Locator;
  readonly processSteps: Locator;
  readonly regulatorHotline: Locator;

  constructor(readonly page: Page) {
    this.hotline = page.getByTestId('channel-hotline');
    this.fax = page.getByTestId('channel-fax');
    this.mail = page.getByTestId('channel-mail');
    this.reception = page.getByTestId('channel-reception');
    this.email = page.getByTestId('channel-email');
    this.portal = page.getByTestId('channel-portal');
    this.processSteps = page.getByTestId('process-steps');
    this.regulatorHotline = page.getByTestId('regulator-hotline');
  }

  async goto(): Promise<void> {
    await this.page.goto('/channels');
  }
}
