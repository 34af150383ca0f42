import type { Locator, Page } from '@playwright/test';

/** The receipt after reporting (报案成功), at /claims/{id}/receipt. */
export class ClaimReceiptPage {
  readonly claimNumber: Locator;
  readonly receivedAt: Locator;
  readonly nextSteps: Locator;
  readonly openClaim: Locator;

  constructor(readonly page: Page) {
    this.claimNumber = page.getByTestId('receipt-claim-number');
    this.receivedAt = page.getByTestId('receipt-received-at');
    this.nextSteps = page.getByTestId('receipt-next-steps');
    this.openClaim = page.getByTestId('receipt-open-claim');
  }

  /** The claim's id, from the receipt's address. */
  claimId(): number {
    const match = new URL(this.page.url()).pathname.match(/^\/claims\/(\d+)\/receipt$/);
    if (!match) throw new Error(`not a claim receipt address: ${this.page.url()}`);
    return Number(match[1]);
  }
}
