import type { Locator, Page } from '@playwright/test';

/** "My policies": the list of the person's own policies. */
export class PoliciesPage {
  readonly list: Locator;
  readonly items: Locator;
  readonly empty: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.list = page.getByTestId('policy-list');
    this.items = page.getByTestId('policy-item');
    this.empty = page.getByTestId('empty-state');
    this.error = page.getByTestId('error-state');
  }

  async goto(): Promise<void> {
    await this.page.goto('/policies');
  }
}
