import type { Locator, Page } from '@playwright/test';

/** Where a checklist slot stands (its `data-state`). */
export type SlotState = 'missing' | 'uploaded' | 'accepted' | 'rejected';

/** One claim's page at /claims/{id}, or "we could not find that claim". */
export class ClaimPage {
  readonly status: Locator;
  readonly nextDeadline: Locator;
  readonly deadlines: Locator;
  readonly timeline: Locator;
  readonly timelineEntries: Locator;
  readonly checklist: Locator;
  readonly slots: Locator;
  readonly uploads: Locator;
  readonly assessedAmount: Locator;
  readonly decision: Locator;
  readonly payment: Locator;
  readonly paymentLines: Locator;
  readonly advancePayment: Locator;
  readonly dispute: Locator;
  readonly disputeReason: Locator;
  readonly disputeSubmit: Locator;
  readonly withdraw: Locator;
  readonly withdrawConfirm: Locator;
  readonly notFound: Locator;

  constructor(readonly page: Page) {
    this.status = page.getByTestId('claim-status');
    this.nextDeadline = page.getByTestId('next-deadline');
    this.deadlines = page.getByTestId('deadlines');
    this.timeline = page.getByTestId('timeline');
    this.timelineEntries = page.getByTestId('timeline-entry');
    this.checklist = page.getByTestId('checklist');
    this.slots = this.checklist.getByTestId('slot');
    this.uploads = page.getByTestId('upload');
    this.assessedAmount = page.getByTestId('assessed-amount');
    this.decision = page.getByTestId('decision');
    this.payment = page.getByTestId('payment');
    this.paymentLines = page.getByTestId('payment-line');
    this.advancePayment = page.getByTestId('advance-payment');
    this.dispute = page.getByTestId('dispute');
    this.disputeReason = page.getByTestId('dispute-reason');
    this.disputeSubmit = page.getByTestId('dispute-submit');
    this.withdraw = page.getByTestId('withdraw');
    this.withdrawConfirm = page.getByTestId('withdraw-confirm');
    this.notFound = page.getByTestId('claim-not-found');
  }

  async goto(id: number | string): Promise<void> {
    await this.page.goto(`/claims/${id}`);
  }

  /** The checklist slot with this key (`id_card`, `invoices`, …). */
  slot(key: string): Locator {
    return this.checklist.locator(`[data-testid="slot"][data-slot="${key}"]`);
  }

  /** The file input of a slot. */
  slotFile(key: string): Locator {
    return this.slot(key).getByTestId('slot-file');
  }

  /** The documents shown in a slot. */
  documents(key: string): Locator {
    return this.slot(key).getByTestId('document');
  }

  /** The upload (progress bar and state) of the file with this name. */
  upload(fileName: string): Locator {
    return this.uploads.filter({ hasText: fileName });
  }

  /** The timeline entry with this title. */
  entry(title: string): Locator {
    return this.timelineEntries.filter({ hasText: title });
  }
}
