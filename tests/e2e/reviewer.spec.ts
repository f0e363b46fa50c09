/**
 * Issue 8's acceptance, in two browsers on the two clients of the stack: the unit files a post-use
 * request; the reviewer (his own SoftHSM2 key, role reviewer) approves it in 审核工作台; the unit syncs
 * and has the slip. Then the reviewer issues a certificate onto the blank SoftHSM2 token, the new key
 * logs in to the server as its unit, is revoked, and its login is refused.
 * Screens are written at 1366×768 (docs/screenshots/reviewer-*.png with EBZ_UPDATE_SCREENSHOTS=1).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { e2eState, plugKey, pullKey } from './state';

const s = e2eState();
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = process.env.EBZ_UPDATE_SCREENSHOTS === '1' ? join(ROOT, 'docs', 'screenshots') : join(ROOT, 'test-results', 'screenshots');
mkdirSync(OUT, { recursive: true });

async function shot(page: Page, name: string) {
  // Toasts fade after 3 s: wait so they do not cover the header in the picture.
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 8000 });
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(OUT, `reviewer-${name}.png`) });
}

function plugReviewer() {
  writeFileSync(s.reviewer.hidFile, JSON.stringify(s.reviewer.hidDevice));
}

async function reviewerLogin(page: Page) {
  writeFileSync(s.reviewer.hidFile, '[]');
  await page.goto(s.reviewer.url);
  plugReviewer();
  await expect(page.getByLabel('PIN 码')).toBeVisible();
  await page.getByLabel('PIN 码').fill(s.reviewer.pin);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('header-reviewer')).toContainText(s.reviewer.holderName, { timeout: 60_000 });
}

async function syncNow(page: Page) {
  await page.evaluate(() => (location.hash = '/sync'));
  const rounds = page.getByTestId('sync-rounds');
  await expect(rounds).toBeAttached();
  const before = Number(await rounds.textContent());
  await page.getByTestId('sync-now').click();
  await expect(rounds).toHaveText(String(before + 1), { useInnerText: false });
}

test('reviewer approves in 审核工作台 a request the unit filed; the unit has the slip after sync', async ({ browser }) => {
  const unitCtx = await browser.newContext();
  const unit = await unitCtx.newPage();
  pullKey(s);
  await unit.goto(s.url);
  plugKey(s);
  await unit.getByLabel('PIN 码').fill(s.pin);
  await unit.getByRole('button', { name: /登\s*录/ }).click();
  await expect(unit.getByTestId('home-unit-name')).toHaveText(s.unitName, { timeout: 60_000 });

  await unit.evaluate(() => (location.hash = '/file/postUse'));
  await unit.getByLabel('编制类型', { exact: true }).click();
  await unit.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasNotText: '空编 0 名' }).filter({ hasNotText: /空编 -/ }).first().click();
  await unit.getByLabel('补充渠道（用编方式）', { exact: true }).click();
  await unit.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '事业单位公开招聘' }).first().click();
  const reason = `审核工作台测试 ${Date.now()}`;
  await unit.getByLabel('申请理由').fill(reason);
  await unit.getByTestId('submit').click();
  await unit.getByRole('dialog').getByRole('button', { name: '签名并提交' }).click();
  await expect(unit.getByTestId('screen-requests')).toBeVisible();
  await syncNow(unit);

  const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  await reviewerLogin(page);
  await expect(page.getByTestId('screen-review')).toBeVisible();
  const row = page.locator('.ant-table-row', { hasText: s.unitName }).first();
  await expect(row).toBeVisible();
  await expect(row).toContainText('无问题');
  await shot(page, 'queue');

  await row.getByTestId('queue-title').click();
  const drawer = page.getByRole('dialog');
  await expect(drawer.getByText(reason)).toBeVisible();
  await expect(drawer.getByText('核准后空编')).toBeVisible();
  await shot(page, 'request');
  await drawer.getByTestId('decide-approve').click();
  const done = page.locator('.ant-message-notice', { hasText: '已核准' });
  await expect(done).toBeVisible();
  const formNumber = /编号 (\S+)/.exec((await done.textContent()) ?? '')![1]!;
  await expect(page.locator('.ant-table-row', { hasText: s.unitName })).toHaveCount(0);

  // The unit pulls: its slip is there, numbered as the reviewer saw it.
  await syncNow(unit);
  await unit.evaluate(() => (location.hash = '/print'));
  await expect(unit.getByText(formNumber).first()).toBeVisible();

  // The decision is in the reviewer's history once his client has synced.
  await page.evaluate(() => (location.hash = '/history'));
  await expect(page.getByTestId('screen-review-history')).toBeVisible();
  await expect(page.locator('.ant-table-row', { hasText: formNumber })).toBeVisible();
  await shot(page, 'history');
  await unitCtx.close();
});

test('reviewer issues a certificate onto a blank key; it logs in as its unit; revoked, it is refused', async ({ page }) => {
  await reviewerLogin(page);
  await page.evaluate(() => (location.hash = '/certs'));
  await expect(page.getByTestId('screen-certs')).toBeVisible();

  await page.getByLabel('空白密钥', { exact: true }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '空白密钥' }).first().click();
  await page.getByLabel('单位', { exact: true }).click();
  await page.keyboard.type(s.reviewer.issueUnitName.slice(0, 6));
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: s.reviewer.issueUnitName }).first().click();
  await page.getByLabel('领取人', { exact: true }).fill('李经办');
  await page.getByLabel('管理员 PIN 码', { exact: true }).fill('11223344');
  await page.getByLabel('用户 PIN 码', { exact: true }).fill('556677');
  await page.getByLabel('再次输入用户 PIN 码', { exact: true }).fill('556677');
  await shot(page, 'certs-issue');
  await page.getByTestId('issue-submit').click();
  await expect(page.getByTestId('issued-card')).toBeVisible({ timeout: 60_000 });
  const serial = /证书序列号 (\S+)，/.exec((await page.getByTestId('issued-serial').textContent()) ?? '')![1]!;

  await page.getByLabel('验证 PIN 码').fill('556677');
  await page.getByTestId('verify-token').click();
  await expect(page.getByTestId('verify-result')).toContainText(`登录成功：编办服务器确认这把密钥属于 ${s.reviewer.issueUnitName}`);
  await shot(page, 'certs-issued');

  await page.getByRole('tab', { name: '证书列表' }).click();
  await page.getByTestId(`revoke-${serial}`).click();
  await page.getByTestId('revoke-confirm').click();
  await expect(page.getByTestId(`cert-state-${serial}`)).toHaveText('已吊销');
  await shot(page, 'certs-list');

  await page.getByRole('tab', { name: '发放证书' }).click();
  await page.getByTestId('verify-token').click();
  await expect(page.getByTestId('verify-result')).toContainText('登录被拒绝');
  // The key's PIN reset with the SO PIN set at issue (解锁).
  await page.getByRole('tab', { name: '解锁 PIN 码' }).click();
  const unlock = page.getByRole('tabpanel', { name: '解锁 PIN 码' });
  await unlock.getByLabel('密钥', { exact: true }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '电子编制管理证' }).first().click();
  await unlock.getByLabel('管理员 PIN 码', { exact: true }).fill('11223344');
  await unlock.getByLabel('新的用户 PIN 码', { exact: true }).fill('778899');
  await shot(page, 'certs-unlock');
  await unlock.getByRole('button', { name: '解锁并设置新 PIN 码' }).click();
  await expect(page.locator('.ant-message-notice', { hasText: '密钥已解锁' })).toBeVisible();
});
