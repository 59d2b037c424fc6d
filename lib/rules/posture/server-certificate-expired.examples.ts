import type { PostureExamples } from '../types';
import { accountFixture, daysAgo } from '../../../test/support/posture-fixtures';

/** Pass and fail examples of `server-certificate-expired`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: PostureExamples = {
  fail: [
    {
      name: 'one expired certificate',
      account: accountFixture({ serverCertificates: [{ ServerCertificateName: 'old-site', Arn: 'arn:aws:iam::111122223333:server-certificate/old-site', Expiration: daysAgo(20) }] }),
    },
    {
      name: 'expired certificate next to a valid one',
      account: accountFixture({
        serverCertificates: [
          { ServerCertificateName: 'site-2026', Arn: 'arn:aws:iam::111122223333:server-certificate/site-2026', Expiration: daysAgo(-200) },
          { ServerCertificateName: 'site-2025', Arn: 'arn:aws:iam::111122223333:server-certificate/cloudfront/site-2025', Expiration: daysAgo(1) },
        ],
      }),
    },
  ],
  pass: [
    { name: 'no certificates in IAM', account: accountFixture() },
    {
      name: 'certificate valid for 200 more days',
      account: accountFixture({ serverCertificates: [{ ServerCertificateName: 'site', Arn: 'arn:aws:iam::111122223333:server-certificate/site', Expiration: daysAgo(-200) }] }),
    },
  ],
};
