/**
 * Every screen at 1366×768 (the common government desktop) into docs/screenshots/, after the
 * acceptance flow has filled the unit with a slip, a notice, requests and a departure.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { e2eState, plugKey, pullKey } from './state';

const s = e2eState();
// Test runs write to test-results/; `EBZ_UPDATE_SCREENSHOTS=1 npm run test:e2e` refreshes docs/screenshots/.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = process.env.EBZ_UPDATE_SCREENSHOTS === '1' ? join(ROOT, 'docs', 'screenshots') : join(ROOT, 'test-results', 'screenshots');
mkdirSync(OUT, { recursive: true });

async function shot(page: Page, name: string) {
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(OUT, `${name}.png`) });
}

async function open(page: Page, hash: string, testId: string) {
  await page.evaluate((h) => (location.hash = h), hash);
  await expect(page.getByTestId(testId)).toBeVisible();
}

test('screenshots of every screen', async ({ page }) => {
  pullKey(s);
  await page.goto(s.url);
  await expect(page.getByTestId('lock-title')).toContainText('请插入');
  await shot(page, '01-insert-key');
  plugKey(s);
  await expect(page.getByLabel('PIN 码')).toBeVisible();
  await shot(page, '02-pin');
  await page.getByLabel('PIN 码').fill('00000000');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('pin-error')).toBeVisible();
  await shot(page, '03-wrong-pin');
  await page.getByLabel('PIN 码').fill(s.pin);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('screen-home')).toBeVisible({ timeout: 60_000 });
  await shot(page, '04-home');

  await open(page, '/unit', 'screen-unit');
  await shot(page, '05-unit');
  await open(page, '/ledger', 'screen-ledger');
  await shot(page, '06-ledger');
  await page.getByText('含所属单位').click();
  await shot(page, '07-ledger-subtree');
  await open(page, '/staff', 'screen-staff');
  await expect(page.locator('.ebz-vt-row').first()).toBeVisible();
  await shot(page, '08-staff');
  await page.locator('.ebz-vt-row').first().click();
  await expect(page.getByTestId('staff-card')).toBeVisible();
  await shot(page, '09-staff-card');
  await page.keyboard.press('Escape');
  await open(page, '/departed', 'screen-departed');
  await shot(page, '10-departed');
  await open(page, '/file/postUse', 'form-postUse');
  await shot(page, '11-file-post-use');
  await open(page, '/file/enrollment', 'form-enrollment');
  await page.getByLabel('身份证号', { exact: true }).fill('370902199505061235');
  await page.getByLabel('身份证号', { exact: true }).blur();
  await expect(page.getByTestId('error-person.idNumber')).toBeVisible();
  await shot(page, '12-file-enrollment');
  await open(page, '/file/departure', 'form-departure');
  await shot(page, '13-file-departure');
  await open(page, '/file/change', 'form-change');
  await shot(page, '14-file-change');
  await open(page, '/requests', 'screen-requests');
  await shot(page, '15-requests');
  await page.locator('.ant-table-row-expand-icon').first().click();
  await shot(page, '16-request-trail');
  await open(page, '/alarms', 'screen-alarms');
  await shot(page, '17-alarms');
  await open(page, '/stats', 'screen-stats');
  await shot(page, '18-stats');
  await open(page, '/sync', 'screen-sync');
  await shot(page, '19-sync');
  await open(page, '/print', 'screen-print');
  await shot(page, '20-print');
  await page.getByRole('button', { name: /预览/ }).first().click();
  await expect(page.locator('iframe.ebz-print-frame')).toBeVisible();
  await page.waitForTimeout(800);
  await shot(page, '21-print-preview');
  await page.locator('.ant-modal-footer').getByRole('button', { name: /关\s*闭/ }).click();
  // Saved twice: the second is logged as 补打 with its date.
  for (let i = 0; i < 2; i++) {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /另存为PDF/ }).first().click();
    await download;
  }
  await expect(page.getByText('补打').first()).toBeVisible();
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 10_000 });
  await page.getByText('打印记录').scrollIntoViewIfNeeded();
  await page.mouse.wheel(0, 600);
  await shot(page, '22-print-log');
  await page.getByTestId('batch-print').click();
  await expect(page.getByRole('dialog', { name: '批量打印通知单' })).toBeVisible();
  await shot(page, '23-print-batch');
});
