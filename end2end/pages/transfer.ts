import { expect, type Page } from '@playwright/test';

/** One response the browser received: its URL and the bytes that crossed the wire. */
export interface Transfer {
  url: string;
  bytes: number;
}

/**
 * Records, through the DevTools protocol, the bytes Chromium transfers for every request of
 * `page` (compressed as sent, headers included), so a screen's cost is what a phone downloads.
 */
export class TransferLog {
  private readonly requests = new Map<string, { url: string; bytes: number; done: boolean }>();

  private constructor() {}

  static async attach(page: Page): Promise<TransferLog> {
    const log = new TransferLog();
    const cdp = await page.context().newCDPSession(page);
    cdp.on('Network.requestWillBeSent', (e) => {
      log.requests.set(e.requestId, { url: e.request.url, bytes: 0, done: false });
    });
    cdp.on('Network.loadingFinished', (e) => {
      const request = log.requests.get(e.requestId);
      if (request) Object.assign(request, { bytes: e.encodedDataLength, done: true });
    });
    cdp.on('Network.loadingFailed', (e) => {
      const request = log.requests.get(e.requestId);
      if (request) request.done = true;
    });
    await cdp.send('Network.enable');
    return log;
  }

  /** The requests made so far; later ones are not part of it. */
  mark(): Set<string> {
    return new Set(this.requests.keys());
  }

  /**
   * The non-API transfers among `ids` (all requests when absent) that are not in `before`,
   * once every one of them has finished.
   */
  async appTransfers(ids: Set<string> = this.mark(), before: Set<string> = new Set()): Promise<Transfer[]> {
    // API answers are not counted, and the inbox's event stream never finishes.
    const isApp = (id: string) => {
      const url = this.requests.get(id)?.url;
      return !!url && !new URL(url).pathname.startsWith('/api/');
    };
    const wanted = [...ids].filter((id) => !before.has(id) && isApp(id));
    await expect
      .poll(() => wanted.every((id) => this.requests.get(id)?.done), { message: 'the requests finish' })
      .toBe(true);
    return wanted
      .map((id) => this.requests.get(id))
      .filter((r): r is { url: string; bytes: number; done: boolean } => !!r)
      .filter((r) => !new URL(r.url).pathname.startsWith('/api/'))
      .map(({ url, bytes }) => ({ url: new URL(url).pathname, bytes }));
  }
}

/** Total bytes of `transfers`. */
export function total(transfers: Transfer[]): number {
  return transfers.reduce((sum, t) => sum + t.bytes, 0);
}
