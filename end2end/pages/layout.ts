import { expect, type Page } from '@playwright/test';

/** The screen fits the viewport's width: nothing to scroll sideways on a 360 px phone. */
export async function expectNoSidewaysScroll(page: Page, screen: string): Promise<void> {
  const { scrollWidth, clientWidth, culprits } = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    // Elements sticking out of the page (not those inside a strip that scrolls on its own).
    const scrollsItself = (el: Element | null): boolean => {
      for (let p = el?.parentElement; p && p !== document.body; p = p.parentElement) {
        if (!['visible', 'clip'].includes(getComputedStyle(p).overflowX)) return true;
      }
      return false;
    };
    const culprits = Array.from(document.querySelectorAll('body *'))
      .filter((el) => el.getBoundingClientRect().right > width + 0.5 && !scrollsItself(el))
      .slice(0, 5)
      .map((el) => {
        const id = el.getAttribute('data-testid');
        const right = Math.round(el.getBoundingClientRect().right);
        const text = (el.textContent ?? '').trim().slice(0, 40);
        return `<${el.tagName.toLowerCase()}${id ? ` data-testid=${id}` : ''} class="${el.className}"> right=${right} "${text}"`;
      });
    return { scrollWidth: document.documentElement.scrollWidth, clientWidth: width, culprits };
  });
  // Soft: the flow goes on, and every screen that is too wide is reported at the end.
  expect
    .soft(scrollWidth, `${screen} is wider than the screen; sticking out:\n${culprits.join('\n')}`)
    .toBeLessThanOrEqual(clientWidth);
}
