import type { Locator, Page } from '@playwright/test';

/** One policy's detail, or the "we could not find that policy" state. */
export class PolicyPage {
  readonly detail: Locator;
  readonly number: Locator;
  readonly status: Locator;
  readonly kind: Locator;
  readonly insured: Locator;
  readonly period: Locator;
  readonly sumInsured: Locator;
  readonly notFound: Locator;

  constructor(readonly page: Page) {
    this.detail = page.getByTestId('policy-detail');
    this.number = page.getByTestId('policy-number');
    this.status = page.getByTestId('policy-status');
    this.kind = page.getByTestId('policy-kind');
    this.insured = page.getByTestId('policy-insured');
    this.period = page.getByTestId('policy-period');
    this.sumInsured = page.getByTestId('policy-sum-insured');
    this.notFound = page.getByTestId('policy-not-found');
  }

  async goto(id: number | string): Promise<void> {
    await this.page.goto(`/policies/${id}`);
  }
}
