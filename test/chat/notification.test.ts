/**
 * Chat custom notifications (lib/chat): the documented schema and the field limits for every event rule's examples,
 * long inputs cut with a marker, and untrusted text that cannot mention, link or reformat in Slack / Teams.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_RULES } from '../../lib/rules';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { emptyEnrichment } from '../../lib/cloudtrail/enrichment-types';
import { scoreEventOffline, type ScoredEvent } from '../../lib/engine/score-event';
import { chatAlertNotification, firstSentence, threadIdOf } from '../../lib/chat/alert';
import { chatReportNotification } from '../../lib/chat/report';
import { CHAT_LIMITS, checkChatNotification, type ChatNotification } from '../../lib/chat/notification';
import { CUT_MARKER, cutText, inertCode, inertText } from '../../lib/chat/markdown';
import { examplesOf } from '../support/rule-examples';
import { buildWeeklyReport } from '../../lib/report/model';
import { ACCOUNT, NOW as REPORT_NOW, alert, config, finding, weeklySweeps } from '../report/fixtures';

const NOW = '2026-11-02T10:00:00Z';
const EVENTS = join(__dirname, '..', '..', 'events');

function scoreRecord(over: Record<string, unknown> = {}, identity: Record<string, unknown> = {}): ScoredEvent {
  const rec = {
    eventVersion: '1.09',
    eventID: 'c0ffee00-1111-4222-8333-944455556666',
    eventName: 'AttachUserPolicy',
    eventSource: 'iam.amazonaws.com',
    eventTime: '2026-11-02T09:14:27Z',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.24',
    userAgent: 'aws-cli/2.22.4',
    recipientAccountId: '111122223333',
    userIdentity: { type: 'IAMUser', userName: 'mallory', arn: 'arn:aws:iam::111122223333:user/mallory', accountId: '111122223333', ...identity },
    requestParameters: { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
    responseElements: null,
    ...over,
  };
  return scoreEventOffline(rec, { config: DEFAULT_CONFIG, now: NOW });
}

/** Everything a chat client would turn into a mention, a link, a control sequence or a code block. */
const FORBIDDEN: [string, RegExp][] = [
  ['a raw < or > (Slack control sequences: <!here>, <@U…>, <http…|…>)', /[<>]/],
  ['a plain-text mention', /@(channel|here|everyone)/i],
  ['a markdown link', /\]\(/],
  ['a code fence', /```/],
];

function textOf(n: ChatNotification): string[] {
  return [n.content.title, n.content.description, ...(n.content.nextSteps ?? []), ...(n.content.keywords ?? []), n.metadata?.summary ?? '', ...(n.metadata?.relatedResources ?? [])];
}

function expectInert(n: ChatNotification): void {
  for (const t of textOf(n)) {
    for (const [what, re] of FORBIDDEN) expect({ text: t, what, found: re.test(t) }).toEqual({ text: t, what, found: false });
    // Every code span is closed: a cut never leaves one open (which would swallow the rest of the message).
    for (const line of t.split('\n')) expect({ line, backticks: (line.match(/`/g) ?? []).length % 2 }).toEqual({ line, backticks: 0 });
  }
}

describe('every event rule example', () => {
  const cases = EVENT_RULES.flatMap((rule) => examplesOf(rule).fail.map((ex) => [rule.id, ex.name, ex] as const));

  it('there are examples for every rule', () => {
    expect(new Set(cases.map((c) => c[0])).size).toBe(EVENT_RULES.length);
  });

  it.each(cases)('%s / %s: a valid custom notification within the limits', (ruleId, _name, ex) => {
    const s = scoreEventOffline(ex.input, { config: DEFAULT_CONFIG, now: NOW, enrichment: { ...emptyEnrichment(), ...ex.enrichment } });
    const n = chatAlertNotification(s);
    expect(checkChatNotification(n)).toEqual([]);
    expect(n).toMatchObject({ version: '1.0', source: 'custom', content: { textType: 'client-markdown' } });
    const sev = s.severity === 'none' ? 'NONE' : s.severity.toUpperCase();
    expect(n.content.title).toContain(`[${sev}]`);
    expect(n.content.title).toContain(inertText(s.account, 64));
    expect(n.content.description).toContain('https://');
    expect(n.content.description).toContain('/cloudtrailv2/home?region=');
    expectInert(n);
    if (s.findings.some((f) => f.ruleId === ruleId && f.status !== 'suppressed' && f.fix.cli !== '')) {
      const f = s.findings.find((x) => x.ruleId === ruleId && x.fix.cli !== '');
      expect((n.content.nextSteps ?? []).length).toBeGreaterThan(0);
      expect(n.content.nextSteps?.join('\n')).toContain(inertText(f?.fix.cli ?? '', CHAT_LIMITS.nextStep).slice(0, 40));
    }
  });
});

describe('chatAlertNotification', () => {
  it('title: severity, account and what was found; description: who did what, why, the link; next steps: the fix', () => {
    const s = scoreEventOffline(JSON.parse(readFileSync(join(EVENTS, 'attach-admin-policy-to-user.json'), 'utf8')), { config: DEFAULT_CONFIG, now: NOW });
    const n = chatAlertNotification(s, { accountName: 'Production' });
    expect(n.content.title).toMatch(/^:[a-z_]+: \[(CRITICAL|HIGH)\] \d{12} \(Production\): /);
    expect(n.content.description).toContain('*Who:*');
    expect(n.content.description).toContain('`AttachUserPolicy`');
    expect(n.content.description).toContain('*Why it matters:*');
    expect(n.content.description.split('\n').at(-1)).toMatch(/^\*See the event in CloudTrail:\* https:\/\/us-east-1\.console\.aws\.amazon\.com\/cloudtrailv2\//);
    expect(n.content.nextSteps?.[0]).toMatch(/^`aws iam /);
    expect(n.metadata?.eventType).toBe('IamGuardianAlert');
    expect(n.metadata?.threadId).toMatch(/^iam-guardian\/\d{12}\/[a-z0-9-]+$/);
    expect(n.metadata?.additionalContext?.eventId).toBe(s.eventId);
  });

  it('suppressed findings are counted, not listed as findings to act on', () => {
    const cfg = { ...DEFAULT_CONFIG, suppressions: [{ rule: '*', resource: '*', reason: 'test', expires: '2099-01-01' }] };
    const s = scoreEventOffline(JSON.parse(readFileSync(join(EVENTS, 'attach-admin-policy-to-user.json'), 'utf8')), { config: cfg, now: NOW });
    const n = chatAlertNotification(s);
    expect(n.content.description).toMatch(/Findings \(0, plus \d+ suppressed by your configuration\)/);
    expect(n.content.nextSteps).toEqual([]);
  });

  it('long inputs: every field within its limit, cut with the marker, the CloudTrail link kept whole', () => {
    const long = 'x'.repeat(50_000);
    const s = scoreRecord({ userAgent: `agent-${long}`, errorCode: 'AccessDenied', errorMessage: `denied ${long}`, sourceIPAddress: `ip-${long}` }, { userName: `u-${long}`, arn: `arn:aws:iam::111122223333:user/${long}` });
    const n = chatAlertNotification(s, { accountName: `name-${long}` });
    expect(checkChatNotification(n)).toEqual([]);
    expect(n.content.title.length).toBeLessThanOrEqual(CHAT_LIMITS.title);
    expect([...n.content.description].length).toBeLessThanOrEqual(CHAT_LIMITS.description);
    expect(n.content.description).toContain(CUT_MARKER);
    expect(n.content.title).toContain(CUT_MARKER);
    expect(n.content.description).toContain(`https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/${s.eventId}`);
  });

  it('a fix command longer than a next step is cut inside its code span (the span stays closed)', () => {
    const s = scoreRecord();
    const long = { ...s, findings: [{ ...s.findings[0], fix: { ...s.findings[0].fix, cli: `aws iam x > a && b ${'--flag '.repeat(200)}` } }] };
    const n = chatAlertNotification(long);
    expect(checkChatNotification(n)).toEqual([]);
    const step = n.content.nextSteps?.[0] ?? '';
    expect([...step].length).toBeLessThanOrEqual(CHAT_LIMITS.nextStep);
    expect(step).toMatch(/^`aws iam x &gt; a &amp;&amp; b .*… \[cut\]`$/);
  });

  it('many findings and long rule lists stay within the list limits', () => {
    const s = scoreRecord();
    const many = { ...s, findings: Array.from({ length: 40 }, (_, i) => ({ ...s.findings[0], resource: `arn:aws:iam::111122223333:user/u${i}`, fix: { ...s.findings[0].fix, cli: `aws iam detach-user-policy --user-name u${i}` } })) };
    const n = chatAlertNotification(many);
    expect(checkChatNotification(n)).toEqual([]);
    expect(n.content.nextSteps).toHaveLength(CHAT_LIMITS.nextSteps);
    expect(n.content.nextSteps?.at(-1)).toMatch(/\(\+35 more\)$/);
    expect(n.content.description).toContain('and 30 more');
  });

  it('mentions, links, control sequences and code fences in event fields are neutralised', () => {
    const evil = '<!here> <!channel> @channel @here <@U024BE7LH> <#C1234> <https://evil.example|Open the console> [Open the console](https://evil.example) ```rm -rf``` *bold* _it_ ~x~ > quote\n*Forged:* line';
    const s = scoreRecord({ userAgent: evil, errorCode: 'AccessDenied', errorMessage: evil }, { userName: evil, arn: `arn:aws:iam::111122223333:user/${evil}` });
    const n = chatAlertNotification(s, { accountName: evil });
    expectInert(n);
    expect(n.content.description).toContain('&lt;!here&gt;');
    expect(n.content.description).toContain('＠channel');
    expect(n.content.description).toContain('] (https://evil.example)');
    // The forged line stays inside its value (newline made visible), never a line of its own.
    expect(n.content.description.split('\n').some((l) => l.startsWith('*Forged:*'))).toBe(false);
    expect(n.content.description).toContain('\\n*Forged:*');
  });

  it('property: any user name, user agent and error message yields a valid, inert notification', () => {
    const evilParts = fc.constantFrom('<!here>', '<!channel>', '<!everyone>', '@channel', '@here', '<@U123ABC>', '<https://e.example|x>', '[a](https://e.example)', '```', '`', '\n', '\r\n', '\u202e', '&', '>', '<', '*', '_', '~');
    const hostile = fc.array(fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 10 }), evilParts), { maxLength: 30 }).map((xs) => xs.join(''));
    fc.assert(
      fc.property(hostile, hostile, hostile, (user, agent, message) => {
        const s = scoreRecord({ userAgent: agent, errorCode: 'AccessDenied', errorMessage: message }, { userName: user, arn: `arn:aws:iam::111122223333:user/${user}` });
        const n = chatAlertNotification(s);
        expect(checkChatNotification(n)).toEqual([]);
        expectInert(n);
      }),
      { numRuns: 150 },
    );
  });
});

describe('markdown helpers', () => {
  it('cutText: at most max code points, marker at the end, surrogate pairs kept whole', () => {
    expect(cutText('abc', 3)).toBe('abc');
    const cut = cutText('😀'.repeat(100), 20);
    expect([...cut].length).toBe(20);
    expect(cut.endsWith(CUT_MARKER)).toBe(true);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
  it('inertCode wraps one line in a code span; empty reads (empty)', () => {
    expect(inertCode('a`b')).toBe('`aˋb`');
    expect(inertCode('  ')).toBe('(empty)');
    expect(inertCode('a\nb')).toBe('`a\\nb`');
  });
  it('firstSentence and threadIdOf', () => {
    expect(firstSentence('One thing. Another.')).toBe('One thing.');
    expect(firstSentence('No stop')).toBe('No stop');
    expect(threadIdOf('iam-guardian', '1234', 'a b<c>')).toBe('iam-guardian/1234/a_b_c_');
  });
  it('checkChatNotification names what is wrong', () => {
    expect(checkChatNotification({ version: '2', source: 'x', content: { textType: 'markdown', title: '', description: 'd'.repeat(4000) } })).toEqual([
      'version must be "1.0"',
      'source must be "custom"',
      'content.textType must be "client-markdown"',
      'content.title is empty',
      `content.description is 4000 characters (at most ${CHAT_LIMITS.description})`,
    ]);
  });
});

describe('chatReportNotification', () => {
  function report(over: { actor?: string; title?: string } = {}) {
    const findings = [
      finding({ ruleId: 'root-access-keys', severity: 'critical', title: over.title ?? 'Root user has access keys' }),
      finding({ ruleId: 'user-without-mfa', severity: 'high', resource: 'arn:aws:iam::123456789012:user/alice' }),
      finding({ ruleId: 'access-key-not-rotated', severity: 'medium', resource: 'arn:aws:iam::123456789012:user/bob' }),
      finding({ ruleId: 'password-policy-weak', severity: 'low', resource: '123456789012' }),
    ];
    return buildWeeklyReport({ account: ACCOUNT, now: REPORT_NOW, sweeps: weeklySweeps(14, 40, 55), findings, alerts: [alert({ actor: over.actor ?? 'alice' })], config: config() });
  }

  it('score, change, top three fixes, the archived report link and the durable s3 command', () => {
    const r = report();
    const url = 'https://bucket.s3.amazonaws.com/reports/123456789012/2026-11-30.html?X-Amz-Expires=604800&X-Amz-Signature=abc';
    const n = chatReportNotification(r, { htmlUrl: url, bucket: 'bucket', key: 'reports/123456789012/2026-11-30.html' });
    expect(checkChatNotification(n)).toEqual([]);
    expect(n.content.title).toContain(`score ${r.score}/100`);
    expect(n.content.description).toContain('*Top fixes (by score gain):*');
    expect(n.content.description.match(/^\d\. \[/gm)).toHaveLength(Math.min(3, r.topFixes.length));
    expect(n.content.description.split('\n').at(-1)).toBe(`*Full report:* ${url.replace(/&/g, '&amp;')}`);
    expect(n.content.nextSteps?.at(-1)).toBe('`aws s3 cp s3://bucket/reports/123456789012/2026-11-30.html ./iam-guardian-report.html`');
    expect(n.metadata?.eventType).toBe('IamGuardianWeeklyReport');
    expectInert(n);
  });

  it('a link that is not https, or that carries markup, is not shown', () => {
    const r = report();
    expect(chatReportNotification(r, { htmlUrl: 'http://x.example/r.html' }).content.description).not.toContain('Full report');
    expect(chatReportNotification(r, { htmlUrl: 'https://x.example/<!here>|x' }).content.description).not.toContain('Full report');
  });
});
