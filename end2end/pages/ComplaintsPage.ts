import type { Locator, Page } from '@playwright/test';

/** "My complaints": the person's complaints with status and next deadline. */
export class ComplaintsPage {
  readonly newComplaint: Locator;
  readonly items: Locator;
  readonly empty: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.newComplaint = page.getByTestId('new-complaint');
    this.items = page.getByTestId('complaint-item');
    this.empty = page.getByTestId('empty-state');
    this.error = page.getByTestId('error-state');
  }

  async goto(): Promise<void> {
    await this.page.goto('/complaints');
  }

  /** The list item of one case. */
  item(caseNumber: string): Locator {
    return this.items.filter({ hasText: caseNumber });
  }
}
