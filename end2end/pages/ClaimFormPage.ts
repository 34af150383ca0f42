import { expect, type Locator, type Page } from '@playwright/test';

/** The report form ("我要报案" / "Report a claim") at /claims/new. */
export class ClaimFormPage {
  readonly policy: Locator;
  readonly kind: Locator;
  readonly incidentDate: Locator;
  readonly incidentTime: Locator;
  readonly place: Locator;
  readonly description: Locator;
  readonly contactPhone: Locator;
  readonly urgent: Locator;
  readonly urgentReason: Locator;
  readonly submit: Locator;
  readonly formError: Locator;
  readonly draftSaved: Locator;
  readonly draftDiscard: Locator;

  constructor(readonly page: Page) {
    this.policy = page.getByTestId('policy-select');
    this.kind = page.getByTestId('kind-select');
    this.incidentDate = page.getByTestId('incident-date');
    this.incidentTime = page.getByTestId('incident-time');
    this.place = page.getByTestId('place-input');
    this.description = page.getByTestId('description-input');
    this.contactPhone = page.getByTestId('contact-phone');
    this.urgent = page.getByTestId('urgent-toggle');
    this.urgentReason = page.getByTestId('urgent-reason-select');
    this.submit = page.getByTestId('claim-submit');
    this.formError = page.getByTestId('form-error');
    this.draftSaved = page.getByTestId('draft-saved');
    this.draftDiscard = page.getByTestId('draft-discard');
  }

  async goto(): Promise<void> {
    await this.page.goto('/claims/new');
  }

  /** The error shown next to the field at the server's path (`incident_date`, …). */
  fieldError(path: string): Locator {
    return this.page.getByTestId(`field-error-${path}`);
  }

  /** Waits until the prefill (the person's policies, their phone) is in the form. */
  async waitForPrefill(): Promise<void> {
    await expect(this.contactPhone).not.toHaveValue('');
    await expect(this.policy.locator('option')).not.toHaveCount(0);
  }

  /** Chooses the policy whose option names this policy number. */
  async choosePolicy(policyNumber: string): Promise<void> {
    const option = this.policy.locator('option', { hasText: policyNumber });
    await expect(option).toHaveCount(1);
    const value = await option.getAttribute('value');
    await this.policy.selectOption(value ?? { label: (await option.textContent()) ?? '' });
  }

  /** Submits and returns the status of the app's `POST /api/v1/claims`. */
  async submitAndAnswer(): Promise<number> {
    const answer = this.page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/claims',
    );
    await this.submit.click();
    return (await answer).status();
  }
}
