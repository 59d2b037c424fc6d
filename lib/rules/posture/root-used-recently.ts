import type { PostureRule } from '../types';
import { ageDays, credentialView, notEvaluated, parseDate, rootArn } from '../../posture/common';

/** Root used within `thresholds.rootRecentUseDays` of the snapshot: password or either access key last used. */
export const rootUsedRecently: PostureRule = {
  id: 'root-used-recently',
  kind: 'posture',
  title: 'Root user was used recently',
  severity: 'high',
  guide: 'Do not use the root user for everyday tasks, not even administrative ones; use it only for the few tasks that require it (CIS 1.7: eliminate use of the root user).',
  why: 'Every root sign-in exposes the one credential that no policy can restrict; regular root use usually means there is no proper admin identity, and it hides real misuse among routine use.',
  fix: {
    console: [
      'Find out who used root and why: CloudTrail → Event history, filter User name = root.',
      'Create (or use) an admin identity for that work: an IAM Identity Center user or an IAM user in an Administrators group with MFA.',
      'Keep root only for the tasks that need it, with its MFA device locked away.',
    ],
    cli: 'aws cloudtrail lookup-events --lookup-attributes AttributeKey=Username,AttributeValue=root --max-results 50',
  },
  controls: ['CIS-1.7'],
  evaluate(account, ctx) {
    const view = credentialView(account);
    if ('reason' in view) return notEvaluated(view.reason);
    if (!view.root) return notEvaluated('The credential report has no <root_account> row.');
    const limit = ctx.config.thresholds.rootRecentUseDays;
    const uses: { credential: string; lastUsed: string; daysAgo: number }[] = [];
    const check = (credential: string, value: string | undefined) => {
      const t = parseDate(value);
      if (t === undefined) return;
      const d = ageDays(account, t);
      if (d <= limit) uses.push({ credential, lastUsed: value ?? '', daysAgo: Math.max(0, d) });
    };
    check('password (console sign-in)', view.root.password_last_used);
    check('access key 1', view.root.access_key_1_last_used_date);
    check('access key 2', view.root.access_key_2_last_used_date);
    if (uses.length === 0) return { checked: 1, hits: [] };
    const keyUse = uses.some((u) => u.credential.startsWith('access key'));
    return {
      checked: 1,
      hits: [
        {
          resource: rootArn(account),
          severity: keyUse ? 'critical' : undefined,
          message: `The root user of account ${account.accountId} was used in the last ${limit} days: ${uses
            .map((u) => `${u.credential} on ${u.lastUsed} (${u.daysAgo} days before the snapshot)`)
            .join('; ')}. ${view.staleness}`,
          evidence: { uses, thresholdDays: limit, reportGeneratedAt: view.generatedAt ?? null },
        },
      ],
    };
  },
};
