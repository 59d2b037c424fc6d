/**
 * The docs' Slack mock (docs/chat/slack-mock.html, written by `npm run docs`) rendered by the repository's headless
 * Chromium (test/report/browser.ts): both messages are shown with their title, description and next steps, every
 * link points at AWS (the CloudTrail console or the archived report), and hostile event fields stay text (no element,
 * no link, no mention is created from them). Saves out/chat-slack-mock.png (copied to docs/screenshots/).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { browserBinary } from '../report/browser';
import { mrkdwnToHtml, renderSlackMock } from '../../lib/chat/preview';
import type { ChatNotification } from '../../lib/chat/notification';
import { chatAlertNotification } from '../../lib/chat/alert';
import { scoreEventOffline } from '../../lib/engine/score-event';
import { DEFAULT_CONFIG } from '../../lib/config/types';

const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, 'out');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// Generous bound for a busy shared machine (hang detection): the first launch also unpacks the browser.
jest.setTimeout(240_000);

let browser: Browser;
beforeAll(async () => {
  const binary = browserBinary();
  mkdirSync(OUT, { recursive: true });
  browser = await chromium.launch({ executablePath: binary.executablePath, env: binary.env, args: ARGS });
});
afterAll(async () => {
  await browser?.close();
});

it('mrkdwnToHtml: code, bold and https links become markup; nothing else does', () => {
  expect(mrkdwnToHtml('*Who:* `a&lt;b` see https://x.example/a?b=1&amp;c=2')).toBe(
    '<b>Who:</b> <code>a&lt;b</code> see <a href="https://x.example/a?b=1&amp;c=2">https://x.example/a?b=1&amp;c=2</a>',
  );
  expect(mrkdwnToHtml('<script>alert(1)</script> "q"')).toBe('&lt;script&gt;alert(1)&lt;/script&gt; &quot;q&quot;');
});

it('the docs mock: both messages as Slack lays them out, links to AWS only', async () => {
  const html = readFileSync(path.join(ROOT, 'docs/chat/slack-mock.html'), 'utf8');
  const alert = JSON.parse(readFileSync(path.join(ROOT, 'docs/chat/1-alert.chat.json'), 'utf8')) as ChatNotification;
  const page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
  await page.setContent(html);
  expect(await page.locator('.msg').count()).toBe(2);
  expect(await page.locator('.title').first().innerText()).toContain('[HIGH] 111122223333: Administrator-equivalent access granted');
  expect(await page.locator('.card ol').first().locator('li').count()).toBe(alert.content.nextSteps?.length);
  const hrefs = await page.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  expect(hrefs.length).toBeGreaterThanOrEqual(2);
  for (const h of hrefs) expect(h).toMatch(/^https:\/\/(us-east-1\.console\.aws\.amazon\.com\/cloudtrailv2\/|iam-guardian-prod-reportbucket-[a-z0-9]+\.s3\.us-east-1\.amazonaws\.com\/)/);
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(900);
  await page.screenshot({ path: path.join(OUT, 'chat-slack-mock.png'), fullPage: true });
  await page.close();
});

it('hostile event fields stay text in the rendered message', async () => {
  const evil = '<img src=x onerror=alert(1)> <!here> @channel <https://evil.example|Open> [Open](https://evil.example) ```x```';
  const rec = {
    eventVersion: '1.09',
    eventID: 'c0ffee00-1111-4222-8333-944455556666',
    eventName: 'AttachUserPolicy',
    eventSource: 'iam.amazonaws.com',
    eventTime: '2026-11-02T09:14:27Z',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.24',
    userAgent: evil,
    recipientAccountId: '111122223333',
    userIdentity: { type: 'IAMUser', userName: evil, arn: 'arn:aws:iam::111122223333:user/x', accountId: '111122223333' },
    requestParameters: { userName: evil, policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
    responseElements: null,
  };
  const n = chatAlertNotification(scoreEventOffline(rec, { config: DEFAULT_CONFIG, now: '2026-11-02T10:00:00Z' }));
  const page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
  await page.setContent(renderSlackMock([{ notification: n, time: '09:14' }]));
  expect(await page.locator('img').count()).toBe(0);
  const hrefs = await page.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  for (const h of hrefs) expect(h).not.toContain('evil.example');
  const text = await page.locator('.description').innerText();
  expect(text).toContain('<img src=x onerror=alert(1)>');
  expect(text).toContain('＠channel');
  await page.close();
});
