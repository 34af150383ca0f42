import { expect, type Locator, type Page } from '@playwright/test';

/** The complaint form ("我要投诉" / "File a complaint") at /complaints/new. */
export class ComplaintFormPage {
  readonly channelsLink: Locator;
  readonly consumerName: Locator;
  readonly consumerIdNumber: Locator;
  readonly consumerPhone: Locator;
  readonly actingName: Locator;
  readonly actingIdNumber: Locator;
  readonly actingPhone: Locator;
  readonly powerOfAttorney: Locator;
  readonly successionProof: Locator;
  readonly repAdd: Locator;
  readonly repRows: Locator;
  readonly policy: Locator;
  readonly about: Locator;
  readonly category: Locator;
  readonly request: Locator;
  readonly facts: Locator;
  readonly attachments: Locator;
  readonly attachmentItems: Locator;
  readonly contact: Locator;
  readonly urgent: Locator;
  readonly urgentReason: Locator;
  readonly submit: Locator;
  readonly formError: Locator;
  readonly draftSaved: Locator;
  readonly draftDiscard: Locator;

  constructor(readonly page: Page) {
    this.channelsLink = page.getByTestId('channels-link');
    this.consumerName = page.getByTestId('consumer-name');
    this.consumerIdNumber = page.getByTestId('consumer-id-number');
    this.consumerPhone = page.getByTestId('consumer-phone');
    this.actingName = page.getByTestId('acting-name');
    this.actingIdNumber = page.getByTestId('acting-id-number');
    this.actingPhone = page.getByTestId('acting-phone');
    this.powerOfAttorney = page.getByTestId('power-of-attorney-input');
    this.successionProof = page.getByTestId('succession-proof-input');
    this.repAdd = page.getByTestId('rep-add');
    this.repRows = page.getByTestId('rep-row');
    this.policy = page.getByTestId('policy-select');
    this.about = page.getByTestId('about-input');
    this.category = page.getByTestId('category-select');
    this.request = page.getByTestId('request-input');
    this.facts = page.getByTestId('facts-input');
    this.attachments = page.getByTestId('attachments-input');
    this.attachmentItems = page.getByTestId('attachment-item');
    this.contact = page.getByTestId('contact-select');
    this.urgent = page.getByTestId('urgent-toggle');
    this.urgentReason = page.getByTestId('urgent-reason-select');
    this.submit = page.getByTestId('complaint-submit');
    this.formError = page.getByTestId('form-error');
    this.draftSaved = page.getByTestId('draft-saved');
    this.draftDiscard = page.getByTestId('draft-discard');
  }

  async goto(): Promise<void> {
    await this.page.goto('/complaints/new');
  }

  /** The "who is filing" radio with this Relationship label (本人 / Authorised agent …). */
  filedAs(label: string): Locator {
    return this.page.getByRole('radio', { name: label, exact: true });
  }

  /** The error shown next to the field at the server's path (`power_of_attorney`, …). */
  fieldError(path: string): Locator {
    return this.page.getByTestId(`field-error-${path}`);
  }

  /** Waits until the consumer's details came from the company's records. */
  async waitForPrefill(): Promise<void> {
    await expect(this.consumerName).not.toHaveValue('');
    await expect(this.consumerIdNumber).not.toHaveValue('');
  }
}
