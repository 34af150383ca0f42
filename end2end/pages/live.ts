import { expect, type Page } from '@playwright/test';
import { exclusiveOtp } from './otpLock';

/** How the app gets new notices now: `connecting`, `stream`, `polling`, `paused`, `stopped`. */
export function liveMode(page: Page) {
  return page.getByTestId('live-mode');
}

/** Waits until the page follows new notices (through the event stream or by polling). */
export async function waitUntilLive(page: Page, mode: 'stream' | 'polling'): Promise<void> {
  await expect(liveMode(page)).toHaveAttribute('data-live', mode);
}

/** Logs `phone` in through the page's own cookie jar (the API, not the form). */
export async function logInPage(page: Page, phone: string): Promise<void> {
  await exclusiveOtp(phone, async () => {
    const otp = await page.request.post('/api/v1/auth/otp', { data: { phone } });
    expect(otp.ok(), await otp.text()).toBeTruthy();
    const { demo_code } = await otp.json();
    const login = await page.request.post('/api/v1/auth/login', { data: { phone, code: demo_code } });
    expect(login.ok(), await login.text()).toBeTruthy();
  });
}

/** Makes the page's browser look like a webview without `EventSource` (before any script). */
export async function withoutEventSource(page: Page): Promise<void> {
  await page.addInitScript(() => {
    // @ts-expect-error: removing what some in-app webviews do not have
    delete window.EventSource;
  });
}

/** Marks the document; `stillSameDocument` is true as long as the page was not reloaded. */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
  });
}

export async function stillSameDocument(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);
}
