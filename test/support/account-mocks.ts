/**
 * The read-only calls a sweep makes to collect an account (lib/aws/collect.ts), answered with aws-sdk-client-mock in
 * the shapes AWS returns: one place for the set-up the CLI sweep, org sweep and hostile Lambda sweep tests share.
 */
import type { AwsStub } from 'aws-sdk-client-mock';
import {
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  ListServerCertificatesCommand,
  ListVirtualMFADevicesCommand,
  NoSuchEntityException,
  type GetAccountAuthorizationDetailsCommandOutput,
} from '@aws-sdk/client-iam';
import { DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { ListAnalyzersCommand } from '@aws-sdk/client-accessanalyzer';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the stubs' input/output types differ per client
type Stub = AwsStub<any, any, any>;

export interface AccountReadMocks {
  iam: Stub;
  cloudtrail: Stub;
  accessAnalyzer: Stub;
  sts: Stub;
}

export interface AccountReads {
  account: string;
  /** GetAccountAuthorizationDetails, one page (IsTruncated false is added). */
  authorizationDetails: Omit<GetAccountAuthorizationDetailsCommandOutput, '$metadata'> | Record<string, unknown>;
  /** The decoded credential report (text or bytes), generated at `reportTime`. */
  credentialReport: string | Uint8Array;
  reportTime: string;
  /** The caller's ARN (GetCallerIdentity); omitted when undefined. */
  callerArn?: string;
  /** ListAnalyzers fails with this error instead of returning none. */
  analyzersError?: Error;
}

/** An account with no password policy, no virtual MFA devices, server certificates, trails or analyzers. */
export function mockAccountReads(m: AccountReadMocks, r: AccountReads): void {
  m.iam.on(GetAccountAuthorizationDetailsCommand).resolves({ ...r.authorizationDetails, IsTruncated: false });
  m.iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
  m.iam.on(GetCredentialReportCommand).resolves({
    Content: typeof r.credentialReport === 'string' ? new TextEncoder().encode(r.credentialReport) : r.credentialReport,
    ReportFormat: 'text/csv',
    GeneratedTime: new Date(r.reportTime),
  });
  m.iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 } });
  m.iam.on(GetAccountPasswordPolicyCommand).rejects(new NoSuchEntityException({ message: `The Password Policy with domain name ${r.account} cannot be found.`, $metadata: {} }));
  m.iam.on(ListVirtualMFADevicesCommand).resolves({ VirtualMFADevices: [], IsTruncated: false });
  m.iam.on(ListServerCertificatesCommand).resolves({ ServerCertificateMetadataList: [], IsTruncated: false });
  m.cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [] });
  if (r.analyzersError) m.accessAnalyzer.on(ListAnalyzersCommand).rejects(r.analyzersError);
  else m.accessAnalyzer.on(ListAnalyzersCommand).resolves({ analyzers: [] });
  m.sts.on(GetCallerIdentityCommand).resolves({ Account: r.account, ...(r.callerArn ? { Arn: r.callerArn } : {}) });
}
