/**
 * Review end to end in Chromium against the real local stack: province staff of 87
 * return 870's report with a comment and a comment at a field; the unit official sees
 * both (the latter at the field), amends; staff see chờ duyệt and accept; the unit's
 * stale amendment gets the lock in plain words and the editor opens read-only; staff
 * reopen with a reason; the unit amends again. Then a review of a version that a newer
 * one overtook (412) and loading the newer one. The history lists every action in
 * order; axe-core on every page; the staff view at 360 px.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildWeb, webBuildIsStale } from '../../scripts/local/web.ts';
import { example, startTestApp, type TestApp } from '../support/app.ts';
import { expectAccessible, horizontalOverflow, launch, SCREENS, screenshot, screenshotOf, signIn, type Browser } from './browser.ts';

/** The machine may be busy: a page can take seconds to settle. */
const POLL = { timeout: 30_000, interval: 200 };
const URL870 = '/v1/units/870/reports/2021-H1';
const INSPECTED = 'Số cơ quan, đơn vị đã được kiểm tra CCHC (đơn vị)';
const GENERAL = 'Đề nghị bổ sung số liệu kiểm tra cho khớp kế hoạch.';
const AT_FIELD = 'Số đơn vị được kiểm tra chưa khớp với Kế hoạch 217/KH-UBND.';
const REASON = 'Đơn vị đề nghị điều chỉnh số liệu hồ sơ trễ hạn.';

let app: TestApp;
let browser: Browser;
let unitBrowser: Browser;
let staff: Page;
let unit: Page;

beforeAll(async () => {
  if (webBuildIsStale()) await buildWeb({ quiet: true });
  app = await startTestApp({ web: true, sweepEverySeconds: 1 });
  const put = await app.call('PUT', URL870, { token: await app.token('reporter', '870'), body: example() });
  expect(put.status, put.text).toBe(201);
  // A browser each: a page in the background gets no animation frames (focus moves after them).
  [browser, unitBrowser] = await Promise.all([launch(), launch()]);
  [staff, unit] = await Promise.all([browser.context.newPage(), unitBrowser.context.newPage()]);
  await signIn(staff, app.url, 'province', '87');
  await signIn(unit, app.url, 'reporter', '870');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await unitBrowser?.close();
  await app?.close();
});

const latest = async () => (await app.call('GET', URL870, { token: await app.token('province', '87') })).body;
const focusedId = (page: Page) => page.evaluate(() => (globalThis as any).document.activeElement?.id as string | undefined);
const reportView = (page: Page) => page.goto(`${app.url}/tinh/87/2021-H1/870`);
const reviewBadge = (page: Page) => page.locator('.review-state .badge').innerText();

async function openEditor(page: Page): Promise<void> {
  await page.goto(`${app.url}/don-vi/870/2021-H1`);
  await page.getByRole('heading', { name: /06 tháng đầu năm 2021/ }).waitFor();
  await page.locator('.review-state').waitFor();
}

/** Nothing a user reads is an error code or a JSON path. */
async function noRawCodes(page: Page): Promise<void> {
  const text = await page.locator('main').innerText();
  expect(text).not.toMatch(
    /REPORT_LOCKED|REPORT_CLOSED|PRECONDITION|ALREADY_|COMMENT_REQUIRED|\$\.|INSPECTED_UNITS|submitted|accepted|returned/,
  );
}

describe('a report through review in the browser', { timeout: 150_000 }, () => {
  it('staff see chờ duyệt in the unit list and can filter by it', async () => {
    await staff.goto(`${app.url}/tinh/87?ky=2021-H1`);
    await staff.getByText('1/12', { exact: true }).waitFor();
    expect(await staff.locator('.tiles').innerText()).toMatch(/0\s*đã duyệt/);
    const row = staff.locator('tbody tr', { hasText: 'Huyện Hồng Ngự' });
    await expect.poll(() => row.locator('td[data-label="Duyệt"]').innerText(), POLL).toBe('Chờ duyệt');
    await staff.getByLabel('Kết quả duyệt').selectOption('accepted');
    await expect.poll(() => staff.locator('tbody tr').count(), POLL).toBe(0);
    await staff.getByLabel('Kết quả duyệt').selectOption('submitted');
    await expect.poll(() => staff.locator('tbody tr').count(), POLL).toBe(1);
    await screenshot(staff, '50-dashboard-review-filter');
    await expectAccessible(staff, 'dashboard with review');
  });

  it('staff return v1 with a comment and a comment at a field; a return without one is refused at the field', async () => {
    await staff.getByRole('link', { name: 'Xem báo cáo của Huyện Hồng Ngự' }).click();
    await staff.getByText('Phiên bản 1, nhận lúc').waitFor();
    expect(await reviewBadge(staff)).toBe('Chờ duyệt');
    await expectAccessible(staff, 'report view (chờ duyệt)');

    await staff.getByRole('button', { name: 'Trả lại phiên bản 1' }).click();
    const general = staff.getByLabel('Nhận xét chung');
    await expect.poll(() => general.getAttribute('aria-invalid'), POLL).toBe('true');
    await expect.poll(() => focusedId(staff), POLL).toBe('review-comment');
    await staff.getByText('Hãy ghi nhận xét chung (hoặc góp ý tại ít nhất một mục)').waitFor();
    expect((await latest()).review.state).toBe('submitted'); // nothing sent

    // A comment at a field, chosen from the report's own fields (named in words).
    const choice = staff.getByLabel('Chọn mục của báo cáo');
    const option = choice.locator('option[value="$.values.INSPECTED_UNITS.value"]');
    expect(await option.innerText()).toBe('Số cơ quan, đơn vị đã được kiểm tra CCHC: 10');
    await choice.selectOption('$.values.INSPECTED_UNITS.value');
    await staff.getByRole('button', { name: 'Thêm góp ý cho mục này' }).click();
    const atField = staff.getByLabel('Góp ý cho mục “Số cơ quan, đơn vị đã được kiểm tra CCHC”');
    await expect.poll(() => focusedId(staff), POLL).toBe('review-fc-0');
    await atField.fill(AT_FIELD);

    // Or by the "Góp ý" button beside a field of the report: its comment box is added once, and focused.
    const PLANNED = 'Số cơ quan, đơn vị dự kiến kiểm tra trong thời gian tới';
    // Named by the printed label, with its unit of measure.
    const commentButton = staff.getByRole('button', { name: `Góp ý tại mục “${PLANNED} (đơn vị)”` });
    await commentButton.click();
    await staff.getByLabel(`Góp ý cho mục “${PLANNED}”`).waitFor();
    await expect.poll(() => focusedId(staff), POLL).toBe('review-fc-1');
    await staff.locator('#review-fc-1').fill('x');
    await commentButton.click();
    await expect.poll(() => staff.locator('.field-comment').count(), POLL).toBe(2);
    expect(await staff.locator('#review-fc-1').inputValue()).toBe('x');
    expect(await choice.locator('option[value="$.values.PLANNED_INSPECTIONS.value"]').isDisabled()).toBe(true);
    // Removed again: the return below carries the one comment at the inspected units.
    await staff.getByRole('button', { name: `Xóa góp ý cho mục “${PLANNED}”` }).click();
    await expect.poll(() => staff.locator('.field-comment').count(), POLL).toBe(1);
    await general.fill(GENERAL);
    await screenshotOf(staff.locator('.review-panel'), '51-staff-return-form');
    await expectAccessible(staff, 'return form');

    await staff.getByRole('button', { name: 'Trả lại phiên bản 1' }).click();
    await staff.locator('#review-done').getByText('Đã trả lại phiên bản 1 cho đơn vị.').waitFor();
    await expect.poll(() => focusedId(staff), POLL).toBe('review-done');
    expect(await reviewBadge(staff)).toBe('Trả lại');
    const notice = await staff.locator('#review-returned').innerText();
    expect(notice).toContain(GENERAL);
    expect(notice).toContain(`Số cơ quan, đơn vị đã được kiểm tra CCHC: ${AT_FIELD}`);
    const l = await latest();
    expect(l.review).toMatchObject({
      state: 'returned',
      last: { action: 'return', version: 1, comment: GENERAL, comments: [{ path: '$.values.INSPECTED_UNITS.value', text: AT_FIELD }] },
    });
    await noRawCodes(staff);
  });

  it('the unit sees trả lại, the comment, and the comment at its field; amends to v2, back to chờ duyệt', async () => {
    await unit.goto(`${app.url}/don-vi/870?nam=2021`);
    const card = unit.locator('.period-card', { has: unit.getByRole('heading', { name: '06 tháng đầu năm 2021' }) });
    await expect.poll(() => card.innerText(), POLL).toContain('Trả lại');
    expect(await card.innerText()).toContain('trả lại phiên bản 1, đề nghị sửa và gửi lại');
    await expectAccessible(unit, 'periods (trả lại)');

    await openEditor(unit);
    const notice = unit.locator('#review-returned');
    await notice.waitFor();
    expect(await notice.innerText()).toContain(GENERAL);
    // The comment at the field is tied to its input for screen readers, and shown under it.
    const input = unit.getByLabel(INSPECTED, { exact: true });
    const ids = (await input.getAttribute('aria-describedby'))!.split(' ');
    const commentId = ids.find((id) => /-c0$/.test(id));
    expect(commentId).toBeDefined();
    expect(await unit.locator(`[id="${commentId}"]`).innerText()).toBe(`Sở Nội vụ đề nghị sửa: ${AT_FIELD}`);
    // The notice's link takes the official to the field.
    await notice.getByRole('link', { name: 'Số cơ quan, đơn vị đã được kiểm tra CCHC' }).click();
    await expect.poll(() => unit.evaluate(() => (globalThis as any).document.activeElement?.labels?.[0]?.innerText), POLL).toBe(INSPECTED);
    // The indicator with its comment, cut from the whole page.
    const box = (await unit.locator('fieldset.indicator', { has: input }).evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { y: r.top + (globalThis as any).scrollY, height: r.height };
    })) as { y: number; height: number };
    await unit.screenshot({
      path: join(SCREENS, '52-unit-returned-field.png'),
      fullPage: true,
      clip: { x: 0, y: Math.max(0, box.y - 16), width: 1280, height: box.height + 32 },
    });
    await screenshotOf(notice, '52-unit-returned-notice');
    await expectAccessible(unit, 'editor (trả lại)');
    await noRawCodes(unit);

    await input.fill('12');
    await unit.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await unit.locator('#receipt').getByText('Đã gửi phiên bản 2.').waitFor();
    await expect.poll(() => reviewBadge(unit), POLL).toBe('Chờ duyệt');
    expect(await unit.locator('#review-returned').count()).toBe(0);
  });

  it('staff see v2 chờ duyệt and accept it; the still-open editor gets the lock in plain words', async () => {
    await reportView(staff);
    await staff.getByText('Phiên bản 2, nhận lúc').waitFor();
    expect(await reviewBadge(staff)).toBe('Chờ duyệt');
    await staff.getByRole('button', { name: 'Chấp nhận phiên bản 2' }).click();
    await staff.locator('#review-done').getByText('Đã chấp nhận phiên bản 2.').waitFor();
    await expect.poll(() => focusedId(staff), POLL).toBe('review-done');
    expect(await reviewBadge(staff)).toBe('Đã duyệt');
    await staff.getByLabel('Lý do mở lại (bắt buộc)').waitFor();
    expect((await latest()).review).toMatchObject({ state: 'accepted', last: { action: 'accept', version: 2 } });

    // The unit's editor was opened before the acceptance: its amendment is refused (409).
    await unit.getByLabel(INSPECTED, { exact: true }).fill('13');
    await unit.getByRole('button', { name: 'Gửi báo cáo' }).click();
    const err = unit.locator('.alert-error', { hasText: 'Chưa gửi được báo cáo.' });
    await err.waitFor();
    const text = await err.innerText();
    expect(text).toContain(
      'Báo cáo đã được Sở Nội vụ duyệt (phiên bản 2) nên không sửa được. Nếu cần sửa, đề nghị Sở Nội vụ mở lại báo cáo.',
    );
    expect(text).toContain('Hãy liên hệ Sở Nội vụ để đề nghị mở lại báo cáo.');
    await screenshot(unit, '53-unit-amend-locked-409', { fullPage: false });
    await expectAccessible(unit, 'editor (409)');
    await noRawCodes(unit);
    expect((await latest()).version).toBe(2);
  });

  it('the unit opens the accepted report read-only, with the lock explained and no submit button', async () => {
    await openEditor(unit);
    const notice = unit.locator('#review-accepted');
    await notice.waitFor();
    expect(await notice.innerText()).toContain('Sở Nội vụ đã duyệt phiên bản 2');
    expect(await notice.innerText()).toContain('Nếu cần sửa, đề nghị Sở Nội vụ mở lại báo cáo.');
    expect(await reviewBadge(unit)).toBe('Đã duyệt');
    expect(await unit.getByRole('button', { name: 'Gửi báo cáo' }).count()).toBe(0);
    expect(await unit.getByLabel(INSPECTED, { exact: true }).count()).toBe(0); // printed, not an input
    expect(await unit.locator('input, textarea, select').count()).toBe(0);
    expect(await unit.getByRole('button', { name: /^Góp ý tại mục/ }).count()).toBe(0); // staff only
    const year = unit.locator('.ro').filter({ has: unit.locator('.ro-label', { hasText: /^Năm$/ }) });
    expect(await year.locator('.ro-value').innerText()).toBe('2021'); // a year, not 2.021
    // The refused amendment is still kept as a draft for after a reopening.
    await unit.getByText(/Bản nháp chưa gửi lưu trên máy này lúc .* vẫn được giữ/).waitFor();
    await screenshot(unit, '54-unit-accepted-readonly', { fullPage: false });
    await expectAccessible(unit, 'editor (đã duyệt)');

    await unit.goto(`${app.url}/don-vi/870?nam=2021`);
    const card = unit.locator('.period-card', { has: unit.getByRole('heading', { name: '06 tháng đầu năm 2021' }) });
    await expect.poll(() => card.innerText(), POLL).toContain('Đã duyệt');
    await card.getByRole('link', { name: 'Xem báo cáo 06 tháng đầu năm 2021' }).waitFor();
  });

  it('staff reopen it with a required reason; the unit amends to v3 from its kept draft', async () => {
    await staff.getByRole('button', { name: 'Mở lại báo cáo' }).click();
    const reason = staff.getByLabel('Lý do mở lại (bắt buộc)');
    await expect.poll(() => reason.getAttribute('aria-invalid'), POLL).toBe('true');
    await expect.poll(() => focusedId(staff), POLL).toBe('reopen-reason');
    expect((await latest()).review.state).toBe('accepted');
    await reason.fill(REASON);
    await staff.getByRole('button', { name: 'Mở lại báo cáo' }).click();
    await staff.locator('#review-done').getByText('Đã mở lại báo cáo.').waitFor();
    await expect.poll(() => focusedId(staff), POLL).toBe('review-done');
    expect(await reviewBadge(staff)).toBe('Chờ duyệt');
    await screenshot(staff, '55-staff-reopened', { fullPage: false });
    await expectAccessible(staff, 'report view (mở lại)');

    await openEditor(unit);
    expect(await unit.locator('#review-reopened').innerText()).toContain(`Lý do: ${REASON}`);
    await unit.getByText(/Đang dùng bản nháp/).waitFor();
    expect(await unit.getByLabel(INSPECTED, { exact: true }).inputValue()).toBe('13');
    await unit.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await unit.locator('#receipt').getByText('Đã gửi phiên bản 3.').waitFor();
    expect((await latest()).content.values.INSPECTED_UNITS.value).toBe(13);
  });

  it('the history shows every review action in order: when, decision, version, who, comment', async () => {
    await staff.goto(`${app.url}/don-vi/870/2021-H1/lich-su`);
    const rows = staff.locator('#review-history tbody tr');
    await expect.poll(() => rows.count(), POLL).toBe(3);
    const cells = async (i: number) => (await rows.nth(i).locator('td').allInnerTexts()).map((t) => t.trim());
    const [ret, acc, reo] = [await cells(0), await cells(1), await cells(2)];
    expect(ret[1]).toMatch(/^Trả lại/);
    expect(ret[2]).toBe('1');
    expect(ret[3]).toBe('tài khoản local-province-87 (đơn vị 87)');
    await expect.poll(async () => (await cells(0))[4], POLL).toBe(`${GENERAL}\nSố cơ quan, đơn vị đã được kiểm tra CCHC: ${AT_FIELD}`);
    expect(acc[1]).toMatch(/^Chấp nhận/);
    expect(acc[2]).toBe('2');
    expect(reo[1]).toMatch(/^Mở lại/);
    expect(reo[2]).toBe('2');
    expect(reo[4]).toBe(`Lý do: ${REASON}`);
    for (const r of [ret, acc, reo]) expect(r[0]).toMatch(/^\d\d:\d\d ngày \d\d\/\d\d\/\d{4}$/);
    await screenshotOf(staff.locator('section[aria-labelledby="reviews-title"]'), '56-history-reviews');
    await expectAccessible(staff, 'history with reviews');
    await noRawCodes(staff);
  });

  it('a newer version arriving first: the decision is refused (412), explained, and the newer one loads', async () => {
    await reportView(staff);
    await staff.getByText('Phiên bản 3, nhận lúc').waitFor();
    await staff.getByLabel('Nhận xét chung').fill('Đạt yêu cầu.');
    // The unit sends v4 while staff are reading v3.
    const body = example();
    body.values.INSPECTED_UNITS.value = 14;
    const put = await app.call('PUT', URL870, { token: await app.token('reporter', '870'), body, headers: { 'if-match': '"3"' } });
    expect(put.status, put.text).toBe(201);

    await staff.getByRole('button', { name: 'Chấp nhận phiên bản 3' }).click();
    const conflict = staff.locator('#review-conflict');
    await conflict.getByText('Chưa ghi được ý kiến: đơn vị đã gửi phiên bản mới hơn.').waitFor();
    expect(await conflict.innerText()).toMatch(
      /Phiên bản 4 được gửi lúc \d\d:\d\d ngày \d\d\/\d\d\/\d{4} bởi tài khoản local-reporter-870 \(đơn vị 870\)/,
    );
    await expect.poll(() => focusedId(staff), POLL).toBe('review-conflict');
    expect((await latest()).review.state).toBe('submitted'); // nothing changed
    await screenshot(staff, '57-staff-review-412', { fullPage: false });
    await expectAccessible(staff, 'review 412');
    await noRawCodes(staff);

    await conflict.getByRole('button', { name: 'Tải phiên bản 4' }).click();
    await staff.getByText('Phiên bản 4, nhận lúc').waitFor();
    await staff.locator('#review-done').getByText('Đã tải phiên bản 4.').waitFor();
    expect(await staff.getByLabel('Nhận xét chung').inputValue()).toBe('Đạt yêu cầu.'); // kept
    await staff.getByRole('button', { name: 'Chấp nhận phiên bản 4' }).click();
    await staff.locator('#review-done').getByText('Đã chấp nhận phiên bản 4.').waitFor();
    expect((await latest()).review).toMatchObject({ state: 'accepted', last: { action: 'accept', version: 4, comment: 'Đạt yêu cầu.' } });
    // Comments at fields go with a return: an accepted report offers no "Góp ý" buttons.
    expect(await staff.getByRole('button', { name: /^Góp ý tại mục/ }).count()).toBe(0);
  });

  it('the staff view works at 360 px', async () => {
    const page = staff;
    await page.setViewportSize({ width: 360, height: 780 });
    await reportView(page);
    await page.getByText('Phiên bản 4, nhận lúc').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    for (const control of [
      page.getByRole('button', { name: 'Ghi ý kiến duyệt' }),
      page.getByLabel('Lý do mở lại (bắt buộc)'),
      page.getByRole('button', { name: 'Mở lại báo cáo' }),
    ]) {
      await control.scrollIntoViewIfNeeded();
      const b = await control.boundingBox();
      expect(b).not.toBeNull();
      expect(b!.x).toBeGreaterThanOrEqual(0);
      expect(b!.x + b!.width).toBeLessThanOrEqual(360);
    }
    await page.getByRole('button', { name: 'Ghi ý kiến duyệt' }).click();
    await expect.poll(() => focusedId(page), POLL).toBe('reopen-reason');
    await screenshot(page, '58-staff-review-360', { fullPage: false });
  });
});
