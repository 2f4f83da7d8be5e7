/**
 * End to end in Chromium against the real local stack (npm start's startApp with the
 * web app): local sign-in, province staff of 87 following 2021-H1 (1 of 12 reported,
 * 11 missing), running the rollup, its charts and the .xlsx; the unit's period list;
 * axe-core on every page and the 360 px layout.
 */
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { example, startTestApp, type TestApp } from '../support/app.ts';
import { axeViolations, horizontalOverflow, launch, screenshot, type Browser } from './browser.ts';

/** The machine may be busy: a page can take seconds to settle. */
const POLL = { timeout: 30_000, interval: 200 };

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  app = await startTestApp({ web: true, sweepEverySeconds: 1 });
  const token = await app.token('reporter', '870');
  const put = await app.call('PUT', '/v1/units/870/reports/2021-H1', { token, body: example() });
  expect(put.status).toBe(201);
  browser = await launch();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function signIn(page: Page, role: 'reporter' | 'province', unit: string): Promise<void> {
  await page.goto(`${app.url}/`);
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  await page
    .getByLabel(role === 'province' ? 'Cán bộ Sở Nội vụ (theo dõi, tổng hợp)' : 'Cán bộ đơn vị báo cáo (huyện, xã, sở, ngành)')
    .check();
  await page.getByLabel('Mã đơn vị').fill(unit);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

async function expectAccessible(page: Page, name: string): Promise<void> {
  const v = await axeViolations(page);
  expect(v, `${name}: ${JSON.stringify(v, null, 1)}`).toEqual([]);
}

describe('province staff in the browser', { timeout: 90_000 }, () => {
  it('sign-in page is labelled local-only and accessible', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${app.url}/tinh/87`);
    await expect.poll(() => page.url(), POLL).toContain('/dang-nhap');
    await page.getByText('Chế độ chạy thử trên máy (chỉ dùng khi chạy cục bộ).').waitFor();
    await screenshot(page, '01-sign-in');
    await expectAccessible(page, 'sign-in');
    await page.close();
  });

  it('sees 1 of 12 reported and 11 missing, runs the rollup, sees a chart and downloads the .xlsx', async () => {
    const page = await browser.context.newPage();
    await signIn(page, 'province', '87');
    await expect.poll(() => new URL(page.url()).pathname, POLL).toBe('/tinh/87');
    await page.getByLabel('Kỳ báo cáo').selectOption('2021-H1');
    await page.getByText('1/12', { exact: true }).waitFor();
    const tiles = await page.locator('.tiles').innerText();
    expect(tiles).toMatch(/1\/12\s*đơn vị đã nộp/);
    expect(tiles).toMatch(/11\s*chưa nộp/);
    await expect.poll(() => page.locator('tbody tr').count(), POLL).toBe(12);
    await page.getByText('Hạn nộp 16/06/2021', { exact: false }).waitFor();

    // The list is searchable and filterable.
    await page.getByLabel('Tình trạng').selectOption('missing');
    await expect.poll(() => page.locator('tbody tr').count(), POLL).toBe(11);
    await page.getByLabel('Tình trạng').selectOption('all');
    await page.getByLabel('Tìm đơn vị').fill('huyện hồng');
    await expect.poll(() => page.locator('tbody tr').count(), POLL).toBe(1);
    await expect.poll(() => page.locator('tbody tr').innerText(), POLL).toContain('Huyện Hồng Ngự');
    await screenshot(page, '10-dashboard');
    await expectAccessible(page, 'dashboard');

    await page.getByRole('button', { name: 'Tổng hợp ngay' }).click();
    await page.getByText('Đã tổng hợp xong.').waitFor();
    const chart = page.locator('canvas[data-chart="breakdown-late-dossiers-field"]');
    await chart.waitFor();
    expect(await chart.getAttribute('aria-label')).toContain('Đất đai');
    const box = await chart.boundingBox();
    expect(box!.width).toBeGreaterThan(200);
    await page.locator('canvas[data-chart="indicators"]').waitFor();
    await screenshot(page, '11-rollup-charts');
    await expectAccessible(page, 'rollup');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Bảng số liệu (Excel)' }).click()]);
    const file = await download.path();
    const zip = await JSZip.loadAsync(readFileSync(file));
    expect(zip.file('xl/workbook.xml')).not.toBeNull();
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    // The CSV is stored gzip-encoded: the browser saves the plain file (BOM, header row, the unit's row).
    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Bảng số liệu (CSV)' }).click(),
    ]);
    const csv = readFileSync(await csvDownload.path());
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.subarray(3).toString('utf8')).toMatch(/^Mã đơn vị,Tên đơn vị,/);
    expect(csv.toString('utf8')).toContain('\r\n870,Huyện Hồng Ngự,');
    expect(csvDownload.suggestedFilename()).toMatch(/\.csv$/);

    // The unit's report, read-only, with its document.
    await page.getByLabel('Tìm đơn vị').fill('870');
    await page.getByRole('link', { name: 'Xem báo cáo của Huyện Hồng Ngự' }).click();
    await page.getByText('Phiên bản 1, nhận lúc').waitFor();
    await screenshot(page, '12-unit-report-readonly');
    await expectAccessible(page, 'report view');
    await page.close();
  });

  it('works at 360 px: no horizontal scroll, the key controls on screen', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 360, height: 780 });
    await signIn(page, 'province', '87');
    await page.getByLabel('Kỳ báo cáo').selectOption('2021-H1');
    await page.getByText('1/12', { exact: true }).waitFor();
    await page.locator('canvas[data-chart]').first().waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    for (const control of [
      page.getByLabel('Tìm đơn vị'),
      page.getByRole('button', { name: 'Tổng hợp ngay' }),
      page.getByRole('link', { name: 'Bảng số liệu (Excel)' }),
    ]) {
      const b = await control.boundingBox();
      expect(b).not.toBeNull();
      expect(b!.x).toBeGreaterThanOrEqual(0);
      expect(b!.x + b!.width).toBeLessThanOrEqual(360);
    }
    await screenshot(page, '13-dashboard-360', { fullPage: false });
    await page.locator('canvas[data-chart="indicators"]').scrollIntoViewIfNeeded();
    await screenshot(page, '14-charts-360', { fullPage: false });
    await page.close();
  });
});

describe('a unit official in the browser', { timeout: 60_000 }, () => {
  it('sees the periods of 2021 with deadline and status', async () => {
    const page = await browser.context.newPage();
    await signIn(page, 'reporter', '870');
    await expect.poll(() => new URL(page.url()).pathname, POLL).toBe('/don-vi/870');
    await page.getByLabel('Năm').selectOption('2021');
    const h1 = page.locator('.period-card', { has: page.getByRole('heading', { name: '06 tháng đầu năm 2021' }) });
    await h1.waitFor();
    const text = await h1.innerText();
    expect(text).toContain('Hạn nộp: 16/06/2021');
    expect(text).toMatch(/Đã gửi, trễ hạn|Đã gửi đúng hạn/);
    expect(text).toContain('Phiên bản mới nhất: 1');
    const q3 = await page.locator('.period-card', { has: page.getByRole('heading', { name: 'Quý III năm 2021' }) }).innerText();
    expect(q3).toContain('Chưa gửi');
    expect(q3).toMatch(/quá hạn \d+ ngày|đã hết hạn/);
    await screenshot(page, '20-periods');
    await expectAccessible(page, 'periods');
    await page.setViewportSize({ width: 360, height: 780 });
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, '21-periods-360', { fullPage: false });
    await page.close();
  });
});
