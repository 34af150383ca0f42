import type { Locator, Page } from '@playwright/test';

/** "我的理赔" / "My claims": the person's claims with status and next deadline. */
export class ClaimsPage {
  readonly newClaim: Locator;
  readonly items: Locator;
  readonly empty: Locator;
  readonly error: Locator;
  /** The header's link to this list. */
  readonly nav: Locator;

  constructor(readonly page: Page) {
    this.newClaim = page.getByTestId('new-claim');
    this.items = page.getByTestId('claim-item');
    this.empty = page.getByTestId('empty-state');
    this.error = page.getByTestId('error-state');
    this.nav = page.getByTestId('nav-claims');
  }

  async goto(): Promise<void> {
    await this.page.goto('/claims');
  }

  /** The list item of one claim. */
  item(claimNumber: string): Locator {
    return this.items.filter({ hasText: claimNumber });
  }
}
