import type { Locator, Page } from '@playwright/test';

/** The receipt (回执) after filing, at /complaints/{id}/receipt. */
export class ReceiptPage {
  readonly caseNumber: Locator;
  readonly receivedAt: Locator;
  readonly deadlines: Locator;
  readonly channelsLink: Locator;
  readonly openCase: Locator;

  constructor(readonly page: Page) {
    this.caseNumber = page.getByTestId('receipt-case-number');
    this.receivedAt = page.getByTestId('receipt-received-at');
    this.deadlines = page.getByTestId('receipt-deadlines');
    this.channelsLink = page.getByTestId('channels-link');
    this.openCase = page.getByTestId('receipt-open-case');
  }

  /** The complaint's id, from the receipt's address. */
  complaintId(): number {
    const match = new URL(this.page.url()).pathname.match(/^\/complaints\/(\d+)\/receipt$/);
    if (!match) throw new Error(`not a receipt address: ${this.page.url()}`);
    return Number(match[1]);
  }
}
