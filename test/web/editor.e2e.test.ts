/**
 * End to end in Chromium against the real local stack, on the real forms and the seed
 * example: an 870 official imports the example, breaks a value and sees the error at
 * the field, fixes it, submits (v1, three date warnings), downloads the .docx; amends to
 * v2 and sees the diff; a second official's stale amendment gets the 412 message; the
 * draft survives a closed tab; a keyboard-only amendment; the 360 px editor; axe-core on
 * every page.
 */
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { EXAMPLE_PATH, startTestApp, type TestApp } from '../support/app.ts';
import { buildWeb, webBuildIsStale } from '../../scripts/local/web.ts';
import { axeViolations, horizontalOverflow, launch, screenshot, type Browser } from './browser.ts';

let app: TestApp;
let first: Browser;
let second: Browser;

beforeAll(async () => {
  if (webBuildIsStale()) await buildWeb({ quiet: true });
  app = await startTestApp({ web: true, sweepEverySeconds: 1 });
  [first, second] = await Promise.all([launch(), launch()]);
}, 120_000);

afterAll(async () => {
  await first?.close();
  await second?.close();
  await app?.close();
});

async function signIn(page: Page, unit: string): Promise<void> {
  await page.goto(`${app.url}/dang-nhap`);
  await page.getByLabel('Cán bộ đơn vị báo cáo (huyện, xã, sở, ngành)').check();
  await page.getByLabel('Mã đơn vị').fill(unit);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect.poll(() => new URL(page.url()).pathname).toBe(`/don-vi/${unit}`);
}

async function openEditor(page: Page): Promise<void> {
  await page.goto(`${app.url}/don-vi/870/2021-H1`);
  try {
    await page.getByRole('button', { name: 'Gửi báo cáo' }).waitFor({ timeout: 15_000 });
  } catch (e) {
    await screenshot(page, 'failed-open-editor');
    throw new Error(`editor did not open: ${(await page.locator('main').innerText()).slice(0, 500)}`, { cause: e });
  }
}

async function expectAccessible(page: Page, name: string): Promise<void> {
  const v = await axeViolations(page);
  expect(v, `${name}: ${JSON.stringify(v, null, 1)}`).toEqual([]);
}

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

describe('a unit official fills, submits and amends in the browser', { timeout: 120_000 }, () => {
  let page: Page;

  it('imports the seed example, sees an error at a broken value, fixes it, submits v1 with three warnings and downloads the .docx', async () => {
    page = await first.context.newPage();
    await signIn(page, '870');
    await page.getByLabel('Năm').selectOption('2021');
    await page.getByRole('link', { name: 'Lập báo cáo 06 tháng đầu năm 2021' }).click();
    await page.getByRole('button', { name: 'Gửi báo cáo' }).waitFor();
    await page.getByRole('heading', { name: /Phương hướng, nhiệm vụ quý III năm 2021/i }).waitFor();
    await screenshot(page, '30-editor-empty');
    await expectAccessible(page, 'editor (empty)');

    await page.getByLabel('Nhập nội dung từ tệp JSON').setInputFiles(EXAMPLE_PATH.pathname);
    await page.getByText('Đã nhập nội dung từ tệp “870-2021-H1.json”').waitFor();
    const awards = field(page, 'Số tập thể được khen thưởng về CCHC (tập thể)');
    await expect.poll(() => awards.inputValue()).toBe('6');

    // Break it: a negative count, refused by the form's schema while typing.
    await awards.fill('-6');
    await expect.poll(() => awards.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await awards.getAttribute('aria-describedby'))!;
    const message = await page.locator(`[id="${describedBy.split(' ').find((id) => id.includes('-e'))}"]`).innerText();
    expect(message.length).toBeGreaterThan(5);
    await page.getByText(/Báo cáo còn 1 lỗi cần sửa/).waitFor();
    await screenshot(page, '31-editor-field-error');
    await expectAccessible(page, 'editor (error)');

    await awards.fill('6');
    await expect.poll(() => awards.getAttribute('aria-invalid')).toBeNull();
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    const receipt = page.locator('#receipt');
    await receipt.getByText('Đã gửi phiên bản 1.').waitFor();
    expect(await receipt.innerText()).toMatch(/nộp (đúng|trễ) hạn/);
    const warnings = page.locator('#summary-warning li');
    await expect.poll(() => warnings.count()).toBe(3);
    const texts = (await warnings.allInnerTexts()).join('\n');
    for (const n of ['217/KH-UBND', '218/KH-UBND', '228/KH-UBND']) expect(texts).toContain(n);
    await screenshot(page, '32-editor-submitted-v1');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      receipt.getByRole('button', { name: 'Tải văn bản Word (phiên bản 1)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    const zip = await JSZip.loadAsync(readFileSync(await download.path()));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('HỒNG NGỰ');
    expect(xml).toContain('217/KH-UBND');
  });

  it('a second official opens v1; the first amends to v2 and sees the field-by-field diff', async () => {
    const other = await second.context.newPage();
    await signIn(other, '870');
    await openEditor(other);
    await other.getByText('Gửi bản sửa của phiên bản 1.').waitFor();

    await openEditor(page);
    const articles = field(page, 'Số tin, bài được duyệt đăng trên trang thông tin điện tử của đơn vị (tin, bài)');
    await articles.fill('7');
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.locator('#receipt').getByText('Đã gửi phiên bản 2.').waitFor();
    await page.getByRole('link', { name: 'Xem lịch sử phiên bản' }).click();
    await page.getByRole('heading', { name: /Lịch sử phiên bản/ }).waitFor();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(2);
    await page.getByRole('button', { name: 'So sánh' }).click();
    const diff = page.locator('#diff');
    await diff.getByText('1 chỗ khác nhau giữa phiên bản 1 và 2.').waitFor();
    const row = await diff.locator('tbody tr').innerText();
    expect(row).toContain('trang thông tin điện tử của đơn vị');
    expect(row).toMatch(/5\s+7/);
    await screenshot(page, '40-history-diff');
    await expectAccessible(page, 'history');

    // The second official, still on v1, amends: 412, who and when, and their version on offer.
    await field(other, 'Số cá nhân được khen thưởng về CCHC (cá nhân)').fill('22');
    await other.getByRole('button', { name: 'Gửi báo cáo' }).click();
    const conflict = other.locator('#conflict');
    await conflict.getByText('Chưa gửi được: đã có người lưu phiên bản mới hơn.').waitFor();
    expect(await conflict.innerText()).toMatch(
      /Phiên bản 2 được lưu lúc \d\d:\d\d ngày \d\d\/\d\d\/\d{4} bởi tài khoản local-reporter-870/,
    );
    await screenshot(other, '41-conflict-412');
    await expectAccessible(other, 'conflict');
    await conflict.getByRole('button', { name: 'Tải phiên bản 2 của họ' }).click();
    await expect
      .poll(() => field(other, 'Số tin, bài được duyệt đăng trên trang thông tin điện tử của đơn vị (tin, bài)').inputValue())
      .toBe('7');
    await expect.poll(() => field(other, 'Số cá nhân được khen thưởng về CCHC (cá nhân)').inputValue()).toBe('21');
    await other.close();
  });

  it('keeps the draft when the tab is closed and the connection is lost', async () => {
    await openEditor(page);
    await field(page, 'Số cá nhân được khen thưởng về CCHC (cá nhân)').fill('30');
    await page.getByText(/Bản nháp đã lưu trên máy này lúc/).waitFor();
    await page.close();

    // A new tab signs in again (the session lives in the tab); the draft is in the browser.
    page = await first.context.newPage();
    await signIn(page, '870');
    await openEditor(page);
    await page.getByText(/Đang dùng bản nháp chưa gửi/).waitFor();
    expect(await field(page, 'Số cá nhân được khen thưởng về CCHC (cá nhân)').inputValue()).toBe('30');

    await first.context.setOffline(true);
    try {
      await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
      // The submit's error; the background check of the draft may say the same beside it.
      await page.getByText('Không kết nối được với máy chủ.').first().waitFor();
      await page.getByText(/Mất kết nối mạng/).waitFor();
      await screenshot(page, '42-offline');
    } finally {
      await first.context.setOffline(false);
    }
    await page.getByRole('button', { name: 'Bỏ bản nháp, dùng phiên bản 2 đã gửi' }).click();
    expect(await field(page, 'Số cá nhân được khen thưởng về CCHC (cá nhân)').inputValue()).toBe('21');
  });

  it('amends with the keyboard alone', async () => {
    await page.goto(`${app.url}/don-vi/870?nam=2021`);
    const tabTo = async (accept: () => Promise<boolean>, max = 400) => {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press('Tab');
        if (await accept()) return;
      }
      throw new Error('not reached with Tab');
    };
    const focused = () =>
      page.evaluate(() => {
        const el = (globalThis as any).document.activeElement;
        return { text: (el?.innerText ?? '') as string, label: (el?.labels?.[0]?.innerText ?? '') as string };
      });
    await tabTo(
      async () => (await focused()).text.startsWith('Xem, sửa báo cáo') && (await focused()).text.includes('06 tháng đầu năm 2021'),
    );
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Gửi báo cáo' }).waitFor();
    await tabTo(async () => (await focused()).label === 'Số cơ quan, đơn vị đã được kiểm tra CCHC (đơn vị)');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('11');
    await tabTo(async () => (await focused()).text === 'Gửi báo cáo');
    await page.keyboard.press('Enter');
    await page.locator('#receipt').getByText('Đã gửi phiên bản 3.').waitFor();
    const latest = await app.call('GET', '/v1/units/870/reports/2021-H1', { token: await app.token('reporter', '870') });
    expect(latest.body.version).toBe(3);
    expect(latest.body.content.values.INSPECTED_UNITS.value).toBe(11);
  });

  it('fits 360 px: no horizontal scroll, the submit button on screen', async () => {
    await page.setViewportSize({ width: 360, height: 780 });
    await openEditor(page);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    const submit = await page.getByRole('button', { name: 'Gửi báo cáo' }).boundingBox();
    expect(submit!.x).toBeGreaterThanOrEqual(0);
    expect(submit!.x + submit!.width).toBeLessThanOrEqual(360);
    expect(submit!.y + submit!.height).toBeLessThanOrEqual(780); // the sticky bar stays in view
    await screenshot(page, '43-editor-360');
  });
});
