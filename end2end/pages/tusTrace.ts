import type { Page, Request } from '@playwright/test';

/** One request the page sent to `/api/v1/tus…`. */
export interface TusRequest {
  method: string;
  /** The upload's address (`/api/v1/tus/{id}`), or `/api/v1/tus` for a creation. */
  path: string;
  /** `Upload-Offset` of a PATCH (0 for a creation). */
  offset: number;
  /** The `filename` of a creation's `Upload-Metadata`. */
  fileName?: string;
  startedAt: number;
  endedAt?: number;
  status?: number;
  failed?: string;
}

/**
 * Watches the page's tus requests: which upload each file got, every PATCH's offset, which
 * requests failed. Installed before the files are chosen.
 */
export class TusTrace {
  readonly requests: TusRequest[] = [];
  /** Upload address → the file name it was created for. */
  readonly fileOf = new Map<string, string>();
  private readonly live = new Map<Request, TusRequest>();

  constructor(readonly page: Page) {
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (!url.pathname.startsWith('/api/v1/tus')) return;
      const method = request.method();
      if (method !== 'POST' && method !== 'PATCH' && method !== 'HEAD') return;
      const headers = request.headers();
      const entry: TusRequest = {
        method,
        path: url.pathname,
        offset: Number(headers['upload-offset'] ?? 0),
        fileName: method === 'POST' ? metadataFileName(headers['upload-metadata']) : undefined,
        startedAt: Date.now(),
      };
      this.requests.push(entry);
      this.live.set(request, entry);
    });
    page.on('requestfinished', async (request) => {
      const entry = this.live.get(request);
      if (!entry) return;
      this.live.delete(request);
      entry.endedAt = Date.now();
      const response = await request.response().catch(() => null);
      entry.status = response?.status();
      const location = response ? await response.headerValue('location').catch(() => null) : null;
      if (entry.method === 'POST' && location && entry.fileName) {
        this.fileOf.set(new URL(location, request.url()).pathname, entry.fileName);
      }
    });
    page.on('requestfailed', (request) => {
      const entry = this.live.get(request);
      if (!entry) return;
      this.live.delete(request);
      entry.endedAt = Date.now();
      entry.failed = request.failure()?.errorText ?? 'failed';
    });
  }

  /** The requests still under way, with the file each is for (when known). */
  inFlight(): Array<TusRequest & { file?: string; entry: TusRequest }> {
    return [...this.live.values()].map((r) => ({ ...r, file: r.fileName ?? this.fileOf.get(r.path), entry: r }));
  }

  /** The uploads created for a file name. */
  creationsOf(fileName: string): TusRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && r.fileName === fileName);
  }

  /** The upload addresses made for a file name. */
  uploadsOf(fileName: string): string[] {
    return [...this.fileOf.entries()].filter(([, name]) => name === fileName).map(([path]) => path);
  }
}

function metadataFileName(metadata: string | undefined): string | undefined {
  for (const pair of (metadata ?? '').split(',')) {
    const [key, value] = pair.trim().split(' ');
    if (key === 'filename' && value) return Buffer.from(value, 'base64').toString('utf8');
  }
  return undefined;
}

/**
 * Records, in the page, every value of the progress bar of each named file's upload (testid
 * `upload` whose text names the file) every 50 ms, with the time. Read with [`progressOf`].
 */
export async function recordProgress(page: Page, fileNames: string[]): Promise<void> {
  await page.evaluate((names) => {
    const w = window as unknown as { __progress?: Record<string, Array<[number, number]>> };
    if (w.__progress) return;
    const seen: Record<string, Array<[number, number]>> = {};
    w.__progress = seen;
    setInterval(() => {
      for (const upload of document.querySelectorAll('[data-testid="upload"]')) {
        const name = names.find((n) => (upload.textContent ?? '').includes(n));
        const bar = upload.querySelector('progress');
        if (!name || !bar) continue;
        const ratio = bar.max > 0 ? bar.value / bar.max : 0;
        (seen[name] ??= []).push([Date.now(), ratio]);
      }
    }, 50);
  }, fileNames);
}

/** The recorded `[time, ratio]` samples of a file's progress bar. */
export async function progressOf(page: Page, fileName: string): Promise<Array<[number, number]>> {
  return page.evaluate((name) => {
    const w = window as unknown as { __progress?: Record<string, Array<[number, number]>> };
    return w.__progress?.[name] ?? [];
  }, fileName);
}
