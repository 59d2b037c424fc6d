import type { PostureExamples } from '../types';
import { FIXTURE_TAKEN_AT, accountFixture, daysAgo } from '../../../test/support/posture-fixtures';

/** Pass and fail examples of `server-certificate-expired`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: PostureExamples = {
  fail: [
    {
      name: 'one expired certificate',
      expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:server-certificate/old-site' },
      account: accountFixture({ serverCertificates: [{ ServerCertificateName: 'old-site', Arn: 'arn:aws:iam::111122223333:server-certificate/old-site', Expiration: daysAgo(20) }] }),
    },
    {
      name: 'expired certificate next to a valid one',
      expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:server-certificate/cloudfront/site-2025' },
      account: accountFixture({
        serverCertificates: [
          { ServerCertificateName: 'site-2026', Arn: 'arn:aws:iam::111122223333:server-certificate/site-2026', Expiration: daysAgo(-200) },
          { ServerCertificateName: 'site-2025', Arn: 'arn:aws:iam::111122223333:server-certificate/cloudfront/site-2025', Expiration: daysAgo(1) },
        ],
      }),
    },
    {
      name: 'boundary: certificate expired one second before the snapshot',
      expect: { severity: 'medium', resource: 'arn:aws:iam::111122223333:server-certificate/edge' },
      account: accountFixture({ serverCertificates: [{ ServerCertificateName: 'edge', Arn: 'arn:aws:iam::111122223333:server-certificate/edge', Expiration: new Date(Date.parse(FIXTURE_TAKEN_AT) - 1000).toISOString() }] }),
    },
  ],
  pass: [
    { name: 'no certificates in IAM', account: accountFixture() },
    {
      name: 'certificate valid for 200 more days',
      account: accountFixture({ serverCertificates: [{ ServerCertificateName: 'site', Arn: 'arn:aws:iam::111122223333:server-certificate/site', Expiration: daysAgo(-200) }] }),
    },
    {
      name: 'boundary: certificate expiring at the moment the snapshot was taken (still valid then)',
      account: accountFixture({ serverCertificates: [{ ServerCertificateName: 'edge', Arn: 'arn:aws:iam::111122223333:server-certificate/edge', Expiration: FIXTURE_TAKEN_AT }] }),
    },
    {
      name: 'boundary: certificate expiring one second after the snapshot',
      account: accountFixture({ serverCertificates: [{ ServerCertificateName: 'edge', Arn: 'arn:aws:iam::111122223333:server-certificate/edge', Expiration: new Date(Date.parse(FIXTURE_TAKEN_AT) + 1000).toISOString() }] }),
    },
  ],
};
