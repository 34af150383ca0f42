import { expect, type Locator, type Page, type Response } from '@playwright/test';
import type { TestFile } from './files';

function isUpload(response: Response): boolean {
  return response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/v1/uploads';
}

/**
 * Chooses `file` in a file input and waits for the app's `POST /api/v1/uploads` that it starts,
 * returning that answer's status (201 when stored; 415 and co. when refused by the server).
 * Returns null when the app refused the file itself without asking the server.
 */
export async function chooseFile(page: Page, input: Locator, file: TestFile): Promise<number | null> {
  const uploaded = page.waitForResponse(isUpload, { timeout: 10_000 }).catch(() => null);
  await input.setInputFiles(file);
  const response = await uploaded;
  return response ? response.status() : null;
}

/** Chooses a file the server must accept. */
export async function uploadFile(page: Page, input: Locator, file: TestFile): Promise<void> {
  expect(await chooseFile(page, input, file), `upload of ${file.name}`).toBe(201);
}
