import type { PostureRule } from '../types';
import { missingSource, notEvaluated } from '../../posture/common';
import { fillCli } from '../../posture/common';

/**
 * CIS 1.20: an active IAM Access Analyzer external-access analyzer (type ACCOUNT or ORGANIZATION) in the swept region.
 * Unused-access analyzers (ACCOUNT_UNUSED_ACCESS, …) do not count: they do not report external access.
 */
export const accessAnalyzerDisabled: PostureRule = {
  id: 'access-analyzer-disabled',
  kind: 'posture',
  title: 'IAM Access Analyzer is not enabled',
  severity: 'medium',
  guide: 'Enable IAM Access Analyzer for external access in every active region (CIS 1.20).',
  why: 'Access Analyzer continuously reports buckets, keys, roles and other resources shared outside the account; without it, an accidental public or cross-account share goes unnoticed.',
  fix: {
    console: ['IAM → Access analyzer → Analyzer settings → Create analyzer.', 'Choose External access, zone of trust Current account (or Organization), and create it in each region you use.'],
    cli: 'aws accessanalyzer create-analyzer --analyzer-name account-analyzer --type ACCOUNT --region <region>',
  },
  controls: ['IAM.28', 'CIS-1.20'],
  evaluate(account) {
    if (!account.analyzers) return notEvaluated(missingSource(account, 'accessAnalyzer', 'The Access Analyzer list'));
    const region = account.region ?? 'the swept region';
    const external = account.analyzers.filter((a) => a.type === undefined || a.type === 'ACCOUNT' || a.type === 'ORGANIZATION');
    if (external.some((a) => a.status === 'ACTIVE')) return { checked: 1, hits: [] };
    const why =
      account.analyzers.length === 0
        ? 'there is no analyzer'
        : `analyzers present: ${account.analyzers.map((a) => `${a.name} (${a.type ?? 'unknown type'}, ${a.status ?? 'unknown status'})`).join(', ')}`;
    return {
      checked: 1,
      hits: [
        {
          resource: account.accountId,
          message: `Account ${account.accountId} has no active IAM Access Analyzer for external access in ${region} (${why}).`,
          fix: { ...accessAnalyzerDisabled.fix, cli: fillCli(accessAnalyzerDisabled.fix.cli, { region: account.region }) },
          evidence: { region: account.region ?? null, analyzers: account.analyzers },
        },
      ],
    };
  },
};
