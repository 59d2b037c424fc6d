/**
 * The weekly report's least-privilege checklist item lists the biggest unused grants (open unused-permissions
 * findings, most unused services first), each with the rightsize command; the names come from AWS and are escaped in
 * the HTML page, the text and the e-mail.
 */
import { biggestUnusedGrants, buildWeeklyReport, UNUSED_GRANTS_SHOWN } from '../../lib/report/model';
import { renderReportHtml } from '../../lib/report/html';
import { renderReportText } from '../../lib/report/text';
import { weeklyReportEmail } from '../../lib/report/email';
import type { Finding } from '../../lib/findings/types';
import { ACCOUNT, NOW, config, finding, weeklySweeps } from './fixtures';

function unused(name: string, services: string[], extra: Partial<Finding['evidence']> = {}, status: Finding['status'] = 'open'): Finding {
  return finding({
    ruleId: 'unused-permissions',
    severity: 'low',
    status,
    resource: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    evidence: { unusedServices: services, unusedServiceCount: services.length, grantedServiceCount: services.length + 2, unusedActions: [], unusedActionCount: 0, unusedDays: 90, ...extra },
  });
}

const report = (findings: Finding[]) => buildWeeklyReport({ account: ACCOUNT, now: NOW, sweeps: weeklySweeps(4, 60, 70), findings, alerts: [], config: config() });

describe('least-privilege checklist item: the biggest unused grants', () => {
  it('lists principals by unused services (then tracked actions), with the rightsize command; suppressed ones are left out', () => {
    const lines = biggestUnusedGrants([
      unused('small', ['ec2']),
      unused('big', ['ec2', 'iam', 'kms', 'lambda', 's3', 'sqs', 'sns', 'rds']),
      unused('actions-only', [], { unusedActions: ['s3:DeleteBucket', 's3:PutBucketPolicy'], unusedActionCount: 2 }),
      unused('hidden', ['ec2', 'iam', 'kms'], {}, 'suppressed'),
    ].filter((f) => f.status !== 'suppressed'));
    expect(lines).toEqual([
      `arn:aws:iam::${ACCOUNT}:role/big: 8 of 10 granted services unused for over 90 days (ec2, iam, kms, lambda, s3, sqs, …); propose a narrower policy: iam-guardian rightsize --principal arn:aws:iam::${ACCOUNT}:role/big`,
      `arn:aws:iam::${ACCOUNT}:role/small: 1 of 3 granted services unused for over 90 days (ec2); propose a narrower policy: iam-guardian rightsize --principal arn:aws:iam::${ACCOUNT}:role/small`,
      `arn:aws:iam::${ACCOUNT}:role/actions-only: 2 tracked actions unused (s3:DeleteBucket, s3:PutBucketPolicy); propose a narrower policy: iam-guardian rightsize --principal arn:aws:iam::${ACCOUNT}:role/actions-only`,
    ]);
  });

  it('a broad grant left mostly unused: the services used (or "none used") and the unused tracked actions per service', () => {
    const broad = (name: string, used: string[]) =>
      unused(name, Array.from({ length: 40 }, (_, i) => `svc${i}`), {
        grantedServiceCount: 40 + used.length,
        usedServices: used,
        unusedActions: ['ec2:A', 'ec2:B', 'ec2:C', 'iam:D'],
        unusedActionCount: 540,
        unusedActionsByService: { ec2: 500, iam: 30, s3: 9, lambda: 1 },
      });
    const [a, b] = biggestUnusedGrants([broad('ops', ['ec2', 'logs']), broad('idle', [])]);
    expect(a).toBe(
      `arn:aws:iam::${ACCOUNT}:role/idle: 40 of 40 granted services unused for over 90 days (none used); 540 tracked actions unused (ec2: 500, iam: 30, s3: 9, …); propose a narrower policy: iam-guardian rightsize --principal arn:aws:iam::${ACCOUNT}:role/idle`,
    );
    expect(b).toContain('40 of 42 granted services unused for over 90 days (uses only ec2, logs);');
    // evidence written before usedServices existed keeps the unused names
    const [old] = biggestUnusedGrants([unused('old', Array.from({ length: 8 }, (_, i) => `svc${i}`))]);
    expect(old).toContain('(svc0, svc1, svc2, svc3, svc4, svc5, …)');
  });

  it('shows at most UNUSED_GRANTS_SHOWN principals and counts the rest; odd evidence never throws', () => {
    const many = Array.from({ length: UNUSED_GRANTS_SHOWN + 3 }, (_, i) => unused(`r${i}`, ['ec2']));
    const lines = biggestUnusedGrants([...many, finding({ ruleId: 'unused-permissions', evidence: { unusedServiceCount: 'lots', unusedServices: [1, null, {}] } })]);
    expect(lines).toHaveLength(UNUSED_GRANTS_SHOWN + 1);
    expect(lines.at(-1)).toBe('and 4 more principals with unused grants (see the open findings)');
  });

  it('the report marks least privilege failing and carries the lines; a report without such findings has none', () => {
    const r = report([unused('ci', ['ec2', 'iam'])]);
    const item = r.checklist.find((c) => c.id === 'least-privilege');
    expect(item?.status).toBe('fail');
    expect(item?.detail).toContain('Identity holds permissions it does not use');
    expect(item?.highlights?.[0]).toContain(`iam-guardian rightsize --principal arn:aws:iam::${ACCOUNT}:role/ci`);
    expect(report([finding()]).checklist.find((c) => c.id === 'least-privilege')?.highlights).toBeUndefined();
  });

  it('hostile names from AWS are escaped in HTML and kept on one line in the text and the e-mail', () => {
    const evil = `x<img src=y onerror=alert(1)>\nFORGED LINE`;
    const r = report([unused('ci', [evil, 'iam'])]);
    const html = renderReportHtml(r);
    expect(html).not.toContain('<img src=y');
    expect(html).toContain('x&lt;img src=y onerror=alert(1)&gt;');
    expect(html).toContain('Biggest unused grants:');
    const text = renderReportText(r).message;
    expect(text).toContain('Biggest unused grants:');
    expect(text.split('\n').some((l) => l.startsWith('FORGED LINE'))).toBe(false);
    const mail = weeklyReportEmail(r, { htmlUrl: 'https://example.invalid/r.html', bucket: 'b', key: 'reports/r.html' }).message;
    expect(mail).toContain(`iam-guardian rightsize --principal arn:aws:iam::${ACCOUNT}:role/ci`);
    expect(mail.split('\n').some((l) => l.startsWith('FORGED LINE'))).toBe(false);
  });
});
