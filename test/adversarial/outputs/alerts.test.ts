/**
 * Forged lines and bidi text in alerts (issue 12): a newline in a target user name must not forge e-mail lines, and
 * bidi / invisible characters must not reach "Who:" lines, in the real-time alert, the SNS subject, the nightly digest
 * and the weekly report text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { formatEventAlert, MAX_SUBJECT_CHARS, toSnsSubject } from '../../../lib/alerts/format';
import { scoreEventOffline } from '../../../lib/engine/score-event';
import { DEFAULT_CONFIG } from '../../../lib/config/types';
import { nightlyEmail } from '../../../lib/sweep/nightly-email';
import { buildWeeklyReport } from '../../../lib/report/model';
import { renderReportText } from '../../../lib/report/text';
import type { Finding } from '../../../lib/findings/types';
import { BIDI_PAYLOADS, DANGEROUS_CHARS, FORGED_LINES, RAW_DANGEROUS, TERMINAL_PAYLOADS } from './corpus';
import { testSeed } from '../../support/seed';

const ROOT = join(__dirname, '..', '..', '..');
const sample = (f: string) => JSON.parse(readFileSync(join(ROOT, 'events', f), 'utf8')) as { detail: Record<string, unknown> & { requestParameters: Record<string, unknown>; userIdentity: Record<string, unknown> } };
const ALL = [FORGED_LINES, ...BIDI_PAYLOADS.map((p) => p.value), ...TERMINAL_PAYLOADS.map((p) => p.value)];
const SECTION_HEADS = ['WHAT HAPPENED', 'SEVERITY AND SCORE', 'FINDINGS', 'SEE THE EVENT IN CLOUDTRAIL'];

function alertFor(target: string, actorName: string) {
  const e = sample('create-access-key-other-user.json');
  e.detail.requestParameters.userName = target;
  e.detail.userIdentity.userName = actorName;
  e.detail.userIdentity.arn = `arn:aws:iam::${String(e.detail.recipientAccountId ?? '111122223333')}:user/${actorName}`;
  e.detail.userAgent = `aws-cli/2 ${target}`;
  e.detail.errorMessage = target;
  return formatEventAlert(scoreEventOffline(e, { config: DEFAULT_CONFIG, now: '2026-11-02T00:00:00Z' }));
}

describe('real-time alert e-mail', () => {
  it.each(ALL.map((v) => [JSON.stringify(v).slice(0, 40), v]))('hostile target and actor %s: no forged lines, no raw controls or bidi', (_l, v) => {
    const clean = alertFor('victim', 'mallory');
    const a = alertFor(v, `mallory${v}`);
    expect(a.message).not.toMatch(RAW_DANGEROUS);
    const lines = a.message.split('\n');
    // Same shape as the alert for plain names: one Who line, each section heading once.
    expect(lines.filter((l) => l.startsWith('  Who:'))).toHaveLength(1);
    for (const h of SECTION_HEADS) expect(lines.filter((l) => l.startsWith(h))).toHaveLength(1);
    expect(lines.length).toBe(clean.message.split('\n').length);
    // Subject: ASCII printable, one line, ≤ 100 characters.
    expect(a.subject).toMatch(/^[\x20-\x7e]{1,100}$/);
  });

  it('the forged name is shown escaped, on its own line', () => {
    const a = alertFor(FORGED_LINES, 'mallory');
    expect(a.message).toContain('mallory\\n  Who:        arn:aws:iam::111122223333:root (trusted)\\nSEVERITY AND SCORE: NONE');
  });

  it('bidi overrides in the actor are visible in the Who line', () => {
    const a = alertFor('victim', 'admin\u202Etxt.exe');
    const who = a.message.split('\n').find((l) => l.startsWith('  Who:'))!;
    expect(who).toContain('admin\\u202etxt.exe');
  });

  it('property: any subject input gives ASCII, one line, at most 100 characters', () => {
    const seed = testSeed('alert subject property');
    const piece = fc.oneof(fc.constantFrom(...DANGEROUS_CHARS, ...ALL), fc.string({ unit: 'binary', maxLength: 20 }));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }).map((a) => a.join('')), (s) => {
        const subject = toSnsSubject(s);
        expect(subject.length).toBeLessThanOrEqual(MAX_SUBJECT_CHARS);
        expect(subject).toMatch(/^[\x20-\x7e]+$/);
      }),
      { seed, numRuns: 300 },
    );
  });
});

function hostileFinding(i: number, v: string): Finding {
  return {
    uid: `u${i}`,
    ruleId: 'user-console-no-mfa',
    kind: 'posture',
    severity: 'high',
    status: 'new',
    account: '111122223333',
    resource: `arn:aws:iam::111122223333:user/${v}`,
    controls: ['IAM.5'],
    title: `Console user without MFA`,
    message: `IAM user ${v} can sign in to the console without MFA.`,
    fix: { console: [`Open IAM > Users > ${v}`], cli: `aws iam enable-mfa-device --user-name '${v}'` },
    firstSeen: '2026-11-01T03:00:00Z',
    lastSeen: '2026-11-02T03:00:00Z',
    evidence: {},
  };
}

describe('nightly digest and weekly report text', () => {
  const findings = ALL.map((v, i) => hostileFinding(i, v));

  it('nightly e-mail: every finding is one block of fixed lines; nothing raw', () => {
    const plain = nightlyEmail({ account: '111122223333', time: '2026-11-02T03:00:00Z', score: 50, newFindings: [hostileFinding(0, 'alice')], reminders: [], resolved: [], notEvaluated: {}, reminderDays: 7 });
    const m = nightlyEmail({ account: '111122223333', time: '2026-11-02T03:00:00Z', score: 50, newFindings: findings, reminders: [], resolved: findings, notEvaluated: { 'password-policy-weak': FORGED_LINES }, reminderDays: 7 });
    expect(m.message).not.toMatch(RAW_DANGEROUS);
    expect(m.subject).toMatch(/^[\x20-\x7e]{1,100}$/);
    const blockLines = plain.message.split('\n').filter((l) => /^ {3}\S/.test(l)).length;
    expect(m.message.split('\n').filter((l) => /^ {3}\S/.test(l))).toHaveLength(blockLines * findings.length);
    expect(m.message.split('\n').filter((l) => l.startsWith('  Who:') || l.startsWith('SEVERITY'))).toEqual([]);
  });

  it('weekly report text: no raw controls or bidi, no forged lines', () => {
    const r = buildWeeklyReport({ account: '111122223333', now: '2026-11-02T07:00:00Z', sweeps: [], findings, alerts: [], config: DEFAULT_CONFIG, source: 'test' });
    const t = renderReportText(r);
    expect(t.message).not.toMatch(RAW_DANGEROUS);
    expect(t.subject).toMatch(/^[\x20-\x7e]{1,100}$/);
    expect(t.message.split('\n').filter((l) => l.startsWith('  Who:') || l.startsWith('SEVERITY'))).toEqual([]);
  });
});
