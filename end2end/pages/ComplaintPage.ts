import type { Locator, Page } from '@playwright/test';

/** One complaint's case page at /complaints/{id}, or "we could not find that complaint". */
export class ComplaintPage {
  readonly status: Locator;
  readonly nextDeadline: Locator;
  readonly deadlines: Locator;
  readonly timeline: Locator;
  readonly timelineEntries: Locator;
  readonly materialsRequest: Locator;
  readonly materialItems: Locator;
  readonly decision: Locator;
  readonly decisionResult: Locator;
  readonly decisionReasons: Locator;
  readonly remedies: Locator;
  readonly remedyItems: Locator;
  readonly channelsLink: Locator;
  readonly notAccepted: Locator;
  readonly withdraw: Locator;
  readonly withdrawConfirm: Locator;
  readonly requestReview: Locator;
  readonly notFound: Locator;

  constructor(readonly page: Page) {
    this.status = page.getByTestId('complaint-status');
    this.nextDeadline = page.getByTestId('next-deadline');
    this.deadlines = page.getByTestId('deadlines');
    this.timeline = page.getByTestId('timeline');
    this.timelineEntries = page.getByTestId('timeline-entry');
    this.materialsRequest = page.getByTestId('materials-request');
    this.materialItems = page.getByTestId('material-item');
    this.decision = page.getByTestId('decision');
    this.decisionResult = page.getByTestId('decision-result');
    this.decisionReasons = page.getByTestId('decision-reasons');
    this.remedies = page.getByTestId('remedies');
    this.remedyItems = page.getByTestId('remedy');
    this.channelsLink = this.decision.getByTestId('channels-link');
    this.notAccepted = page.getByTestId('not-accepted');
    this.withdraw = page.getByTestId('withdraw');
    this.withdrawConfirm = page.getByTestId('withdraw-confirm');
    this.requestReview = page.getByTestId('request-review');
    this.notFound = page.getByTestId('complaint-not-found');
  }

  async goto(id: number | string): Promise<void> {
    await this.page.goto(`/complaints/${id}`);
  }

  /** The requested item with this description. */
  materialItem(description: string): Locator {
    return this.materialItems.filter({ hasText: description });
  }

  /** The timeline entry with this title. */
  entry(title: string): Locator {
    return this.timelineEntries.filter({ hasText: title });
  }
}
