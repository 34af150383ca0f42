import { expect, test, type Page, type Request } from '@playwright/test';
import { LI_NA } from '../pages/api';
import { pagedPdf } from '../pages/claimFiles';
import { ClaimPage } from '../pages/ClaimPage';
import { getClaim, reportClaim, slotDocuments } from '../pages/claimsApi';
import { projectLang, texts, type Lang } from '../pages/lang';
import { LoginPage } from '../pages/LoginPage';
import { Shell } from '../pages/Shell';
import { SlowLink } from '../pages/slowLink';

const SLOT = 'accident_proof';

const T = {
  unfinished: texts(/上次未传完（已传 \d+%）/, /Not finished last time \(\d+% sent\)/),
  removeQuestion: texts('删除这份材料？', 'Remove this document?'),
};

/** One resumable upload as `GET /api/v1/claims/{id}/uploads` lists it. */
interface Unfinished {
  id: string;
  state: string;
  offset: number;
  length: number;
  metadata: Record<string, string>;
}

async function logIn(page: Page, lang: Lang): Promise<void> {
  const login = new LoginPage(page);
  await login.goto();
  await new Shell(page).useLanguage(lang);
  await login.logInAs(LI_NA.phone);
}

let link: SlowLink | undefined;
test.afterEach(async () => {
  await link?.stop();
  link = undefined;
});

test('an upload cut off by a closed webview goes on from the server on another device, and a document not reviewed yet can be removed', async ({
  browser,
  page,
  baseURL,
}, testInfo) => {
  test.setTimeout(120_000);
  const lang = projectLang(testInfo.project.name);
  const scan = pagedPdf(`accident-proof-${testInfo.project.name}.pdf`, 1536);

  // First device: a slow uplink, the file half sent, then the webview is closed (its storage and
  // its cookie go with it).
  link = await SlowLink.start(baseURL ?? '', 120_000);
  const { viewport, deviceScaleFactor, isMobile, hasTouch, locale } = testInfo.project.use;
  const first = await browser.newContext({ viewport, deviceScaleFactor, isMobile, hasTouch, locale, baseURL: link.url });
  const firstPage = await first.newPage();
  await logIn(firstPage, lang);
  const { id } = await reportClaim(firstPage.request, 'accident', { description: `resume ${testInfo.testId}` });
  const firstClaim = new ClaimPage(firstPage);
  await firstClaim.goto(id);
  await expect(firstClaim.slot(SLOT)).toHaveAttribute('data-state', 'missing');
  await firstClaim.slotFile(SLOT).setInputFiles(scan);
  await expect(firstClaim.upload(scan.name)).toHaveCount(1);
  let cut: Unfinished | undefined;
  await expect
    .poll(
      async () => {
        const res = await firstPage.request.get(`/api/v1/claims/${id}/uploads`);
        if (res.status() !== 200) return 0;
        cut = ((await res.json()) as Unfinished[]).find((u) => u.metadata.source_name === scan.name);
        return cut?.offset ?? 0;
      },
      { timeout: 30_000, message: 'the server has part of the file' },
    )
    .toBeGreaterThan(0);
  await first.close();
  await link.stop();
  link = undefined;
  if (!cut) throw new Error('unreachable');
  expect(cut.offset).toBeLessThan(scan.buffer.length);

  // Second device, nothing in its storage: the page lists the unfinished upload from the server.
  await logIn(page, lang);
  const tus: Request[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/v1/tus')) tus.push(r);
  });
  const claim = new ClaimPage(page);
  await claim.goto(id);
  const upload = claim.upload(scan.name);
  await expect(upload).toHaveCount(1);
  await expect(upload.getByTestId('upload-state')).toHaveText(T.unfinished(lang));
  const listed = await (await page.request.get(`/api/v1/claims/${id}/uploads`)).json();
  const atReopen = (listed as Unfinished[]).find((u) => u.id === cut?.id);
  expect(atReopen, 'still listed when the page reopened').toBeTruthy();

  // The same file again: the same upload goes on from the server's offset, not from 0.
  await claim.slotFile(SLOT).setInputFiles(scan);
  await expect(claim.documents(SLOT)).toHaveCount(1, { timeout: 30_000 });
  await expect(claim.slot(SLOT)).toHaveAttribute('data-state', 'uploaded');
  const creations = tus.filter((r) => r.method() === 'POST');
  expect(creations, 'no new upload was created').toHaveLength(0);
  const patches = tus.filter((r) => r.method() === 'PATCH');
  expect(patches.length).toBeGreaterThan(0);
  expect(new URL(patches[0].url()).pathname).toBe(`/api/v1/tus/${cut.id}`);
  expect(Number(patches[0].headers()['upload-offset'])).toBeGreaterThanOrEqual(atReopen?.offset ?? 1);
  const documents = slotDocuments(await getClaim(page.request, id), SLOT);
  expect(documents.map((d) => d.id)).toEqual([cut.id]);
  expect(documents[0].size).toBe(scan.buffer.length);
  const after = await (await page.request.get(`/api/v1/claims/${id}/uploads`)).json();
  expect(after, 'nothing left unfinished').toEqual([]);

  // Not reviewed yet: it can be removed, after one more question, and the slot is missing again.
  const document = claim.documents(SLOT).first();
  await document.getByTestId('document-remove').click();
  await expect(claim.slot(SLOT).getByTestId('remove-question')).toContainText(T.removeQuestion(lang));
  await claim.slot(SLOT).getByTestId('remove-confirm').click();
  await expect(claim.documents(SLOT)).toHaveCount(0);
  await expect(claim.slot(SLOT)).toHaveAttribute('data-state', 'missing');
  expect(slotDocuments(await getClaim(page.request, id), SLOT)).toHaveLength(0);
});
