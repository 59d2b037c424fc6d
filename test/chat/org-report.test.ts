/**
 * The weekly organization report as a chat summary and a webhook body (lib/chat/org-report.ts): what a reader sees
 * (score and change, open findings, accounts not evaluated — never read as passing —, the lowest scores, the worst
 * findings, the link and the durable copy command), hostile account names and finding texts made inert, every field
 * within the custom-notification limits whatever the report holds.
 */
import fc from 'fast-check';
import { buildOrgReport, type OrgReportAccountInput } from '../../lib/report/org/model';
import { chatOrgReportNotification, ORG_CHAT_TOP } from '../../lib/chat/org-report';
import { webhookOrgReportPayload } from '../../lib/chat/webhook-payload';
import { checkChatNotification } from '../../lib/chat/notification';
import type { Finding, Severity } from '../../lib/findings/types';
import type { SweepSummary } from '../../lib/store/types';

const NOW = '2026-11-30T07:00:00.000Z';
const WEEK_AGO = '2026-11-22T03:00:00.000Z';
const zero = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
const sweep = (account: string, time: string, score: number): SweepSummary => ({ account, time, score, counts: { ...zero } });
const URL_ = 'https://reports-bucket.s3.us-east-1.amazonaws.com/reports/org/2026-11-30/index.html?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc';
const ARCHIVE = { htmlUrl: URL_, bucket: 'reports-bucket', key: 'reports/org/2026-11-30/index.html' };

function f(ruleId: string, resource: string, severity: Severity, title = `${ruleId} title`): Pick<Finding, 'ruleId' | 'severity' | 'resource' | 'title' | 'message' | 'status'> {
  return { ruleId, severity, resource, title, message: `${ruleId} message`, status: 'open' };
}

function evaluated(account: string, name: string, score: number, before: number | undefined, findings: ReturnType<typeof f>[] = []): OrgReportAccountInput {
  return { account, name, status: 'evaluated', score, findings, sweeps: [...(before === undefined ? [] : [sweep(account, WEEK_AGO, before)]), sweep(account, NOW, score)] };
}

const report = buildOrgReport({
  now: NOW,
  orgId: 'o-a1b2c3d4e5',
  accounts: [
    evaluated('111111111111', 'prod', 62, 70, [f('root-access-key-present', 'arn:aws:iam::111111111111:root', 'critical', 'Root user has an access key')]),
    evaluated('222222222222', 'staging', 80, 75, [f('admin-access', 'arn:aws:iam::222222222222:user/ci', 'high', 'AdministratorAccess on a user')]),
    evaluated('333333333333', 'sandbox', 95, undefined),
    evaluated('444444444444', 'data', 50, 50, [f('user-direct-policy', 'arn:aws:iam::444444444444:user/ana', 'medium', 'Policy attached to a user')]),
    { account: '555555555555', name: 'legacy', status: 'not-evaluated', reason: 'access denied: the audit role is missing', findings: [] },
  ],
});

describe('chatOrgReportNotification', () => {
  const n = chatOrgReportNotification(report, ARCHIVE);
  const d = n.content.description;

  it('is a valid custom notification within the limits, typed and threaded per organization', () => {
    expect(checkChatNotification(n)).toEqual([]);
    expect(n.metadata?.eventType).toBe('IamGuardianWeeklyOrgReport');
    expect(n.metadata?.threadId).toBe(chatOrgReportNotification({ ...report, now: '2026-12-07T07:00:00.000Z' }).metadata?.threadId);
    expect(n.id).not.toBe(chatOrgReportNotification({ ...report, now: '2026-12-07T07:00:00.000Z' }).id);
    expect(n.content.keywords).toEqual(['weekly-org-report', 'o-a1b2c3d4e5']);
  });

  it('the title and summary give the organization, its score and the change in a week', () => {
    // (62 + 80 + 95 + 50) / 4 = 71.75 → 71.8; a week earlier (70 + 75 + 50) / 3 = 65 → +6.8.
    expect(report.score).toBe(71.8);
    expect(n.content.title).toBe(':bar_chart: Weekly IAM report, o-a1b2c3d4e5: score 71.8/100 (+6.8 vs a week earlier)');
    expect(n.metadata?.summary).toBe('Weekly IAM report, o-a1b2c3d4e5: score 71.8/100 (+6.8 vs a week earlier)');
    expect(d).toContain('*Organization score:* 71.8/100 (+6.8 vs a week earlier), mean of 4 evaluated account(s) of 5');
    expect(n.metadata?.additionalContext).toEqual({ organization: 'o-a1b2c3d4e5', score: '71.8', accounts: '5', evaluated: '4', notEvaluated: '1', openFindings: '3' });
  });

  it('open findings by severity, worst first, and the accounts not evaluated before any ranking', () => {
    expect(d).toContain('*Open findings:* 3 (1 critical, 1 high, 1 medium)');
    const notEval = d.indexOf('*Not evaluated:* 1 account(s), not checked and not passing');
    expect(notEval).toBeGreaterThan(0);
    expect(d).toContain('• `555555555555` legacy: access denied: the audit role is missing');
    expect(notEval).toBeLessThan(d.indexOf('*Lowest scores:*'));
  });

  it(`names the ${ORG_CHAT_TOP} lowest-scoring accounts in rank order with their change, and the worst findings`, () => {
    const lowest = d.split('\n').filter((l) => /^\d\. /.test(l));
    expect(lowest).toEqual(['1. 50/100 (+-0) `444444444444` data: 1 open', '2. 62/100 (-8) `111111111111` prod: 1 open', '3. 80/100 (+5) `222222222222` staging: 1 open']);
    expect(d).not.toContain('sandbox');
    const worst = d.split('\n').filter((l) => l.startsWith('• ['));
    expect(worst).toEqual([
      '• [CRITICAL] Root user has an access key: `arn:aws:iam::111111111111:root` in `111111111111`',
      '• [HIGH] AdministratorAccess on a user: `arn:aws:iam::222222222222:user/ci` in `222222222222`',
      '• [MEDIUM] Policy attached to a user: `arn:aws:iam::444444444444:user/ana` in `444444444444`',
    ]);
  });

  it('links the full report (& as &amp;) and gives the durable copy of every page as the next step', () => {
    expect(d.endsWith(`*Full report (a page per account):* ${URL_.replace(/&/g, '&amp;')}`)).toBe(true);
    expect(n.content.nextSteps).toEqual(['`aws s3 cp --recursive s3://reports-bucket/reports/org/2026-11-30/ ./iam-guardian-org-report/`']);
    expect(chatOrgReportNotification(report, { htmlUrl: 'javascript:alert(1)' }).content.description).not.toMatch(/Full report|javascript/);
    expect(chatOrgReportNotification(report).content.nextSteps).toBeUndefined();
  });

  it('no account evaluated, no organization id: says so, no number invented', () => {
    const none = chatOrgReportNotification(
      buildOrgReport({ now: NOW, accounts: [{ account: '555555555555', name: '', status: 'not-evaluated', reason: 'suspended', findings: [] }] }),
    );
    expect(checkChatNotification(none)).toEqual([]);
    expect(none.content.title).toBe(':bar_chart: Weekly IAM report, organization: score no account evaluated');
    expect(none.content.description).toContain('*Not evaluated:* 1 account(s), not checked and not passing');
    expect(none.content.description).toContain('`555555555555` (no name): suspended');
    expect(none.content.description).not.toMatch(/NaN|undefined|Lowest scores/);
  });

  it('more accounts not evaluated than it names: says how many more', () => {
    const many = buildOrgReport({
      now: NOW,
      accounts: Array.from({ length: 7 }, (_, i) => ({ account: String(100000000000 + i), name: `a${i}`, status: 'not-evaluated' as const, reason: 'throttled', findings: [] })),
    });
    const text = chatOrgReportNotification(many).content.description;
    expect(text.split('\n').filter((l) => l.startsWith('• `'))).toHaveLength(ORG_CHAT_TOP);
    expect(text).toContain(`• … and ${7 - ORG_CHAT_TOP} more in the full report`);
  });

  it('hostile account names, organization id and finding texts are inert: no mention, link, code break or new line', () => {
    const hostile = buildOrgReport({
      now: NOW,
      orgId: 'o-x <!channel>',
      accounts: [
        evaluated('111111111111', '<!here> @channel [click](https://evil.example)\n*bold*', 40, 60, [
          f('admin-access', 'arn:aws:iam::111111111111:user/`x`\n<@U123>', 'high', 'Title <script> @everyone'),
        ]),
        { account: '222222222222', name: '`close', status: 'not-evaluated', reason: 'denied\n<!channel>', findings: [] },
      ],
    });
    const h = chatOrgReportNotification(hostile, ARCHIVE);
    expect(checkChatNotification(h)).toEqual([]);
    const all = JSON.stringify(h);
    for (const bad of ['<!here>', '<!channel>', '<@U123>', '@channel', '@everyone', '](https://evil', '<script>']) expect(all).not.toContain(bad);
    expect(h.content.description.split('\n').every((l) => (l.match(/`/g) ?? []).length % 2 === 0)).toBe(true);
    expect(h.content.title).toBe(':bar_chart: Weekly IAM report, o-x &lt;!channel&gt;: score 40/100 (-20 vs a week earlier)');
  });

  it('any report, however large or hostile, gives a valid bounded notification (property)', () => {
    const name = fc.string({ unit: 'grapheme', maxLength: 300 });
    const account = fc.record({
      account: fc.stringMatching(/^\d{12}$/),
      name,
      evaluated: fc.boolean(),
      score: fc.double({ min: 0, max: 100, noNaN: true }),
      before: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: undefined }),
      findings: fc.array(fc.record({ ruleId: name, resource: name, title: name, severity: fc.constantFrom<Severity>('critical', 'high', 'medium', 'low', 'info') }), { maxLength: 5 }),
    });
    fc.assert(
      fc.property(fc.array(account, { maxLength: 40 }), fc.option(name, { nil: undefined }), (accounts, orgId) => {
        const r = buildOrgReport({
          now: NOW,
          ...(orgId ? { orgId } : {}),
          accounts: accounts.map((a): OrgReportAccountInput =>
            a.evaluated ? evaluated(a.account, a.name, a.score, a.before, a.findings.map((x) => f(x.ruleId, x.resource, x.severity, x.title))) : { account: a.account, name: a.name, status: 'not-evaluated', reason: a.name, findings: [] },
          ),
        });
        const out = chatOrgReportNotification(r, ARCHIVE);
        expect(checkChatNotification(out)).toEqual([]);
        if (r.notEvaluated > 0) expect(out.content.description).toContain(`*Not evaluated:* ${r.notEvaluated} account(s)`);
        const hook = webhookOrgReportPayload(r, ARCHIVE);
        expect(hook.notEvaluated).toBe(r.notEvaluated);
        expect(JSON.stringify(hook).length).toBeLessThan(200_000);
      }),
      { numRuns: 200 },
    );
  });
});

describe('webhookOrgReportPayload', () => {
  it('the same facts as data, each string one bounded line', () => {
    const w = webhookOrgReportPayload(report, { htmlUrl: URL_ });
    expect(w).toMatchObject({ source: 'iam-guardian', type: 'weekly-org-report', version: 1, orgId: 'o-a1b2c3d4e5', generatedAt: NOW, score: 71.8, previousScore: 65, accounts: 5, evaluated: 4, notEvaluated: 1, reportUrl: URL_ });
    expect(w.openFindings).toEqual({ critical: 1, high: 1, medium: 1, low: 0, info: 0 });
    expect(w.lowestScores.map((a) => [a.account, a.score, a.change])).toEqual([
      ['444444444444', 50, 0],
      ['111111111111', 62, -8],
      ['222222222222', 80, 5],
      ['333333333333', 95, undefined],
    ]);
    expect(w.worstFindings[0]).toEqual({ account: '111111111111', ruleId: 'root-access-key-present', severity: 'critical', title: 'Root user has an access key', resource: 'arn:aws:iam::111111111111:root' });
    expect(w.notEvaluatedAccounts).toEqual([{ account: '555555555555', name: 'legacy', reason: 'access denied: the audit role is missing' }]);
    const long = webhookOrgReportPayload(buildOrgReport({ now: NOW, accounts: [evaluated('111111111111', `a\n${'x'.repeat(5000)}`, 10, undefined)] }));
    expect(long.lowestScores[0].name).not.toContain('\n');
    expect([...long.lowestScores[0].name].length).toBeLessThanOrEqual(200);
  });
});
