import type { Locator, Page } from '@playwright/test';

/**
 * A satisfaction survey: `/surveys/{id}` (logged in) or `/s/{token}` (a message's link, no
 * login). The questions while it is open, then the thanks, "answered", "expired", "withdrawn" or
 * "this link does not work".
 */
export class SurveyPage {
  readonly survey: Locator;
  readonly title: Locator;
  /** The case's kind and number, e.g. `投诉 TS20261201000001`. */
  readonly caseLine: Locator;
  readonly caseLink: Locator;
  readonly due: Locator;
  /** "已保存 10:32" / "Saved 10:32" (an aria-live status; `data-state` says which). */
  readonly saveStatus: Locator;
  readonly submit: Locator;
  readonly errors: Locator;
  readonly thanks: Locator;
  readonly answered: Locator;
  readonly answeredAt: Locator;
  readonly answers: Locator;
  readonly expired: Locator;
  readonly cancelled: Locator;
  readonly linkInvalid: Locator;
  readonly notFound: Locator;

  constructor(readonly page: Page) {
    this.survey = page.getByTestId('survey');
    this.title = page.getByTestId('survey-title');
    this.caseLine = page.getByTestId('survey-case');
    this.caseLink = page.getByTestId('survey-case-link');
    this.due = page.getByTestId('survey-due');
    this.saveStatus = page.getByTestId('save-status');
    this.submit = page.getByTestId('survey-submit');
    this.errors = page.getByTestId('survey-errors');
    this.thanks = page.getByTestId('survey-thanks');
    this.answered = page.getByTestId('survey-answered');
    this.answeredAt = page.getByTestId('survey-answered-at');
    this.answers = page.getByTestId('survey-answers');
    this.expired = page.getByTestId('survey-expired');
    this.cancelled = page.getByTestId('survey-cancelled');
    this.linkInvalid = page.getByTestId('survey-link-invalid');
    this.notFound = page.getByTestId('survey-not-found');
  }

  /** A question (its fieldset, or the block of a text question). */
  question(key: string): Locator {
    return this.page.getByTestId(`question-${key}`);
  }

  /** One of the rating's five words (a radio button). */
  rating(word: string): Locator {
    return this.question('satisfaction').getByRole('radio', { name: word, exact: true });
  }

  /** One option of a multiple-choice question (a checkbox). */
  choice(key: string, label: string): Locator {
    return this.question(key).getByRole('checkbox', { name: label, exact: true });
  }

  /** A text question's textarea. */
  text(key: string): Locator {
    return this.page.getByTestId(`answer-${key}`);
  }

  /** The live count of a text question's characters. */
  charCount(key: string): Locator {
    return this.page.getByTestId(`char-count-${key}`);
  }

  /** The error beside a question after a refused submit. */
  error(key: string): Locator {
    return this.page.getByTestId(`field-error-answers-${key}`);
  }

  /** An answer on the answered survey. */
  answerOf(key: string): Locator {
    return this.page.getByTestId(`answer-of-${key}`);
  }
}

/** The survey card on a complaint's or claim's page. */
export class SurveyCard {
  readonly card: Locator;
  readonly link: Locator;

  constructor(readonly page: Page) {
    this.card = page.getByTestId('survey-card');
    this.link = page.getByTestId('survey-card-link');
  }
}
