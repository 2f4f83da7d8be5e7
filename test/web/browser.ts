/**
 * Debian's Chromium driven by playwright-core (no browser download): a fresh profile
 * per run, axe-core injected into the page, screenshots under test-results/screens/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENS = resolve(import.meta.dirname, '../../test-results/screens');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  downloads: string;
  close(): Promise<void>;
}

export async function launch(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'cchc-chromium-'));
  const downloads = mkdtempSync(join(tmpdir(), 'cchc-downloads-'));
  mkdirSync(SCREENS, { recursive: true });
  // launchPersistentContext passes the fresh profile as --user-data-dir.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    acceptDownloads: true,
    downloadsPath: downloads,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    viewport: { width: 1280, height: 900 },
  });
  // The machine may be busy (the suite runs files in parallel): wait longer than the default.
  context.setDefaultTimeout(60_000);
  return {
    context,
    downloads,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      rmSync(downloads, { recursive: true, force: true });
    },
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    const g = globalThis as any;
    const r = await g.axe.run(g.document, { resultTypes: ['violations'] });
    return r.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n: any) => ({ target: n.target, html: n.html.slice(0, 200) })),
    }));
  });
  return (result as AxeViolation[]).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function screenshot(page: Page, name: string, o: { fullPage?: boolean } = {}): Promise<void> {
  await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: o.fullPage ?? true });
}

/** A screenshot of one part of the page (the full page of a long form is too tall to look at). */
export async function screenshotOf(part: Locator, name: string): Promise<void> {
  await part.scrollIntoViewIfNeeded();
  await part.screenshot({ path: join(SCREENS, `${name}.png`) });
}

/** No horizontal scrolling at the page's width. */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const root = (globalThis as any).document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });
}

export const ROLE_CHOICE = {
  reporter: 'Cán bộ đơn vị báo cáo (huyện, xã, sở, ngành)',
  province: 'Cán bộ Sở Nội vụ (theo dõi, tổng hợp)',
} as const;

/** The local sign-in page: a role and a unit; the session lives in the tab. */
export async function signIn(page: Page, baseUrl: string, role: keyof typeof ROLE_CHOICE, unit: string): Promise<void> {
  await page.goto(`${baseUrl}/dang-nhap`);
  await page.getByLabel(ROLE_CHOICE[role]).check();
  await page.getByLabel('Mã đơn vị').fill(unit);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  // Signed in: the app leaves the sign-in page for the role's home.
  await page.waitForURL((u) => !u.pathname.startsWith('/dang-nhap'), { timeout: 30_000 });
}

/** No serious or critical axe-core violation on the page as it is now. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const v = await axeViolations(page);
  expect(v, `${name}: ${JSON.stringify(v, null, 1)}`).toEqual([]);
}
