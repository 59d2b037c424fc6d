/**
 * The AWS clients the sweep and the `snapshot` command use, built in one place with the retry policy IAM needs.
 *
 * IAM publishes no rate limit and cannot raise it (about 15 requests/s per read API, shared by everything in the
 * account), so throttling is expected. The SDK's own retry strategy absorbs it: `adaptive` mode adds a client-side
 * token bucket that slows the client down after a throttle, on top of the standard exponential backoff with jitter
 * (throttle base delay 500 ms, cap 20 s). 12 attempts ride out a sustained burst; we never hand-write a retry loop.
 */
import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient, type IAMClientConfig } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { fromIni } from '@aws-sdk/credential-providers';

export const SWEEP_RETRY = { retryMode: 'adaptive', maxAttempts: 12 } as const;

export interface SweepClients {
  iam: IAMClient;
  cloudtrail: CloudTrailClient;
  accessAnalyzer: AccessAnalyzerClient;
  sts?: STSClient;
}

export interface MakeClientsOptions {
  /** Region for CloudTrail, Access Analyzer and STS (IAM is global and always called in us-east-1). Default: AWS_REGION, else us-east-1. */
  region?: string;
  /** Named profile from ~/.aws/config; default: the SDK's default credential chain. */
  profile?: string;
  /** Explicit credentials (tests, benchmarks). */
  credentials?: IAMClientConfig['credentials'];
  /** Overrides of the retry policy (tests). */
  maxAttempts?: number;
}

export function makeClients(opts: MakeClientsOptions = {}): Required<SweepClients> {
  const region = opts.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const credentials = opts.credentials ?? (opts.profile ? fromIni({ profile: opts.profile }) : undefined);
  const common = {
    retryMode: SWEEP_RETRY.retryMode,
    maxAttempts: opts.maxAttempts ?? SWEEP_RETRY.maxAttempts,
    ...(credentials ? { credentials } : {}),
  };
  return {
    iam: new IAMClient({ ...common, region: 'us-east-1' }),
    cloudtrail: new CloudTrailClient({ ...common, region }),
    accessAnalyzer: new AccessAnalyzerClient({ ...common, region }),
    sts: new STSClient({ ...common, region }),
  };
}

export function destroyClients(c: SweepClients): void {
  c.iam.destroy();
  c.cloudtrail.destroy();
  c.accessAnalyzer.destroy();
  c.sts?.destroy();
}
