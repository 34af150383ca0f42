import type { Page } from '@playwright/test';

/**
 * Counts the page loads (document requests) the page makes from now on: in a single-page app a
 * move between screens makes none.
 */
export function countDocumentLoads(page: Page): () => string[] {
  const loads: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'document') loads.push(request.url());
  });
  return () => [...loads];
}
