/**
 * Issue 5's acceptance flow, as a new user would go through it: insert the key (virtual HID) → wrong
 * PIN → right PIN → home shows the seeded numbers → post-use request → a reviewer approves through the
 * API → sync → the slip appears → enrollment (an invalid ID number refused on its field first) →
 * departure → the home numbers move accordingly → pull the key → the app locks within 2 s.
 */
import { expect, test, type Page } from '@playwright/test';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { approveAll, e2eState, plugKey, pullKey } from './state';

const s = e2eState();

/** The person card with a photo exists only in this flow, so its screenshot is taken here. */
async function shotIfUpdating(page: Page, name: string) {
  if (process.env.EBZ_UPDATE_SCREENSHOTS !== '1') return;
  // The sync and submit toasts would cover the card.
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 10_000 });
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'), 'docs', 'screenshots', `${name}.png`) });
}

async function pick(page: Page, label: string, option: string | RegExp) {
  await page.getByLabel(label, { exact: true }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

async function figures(page: Page) {
  await page.evaluate(() => (location.hash = '/home'));
  const n = async (id: string) => Number(await page.getByTestId(`home-${id}`).textContent());
  await expect(page.getByTestId('screen-home')).toBeVisible();
  return { approved: await n('approved'), occupied: await n('occupied'), reserved: await n('reserved'), vacant: await n('vacant') };
}

async function syncNow(page: Page) {
  await page.evaluate(() => (location.hash = '/sync'));
  const rounds = page.getByTestId('sync-rounds');
  await expect(rounds).toBeAttached();
  // A round started by the app itself (after a submit) shows the button loading, which ignores clicks.
  await expect(page.getByTestId('sync-now')).not.toHaveClass(/ant-btn-loading/, { timeout: 30_000 });
  const before = Number(await rounds.textContent());
  await page.getByTestId('sync-now').click();
  await expect(rounds).toHaveText(String(before + 1), { useInnerText: false });
}

/** A blue-background ID photo (JPEG, 10–50 KB) drawn by the page's own canvas: a real, decodable image. */
async function idPhoto(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 358;
    c.height = 441;
    const g = c.getContext('2d')!;
    g.fillStyle = '#3b7dd8';
    g.fillRect(0, 0, c.width, c.height);
    // Fine grain keeps the file above the 10 KB minimum, as a scanned photo would be.
    for (let i = 0; i < 6000; i++) {
      g.fillStyle = `rgba(${40 + ((i * 37) % 40)},${110 + ((i * 13) % 40)},${200 + ((i * 7) % 50)},0.6)`;
      g.fillRect((i * 97) % c.width, (i * 53) % c.height, 2, 2);
    }
    g.fillStyle = '#2b2b2b';
    g.beginPath();
    g.ellipse(179, 170, 78, 92, 0, 0, Math.PI * 2);
    g.fill();
    g.fillStyle = '#f1d3bd';
    g.beginPath();
    g.ellipse(179, 190, 66, 84, 0, 0, Math.PI * 2);
    g.fill();
    g.fillStyle = '#1f2a44';
    g.beginPath();
    g.ellipse(179, 441, 170, 150, 0, Math.PI, Math.PI * 2);
    g.fill();
    g.fillStyle = '#ffffff';
    g.beginPath();
    g.moveTo(150, 300);
    g.lineTo(179, 360);
    g.lineTo(208, 300);
    g.fill();
    return c.toDataURL('image/jpeg', 0.95);
  });
  return Buffer.from(dataUrl.split(',')[1]!, 'base64');
}

async function submit(page: Page) {
  await page.getByTestId('submit').click();
  await page.getByRole('dialog').getByRole('button', { name: '签名并提交' }).click();
  await expect(page.getByTestId('screen-requests')).toBeVisible();
}

test('a unit officer goes through the whole business with a USB key', async ({ page }) => {
  pullKey(s);
  await page.goto(s.url);
  await expect(page.getByTestId('lock-title')).toContainText('请插入电子编制管理证');

  plugKey(s);
  await expect(page.getByLabel('PIN 码')).toBeVisible();
  await page.getByLabel('PIN 码').fill('11111111');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('pin-error')).toContainText('PIN 码错误');

  await page.getByLabel('PIN 码').fill(s.pin);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('home-unit-name')).toHaveText(s.unitName, { timeout: 60_000 });
  const start = await figures(page);
  expect(start).toEqual(s.expected);

  // 用编申请 for one post of a type with a vacancy.
  await page.evaluate(() => (location.hash = '/file/postUse'));
  await page.getByLabel('编制类型', { exact: true }).click();
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasNotText: '空编 0 名' }).filter({ hasNotText: /空编 -/ }).first();
  const typeLabel = (await option.textContent())!.replace(/（.*$/, '');
  await option.click();
  await expect(page.getByTestId('vacancy-hint')).toContainText(typeLabel);
  await pick(page, '补充渠道（用编方式）', '事业单位公开招聘');
  await page.getByLabel('申请理由').fill('岗位空缺，需公开招聘补充一名工作人员');
  await submit(page);
  await expect(page.getByTestId('request-state').first()).toHaveText(/编办审核中|待上传|上传中/);
  await syncNow(page);

  expect((await approveAll(s)).length).toBe(1);
  await syncNow(page);
  const afterSlip = await figures(page);
  expect(afterSlip).toEqual({ ...start, reserved: start.reserved + 1, vacant: start.vacant - 1 });

  // 入编登记 against the new slip: a wrong ID number is refused on its own field first.
  await page.evaluate(() => (location.hash = '/file/enrollment'));
  await pick(page, '编制使用单', typeLabel);
  await pick(page, '用编序号', '第 1 号');
  await page.getByLabel('姓名', { exact: true }).fill('王晓明');
  await page.getByLabel('身份证号', { exact: true }).fill('370902199505061235');
  await page.getByLabel('身份证号', { exact: true }).blur();
  await expect(page.getByTestId('error-person.idNumber')).toContainText('校验码');
  await page.getByLabel('身份证号', { exact: true }).fill('370902199505061236');
  await expect(page.getByTestId('error-person.idNumber')).toHaveCount(0);
  await expect(page.getByTestId('birth-date')).toHaveValue('1995-05-06');
  await pick(page, '学历', '大学本科');
  await page.getByLabel('职务（岗位）', { exact: true }).fill('科员');
  await page.getByLabel('入编日期', { exact: true }).fill(s.today);
  await page.getByLabel('入编日期', { exact: true }).press('Enter');
  // The photo is kept by the client and its digest signed with the request; the bytes go to the server.
  const photo = await idPhoto(page);
  expect(photo.length).toBeGreaterThan(10 * 1024);
  await page.getByTestId('form-enrollment').locator('input[type=file]').setInputFiles({ name: '王晓明.jpg', mimeType: 'image/jpeg', buffer: photo });
  await expect(page.getByText('照片已选择，将随申报上传')).toBeVisible();
  await submit(page);
  await syncNow(page);
  expect((await approveAll(s)).length).toBe(1);
  await syncNow(page);
  const afterEnrol = await figures(page);
  expect(afterEnrol).toEqual({ ...afterSlip, occupied: afterSlip.occupied + 1, reserved: afterSlip.reserved - 1 });

  // 实有人员: the person card shows the photo that travelled with the enrollment.
  await page.evaluate(() => (location.hash = '/staff'));
  await page.getByLabel('查找人员').fill('王晓明');
  await page.locator('.ebz-vt-row', { hasText: '王晓明' }).first().click();
  const img = page.getByTestId('staff-card').getByAltText('照片');
  await expect(img).toBeVisible();
  expect(await img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(358);
  await shotIfUpdating(page, '09b-staff-card-photo');
  await page.keyboard.press('Escape');

  // 出编登记 of the person just enrolled.
  await page.evaluate(() => (location.hash = '/file/departure'));
  await page.getByLabel('出编人员', { exact: true }).click();
  await page.keyboard.type('王晓明');
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '王晓明' }).first().click();
  await pick(page, '出编原因', '调出');
  await page.getByLabel('出编（离开）日期', { exact: true }).fill(s.today);
  await page.getByLabel('出编（离开）日期', { exact: true }).press('Enter');
  await submit(page);
  await syncNow(page);
  expect((await approveAll(s)).length).toBe(1);
  await syncNow(page);
  const afterDeparture = await figures(page);
  expect(afterDeparture).toEqual({ ...afterEnrol, occupied: afterEnrol.occupied - 1, vacant: afterEnrol.vacant + 1 });

  await page.evaluate(() => (location.hash = '/departed'));
  await expect(page.getByRole('cell', { name: '王晓明' })).toBeVisible();

  // Pull the key: the window locks within 2 s.
  const t0 = Date.now();
  pullKey(s);
  await expect(page.getByTestId('lock-title')).toContainText('请插入', { timeout: 2000 });
  expect(Date.now() - t0).toBeLessThan(2000);
});
