/**
 * Issue 8, points 3, 5 and 6 in the reviewer's window: he records an approval document with its scanned
 * PDF for the stack's unit in 台账管理 and the unit's app lists it after sync; 监督检查 drills down from a
 * kind to a unit's alarm and exports Excel; 统计 shows the jurisdiction's charts and exports Excel.
 * Screens at 1366×768 (docs/screenshots/reviewer-*.png with EBZ_UPDATE_SCREENSHOTS=1).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { e2eState, plugKey, pullKey } from './state';

const s = e2eState();
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = process.env.EBZ_UPDATE_SCREENSHOTS === '1' ? join(ROOT, 'docs', 'screenshots') : join(ROOT, 'test-results', 'screenshots');
mkdirSync(OUT, { recursive: true });

async function shot(page: Page, name: string) {
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 8000 });
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(OUT, `reviewer-${name}.png`) });
}

async function reviewerLogin(page: Page) {
  writeFileSync(s.reviewer.hidFile, '[]');
  await page.goto(s.reviewer.url);
  writeFileSync(s.reviewer.hidFile, JSON.stringify(s.reviewer.hidDevice));
  await page.getByLabel('PIN 码').fill(s.reviewer.pin);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('header-reviewer')).toContainText(s.reviewer.holderName, { timeout: 60_000 });
}

const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n%e2e approval document\n'), Buffer.alloc(30_000, 0x20), Buffer.from('\n%%EOF\n')]);

test('reviewer records an approval document with its PDF in 台账管理; the unit has it after sync', async ({ browser }) => {
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  await reviewerLogin(page);
  await page.evaluate(() => (location.hash = '/ledger'));
  await expect(page.getByTestId('screen-ledger-admin')).toBeVisible();
  await page.getByLabel('选择单位').click();
  await page.keyboard.type(s.unitName.slice(0, 6));
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: s.unitName }).first().click();
  await expect(page.getByTestId('unit-approved')).toBeVisible();

  const year = new Date().getFullYear();
  const documentNo = `审核测试编发〔${year}〕${Date.now() % 100_000}号`;
  await page.getByTestId('record-ledger').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('文号').fill(documentNo);
  await dialog.getByLabel('发文机关').fill('机构编制委员会');
  await dialog.getByLabel('事业编制（全额拨款）', { exact: true }).fill('2');
  await dialog.getByLabel('部门副职', { exact: true }).fill('1');
  await dialog.getByTestId('ledger-pdf').setInputFiles({ name: '批准文件.pdf', mimeType: 'application/pdf', buffer: pdf });
  await dialog.getByRole('button', { name: '提 交' }).or(dialog.getByRole('button', { name: '提交' })).click();
  await expect(page.locator('.ant-message-notice', { hasText: `已登记 ${documentNo}` })).toBeVisible({ timeout: 30_000 });
  const row = page.locator('.ant-table-row', { hasText: documentNo });
  await expect(row).toContainText('事业编制（全额拨款） +2');

  // The scan comes back byte for byte.
  const dl = page.waitForEvent('download');
  await row.getByRole('button', { name: /下载/ }).click();
  const file = await dl;
  expect(file.suggestedFilename()).toBe('批准文件.pdf');
  expect(Buffer.compare(readFileSync(await file.path()), pdf)).toBe(0);
  await shot(page, 'ledger');

  // The unit pulls and lists the document in its own 编制台账.
  const unitCtx = await browser.newContext();
  const unit = await unitCtx.newPage();
  pullKey(s);
  await unit.goto(s.url);
  plugKey(s);
  await unit.getByLabel('PIN 码').fill(s.pin);
  await unit.getByRole('button', { name: /登\s*录/ }).click();
  await expect(unit.getByTestId('home-unit-name')).toHaveText(s.unitName, { timeout: 60_000 });
  await unit.evaluate(() => (location.hash = '/sync'));
  const rounds = unit.getByTestId('sync-rounds');
  await expect(rounds).toBeAttached();
  const before = Number(await rounds.textContent());
  await unit.getByTestId('sync-now').click();
  await expect(rounds).toHaveText(String(before + 1), { useInnerText: false });
  await unit.evaluate(() => (location.hash = '/ledger'));
  await expect(unit.getByTestId('screen-ledger')).toBeVisible();
  await expect(unit.locator('.ant-table-row', { hasText: documentNo })).toContainText('+2');
  await unitCtx.close();

  // A unit with staff cannot be abolished: the reviewer is told why, in Chinese.
  await page.getByRole('button', { name: /撤\s*销/ }).first().click();
  const abolish = page.getByRole('dialog');
  await abolish.getByLabel('文号').fill(`审核测试编发〔${year}〕1号`);
  await abolish.getByRole('button', { name: /确认撤销/ }).click();
  await expect(abolish.getByTestId('ledger-error')).toContainText('不能撤销');
});

test('reviewer sees the jurisdiction’s alarms by kind and unit, drills down, exports Excel; 统计 with charts and Excel', async ({ page }) => {
  await reviewerLogin(page);
  await page.evaluate(() => (location.hash = '/supervision'));
  await expect(page.getByTestId('screen-supervision')).toBeVisible();
  await expect(page.getByText(/辖区单位 \d+ 个/)).toBeVisible({ timeout: 30_000 });
  const firstKind = page.locator('[data-testid^="alarm-kind-"]').filter({ has: page.locator('.ant-badge-count:not(.ant-badge-count-sm)') }).first();
  if (await firstKind.count()) {
    await firstKind.click();
    await expect(page.getByTestId('alarm-detail').locator('.ant-alert').first()).toContainText('');
    await expect(page.getByTestId('alarm-detail')).toContainText('处理建议');
  }
  const dl = page.waitForEvent('download');
  await page.getByTestId('supervision-export').click();
  const x = await dl;
  expect(x.suggestedFilename()).toMatch(/^监督检查预警_\d{4}-\d{2}-\d{2}\.xlsx$/);
  expect(readFileSync(await x.path()).subarray(0, 2).toString('latin1')).toBe('PK');
  await shot(page, 'supervision');

  await page.evaluate(() => (location.hash = '/stats'));
  await expect(page.getByTestId('screen-jurisdiction-stats')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('chart-post-type').locator('canvas')).toBeVisible();
  await expect(page.locator('.ant-table-row').first()).toBeVisible();
  const dl2 = page.waitForEvent('download');
  await page.getByTestId('stats-export').click();
  const y = await dl2;
  expect(y.suggestedFilename()).toMatch(/^机构编制统计_\d{4}-\d{2}-\d{2}\.xlsx$/);
  await shot(page, 'stats');
});
