import { expect, type Page } from '@playwright/test';

/** The screen fits the viewport's width: nothing to scroll sideways on a 360 px phone. */
export async function expectNoSidewaysScroll(page: Page, screen: string): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  // Soft: the flow goes on, and every screen that is too wide is reported at the end.
  expect.soft(scrollWidth, `${screen} is wider than the screen`).toBeLessThanOrEqual(clientWidth);
}
