import { expect, type Locator, type Page } from '@playwright/test';
import { exclusiveOtp } from './otpLock';

/** The login screen: mobile number + one-time code. */
export class LoginPage {
  readonly phone: Locator;
  readonly sendCode: Locator;
  readonly code: Locator;
  readonly submit: Locator;
  readonly phoneError: Locator;
  readonly codeError: Locator;
  readonly formError: Locator;
  readonly demoAccounts: Locator;
  readonly demoCode: Locator;

  constructor(readonly page: Page) {
    this.phone = page.getByTestId('phone-input');
    this.sendCode = page.getByTestId('send-code');
    this.code = page.getByTestId('code-input');
    this.submit = page.getByTestId('login-submit');
    this.phoneError = page.getByTestId('field-error-phone');
    this.codeError = page.getByTestId('field-error-code');
    this.formError = page.getByTestId('form-error');
    this.demoAccounts = page.getByTestId('demo-accounts');
    this.demoCode = page.getByTestId('demo-code-value');
  }

  async goto(): Promise<void> {
    await this.page.goto('/login');
    await expect(this.phone).toBeVisible();
  }

  /** Types the number, asks for a code and returns the demo code the screen shows. */
  async requestCode(phone: string): Promise<string> {
    await this.phone.fill(phone);
    await this.sendCode.click();
    await expect(this.demoCode).toHaveText(/^\s*\d{6}\s*$/);
    return ((await this.demoCode.textContent()) ?? '').trim();
  }

  async enterCode(code: string): Promise<void> {
    await this.code.fill(code);
    await this.submit.click();
  }

  /**
   * Logs a demo policyholder in with the code shown in demo mode and waits for where the login
   * leads: the policies, or the page that sent the person to log in.
   */
  async logInAs(phone: string, landing: RegExp = /\/policies$/): Promise<void> {
    await exclusiveOtp(phone, async () => {
      const code = await this.requestCode(phone);
      await this.enterCode(code);
      await expect(this.page).toHaveURL(landing);
    });
  }
}
