import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AU_LAU } from '../leads/fixtures.ts';
import { until } from '../support/fakes.ts';
import { drain, ev, PASSWORD, startConsoleApp, submitLeadAsUser, type ConsoleApp } from './harness.ts';

/**
 * The console in a real browser: Debian's chromium driven by playwright-core (installed by .ci/run when missing).
 * Screenshots go to a temporary folder; with UPDATE_SCREENSHOTS=1 to docs/console/ for the README (so an ordinary
 * test run leaves the checkout clean).
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = process.env.UPDATE_SCREENSHOTS === '1'
  ? join(import.meta.dirname, '../../docs/console')
  : mkdtempSync(join(tmpdir(), 'bhxh-shots-'));
const present = existsSync(CHROMIUM);
if (!present) console.warn(`browser tests skipped: no chromium at ${CHROMIUM} (.ci/run installs it with apt-get)`);

describe.skipIf(!present)('the console in chromium', () => {
  let app: ConsoleApp;
  let browser: BrowserContext;
  let profile: string;
  let page: Page;

  beforeAll(async () => {
    app = await startConsoleApp();
    profile = mkdtempSync(join(tmpdir(), 'bhxh-chromium-'));
    mkdirSync(SHOTS, { recursive: true });
    // A fresh profile per run (playwright passes it as --user-data-dir); the network here is closed.
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1100, height: 800 },
      locale: 'vi-VN',
    });
    page = browser.pages()[0] ?? (await browser.newPage());
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
    if (process.env.UPDATE_SCREENSHOTS !== '1') rmSync(SHOTS, { recursive: true, force: true });
  });

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  it('logs in and sees the lead a simulated user just submitted', async () => {
    await submitLeadAsUser(app, 'zalo', 'browser-user', { name: 'Phạm Thị Lan', phone: '0912 345 678', ...AU_LAU });
    await page.goto(`${app.base}/console/leads`);
    await expect.poll(() => page.url()).toContain('/console/login');
    await page.fill('input[name=username]', 'quantri');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/console\/leads$/);
    const row = page.locator('tbody tr', { hasText: 'Phạm Thị Lan' });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('+84912345678');
    await shot('leads');
  });

  it('opens the lead, reads its timeline and gives it to another agent', async () => {
    await page.click('tbody tr >> a');
    await page.waitForURL(/\/console\/leads\/\w+$/);
    expect(await page.locator('.timeline').textContent()).toContain('Mời đại lý');
    await page.selectOption('select[name=agentId]', 'A3');
    await page.click('button:has-text("Giao lại")');
    await page.waitForURL(/msg=reassigned/);
    expect(await page.locator('.notice').textContent()).toContain('Đã giao lại');
    expect(await page.locator('.timeline').textContent()).toContain('Cán bộ giao lại · A3 · bởi quantri');
    await shot('lead');
  });

  it('labels a question the bot did not understand', async () => {
    await app.rt.handleEvent(ev.text('zalo', 'q1', 'con mèo nhà tôi tên là Mướp, số 0903 111 222 thì sao'));
    await drain(app);
    await page.goto(`${app.base}/console/unanswered`);
    const card = page.locator('.card', { hasText: 'con mèo' });
    expect(await card.textContent()).toContain('[số điện thoại]');
    await card.locator('select[name=intent]').selectOption('what_is');
    await card.locator('button[type=submit]').click();
    await page.waitForURL(/msg=labelled/);
    expect(await page.locator('.notice').textContent()).toContain('Đã gán nhãn');
    const labelled = await app.svc.unanswered.labelled();
    expect(labelled.map((l) => l.intent)).toEqual(['what_is']);
    await shot('unanswered');
  });

  it('shows the funnel with its chart', async () => {
    await page.goto(`${app.base}/console/funnel?days=14`);
    const chart = page.locator('#funnel-chart svg.chart');
    expect(await chart.isVisible()).toBe(true);
    expect(await chart.locator('rect').count()).toBeGreaterThan(6);
    expect(await page.locator('.stats').first().textContent()).toContain('Để lại liên hệ');
    await shot('funnel');
  });

  it('sees a handoff ticket on a phone screen and closes it', async () => {
    await app.rt.handleEvent(ev.text('messenger', 'help-me', 'chào'));
    await app.rt.handleEvent(ev.text('messenger', 'help-me', 'cho tôi gặp nhân viên'));
    await until(async () => ((await app.svc.tickets?.list('open')) ?? []).length === 1);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${app.base}/console/tickets`);
    expect(await page.locator('main').textContent()).toContain('1 yêu cầu đang mở');
    await shot('tickets');
    await page.click('button:has-text("Đóng yêu cầu")');
    await page.waitForURL(/msg=closed/);
    expect(await page.locator('main').textContent()).toContain('0 yêu cầu đang mở');
    expect(await app.svc.tickets!.list('open')).toHaveLength(0);
  });

  it('chats with the bot in the simulator, on a phone screen', async () => {
    await page.goto(`${app.base}/console/chat`);
    await page.fill('input[name=text]', 'thu nhập 5 triệu thì đóng bao nhiêu');
    await page.click('button:has-text("Gửi")');
    await page.waitForURL(/\/console\/chat/);
    expect(await page.locator('.bubble.bot').last().textContent()).toContain('5.000.000 đ');
    await page.click('.choices button:has-text("Đúng rồi")');
    await page.waitForURL(/\/console\/chat/);
    await shot('chat');
    await page.setViewportSize({ width: 1100, height: 800 });
    await page.goto(`${app.base}/console/agents`);
    expect(await page.locator('tbody tr').count()).toBeGreaterThan(3);
    await shot('agents');
  });
}, 120_000);
