import type { Locator, Page } from '@playwright/test';

/** "消息" / "Messages": the progress notices. */
export class InboxPage {
  readonly items: Locator;
  readonly markAllRead: Locator;
  readonly empty: Locator;

  constructor(readonly page: Page) {
    this.items = page.getByTestId('notice-item');
    this.markAllRead = page.getByTestId('mark-all-read');
    this.empty = page.getByTestId('empty-state');
  }

  async goto(): Promise<void> {
    await this.page.goto('/inbox');
  }

  /** The survey notices of one case (the invitation, then perhaps its reminder). */
  surveyNotices(caseNumber: string): Locator {
    return this.page.locator('[data-testid="notice-item"][data-kind="survey"]').filter({ hasText: caseNumber });
  }

  /** The notices of one case with this title. */
  notice(caseNumber: string, title: string): Locator {
    return this.items.filter({ hasText: caseNumber }).filter({ hasText: title });
  }
}

