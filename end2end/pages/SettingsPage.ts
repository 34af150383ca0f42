import type { Locator, Page } from '@playwright/test';

/** "通知设置" / "Notification settings" at /settings, and the email confirmation link's page. */
export class SettingsPage {
  readonly choices: Locator;
  readonly save: Locator;
  readonly saved: Locator;
  readonly noOtherChannel: Locator;
  readonly requiredBySms: Locator;
  readonly emailInput: Locator;
  readonly emailSend: Locator;
  readonly emailError: Locator;
  readonly emailPending: Locator;
  readonly emailSection: Locator;
  readonly confirmFailed: Locator;
  readonly confirmRetry: Locator;

  constructor(readonly page: Page) {
    this.choices = page.getByTestId('channel-choices');
    this.save = page.getByTestId('save-choices');
    this.saved = page.getByTestId('settings-saved');
    this.noOtherChannel = page.getByTestId('no-other-channel');
    this.requiredBySms = page.getByTestId('required-by-sms');
    this.emailSection = page.getByTestId('email-settings');
    this.emailInput = page.getByTestId('email-input');
    this.emailSend = page.getByTestId('email-send');
    this.emailError = page.getByTestId('field-error-email');
    this.emailPending = page.getByTestId('email-pending');
    this.confirmFailed = page.getByTestId('email-confirm-failed');
    this.confirmRetry = page.getByTestId('email-confirm-retry');
  }

  async goto(): Promise<void> {
    await this.page.goto('/settings');
  }

  /** The checkbox of a channel (`sms`, `email`, `wechat`), present only when it is offered. */
  choice(channel: 'sms' | 'email' | 'wechat'): Locator {
    return this.page.getByTestId(`choice-${channel}`);
  }
}
