import { expect, test, type Page } from '@playwright/test';
import { LI_NA, ZHANG_WEI, apiLogIn } from '../pages/api';
import { ClaimFormPage } from '../pages/ClaimFormPage';
import { ClaimPage } from '../pages/ClaimPage';
import { chinaDay, getClaim, policyOfKind, reportClaim, slotDocuments } from '../pages/claimsApi';
import { textPretendingToBeJpeg } from '../pages/files';
import { projectLang, texts, type Lang } from '../pages/lang';
import { LoginPage } from '../pages/LoginPage';
import { Shell } from '../pages/Shell';

// 李娜 reports claims here but never disputes one: her complaints list stays empty.

const T = {
  dateInFuture: texts('时间不能晚于现在。', 'This time cannot be in the future.'),
  fileTypeNotAllowed: texts(
    '只能上传照片（JPEG、PNG、WebP、HEIC）或 PDF 文件。',
    'Only photos (JPEG, PNG, WebP, HEIC) and PDF files can be uploaded.',
  ),
};

async function logIn(page: Page, lang: Lang, phone: string): Promise<void> {
  const login = new LoginPage(page);
  await login.goto();
  await new Shell(page).useLanguage(lang);
  await login.logInAs(phone);
}

test('an incident date in the future shows its error next to the date, and the draft survives a reload', async ({
  page,
}, testInfo) => {
  const lang = projectLang(testInfo.project.name);
  await logIn(page, lang, LI_NA.phone);
  const form = new ClaimFormPage(page);
  await form.goto();
  await form.waitForPrefill();
  const accident = await policyOfKind(page.request, 'accident');
  await form.choosePolicy(accident.number);
  await expect(form.kind).toHaveValue('accident');
  await form.incidentDate.fill(chinaDay(2));
  await form.incidentTime.fill('10:15');
  const place = `${lang === 'en' ? 'Stairs of the metro station' : '地铁站楼梯'} ${testInfo.project.name}`;
  await form.place.fill(place);
  const description = lang === 'en' ? 'Slipped on the wet stairs and hurt an ankle.' : '雨天楼梯湿滑摔倒，扭伤脚踝。';
  await form.description.fill(description);
  await expect(form.draftSaved).toBeVisible();

  // The app may catch it itself or let the server answer 422: either way, the error is at the date.
  const answered = page
    .waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/claims', {
      timeout: 5_000,
    })
    .catch(() => null);
  await form.submit.click();
  await expect(form.fieldError('incident_date')).toHaveText(T.dateInFuture(lang));
  const response = await answered;
  expect(response === null || response.status() === 422, `report answered ${response?.status()}`).toBeTruthy();
  await expect(page).toHaveURL(/\/claims\/new$/);
  // The error sits next to the date field (in the same field group).
  const dateBox = await form.incidentDate.boundingBox();
  const errorBox = await form.fieldError('incident_date').boundingBox();
  expect(dateBox && errorBox, 'both the date and its error are on screen').toBeTruthy();
  if (dateBox && errorBox) {
    expect(Math.abs(errorBox.y - (dateBox.y + dateBox.height)), 'the error is right under or above the date').toBeLessThan(120);
  }

  // Nothing lost: the draft is still there after a reload.
  await page.reload();
  await expect(form.place).toHaveValue(place);
  await expect(form.description).toHaveValue(description);
  await expect(form.incidentDate).toHaveValue(chinaDay(2));
  await expect(form.draftSaved).toBeVisible();

  // Discarding it empties the form, for good.
  await form.draftDiscard.click();
  await expect(form.place).toHaveValue('');
  await page.reload();
  await form.waitForPrefill();
  await expect(form.place).toHaveValue('');
  await expect(form.description).toHaveValue('');
});

test('a text file named like a photo shows the type error at its slot and nothing is attached', async ({
  page,
  baseURL,
}, testInfo) => {
  const lang = projectLang(testInfo.project.name);
  const li = await apiLogIn(baseURL ?? '', LI_NA.phone);
  const { id } = await reportClaim(li, 'medical', {
    place: '北京儿童医院',
    description: `孩子肺炎住院（${testInfo.testId}）。`,
  });

  await logIn(page, lang, LI_NA.phone);
  const claim = new ClaimPage(page);
  await claim.goto(id);
  const slot = claim.slot('id_card');
  await expect(slot).toHaveAttribute('data-state', 'missing');
  await claim.slotFile('id_card').setInputFiles(textPretendingToBeJpeg('id-card.jpg'));

  await expect(slot).toContainText(T.fileTypeNotAllowed(lang));
  await expect(claim.documents('id_card')).toHaveCount(0);
  await expect(slot).toHaveAttribute('data-state', 'missing');
  // Not after a reload either, and not on the server.
  await page.reload();
  await expect(claim.slot('id_card')).toHaveAttribute('data-state', 'missing');
  await expect(claim.documents('id_card')).toHaveCount(0);
  expect(slotDocuments(await getClaim(li, id), 'id_card')).toEqual([]);
  await li.dispose();
});

test("another person's claim id shows claim-not-found", async ({ page, baseURL }, testInfo) => {
  const lang = projectLang(testInfo.project.name);
  const zhang = await apiLogIn(baseURL ?? '', ZHANG_WEI.phone);
  const his = await reportClaim(zhang, 'property', {
    place: '上海市浦东新区张杨路 500 弄',
    description: `楼上漏水，客厅吊顶和地板受损（${testInfo.testId}）。`,
  });
  await zhang.dispose();

  await logIn(page, lang, LI_NA.phone);
  const claim = new ClaimPage(page);
  await claim.goto(his.id);
  await expect(claim.notFound).toBeVisible();
  await expect(page.getByText(his.claim_number)).toHaveCount(0);
  await expect(claim.status).toHaveCount(0);
  await expect(claim.checklist).toHaveCount(0);

  await claim.goto(999_999_999);
  await expect(claim.notFound).toBeVisible();
});
