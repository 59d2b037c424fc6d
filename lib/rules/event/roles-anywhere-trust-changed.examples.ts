import type { EventExamples } from '../types';
import { envelope, record, roleIdentity, userIdentity } from '../../../test/support/event-records';

const ra = (eventName: string, ui: Record<string, unknown>, requestParameters: unknown, responseElements?: unknown, region = 'eu-west-1') =>
  envelope(record({ eventName, eventSource: 'rolesanywhere.amazonaws.com', userIdentity: ui, requestParameters, responseElements, region }));
const pem = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUExampleOnlyNotARealCertificate0wCgYIKoZIzj0EAwIw\n-----END CERTIFICATE-----\n';
const anchorResponse = (source: Record<string, unknown>) => ({
  trustAnchor: {
    createdAt: '2026-11-02T09:14:27.380711Z',
    enabled: true,
    name: 'edge-ca',
    source,
    trustAnchorArn: 'arn:aws:rolesanywhere:eu-west-1:111122223333:trust-anchor/0ace5b12-24b9-427e-a483-c55884852fbf',
    trustAnchorId: '0ace5b12-24b9-427e-a483-c55884852fbf',
    updatedAt: '2026-11-02T09:14:27.380711Z',
  },
});

/** Pass and fail examples of `roles-anywhere-trust-changed`: run by test/rules/contract.test.ts, never bundled into a function. */
export const examples: EventExamples = {
  fail: [
    {
      name: 'trust anchor with an uploaded certificate bundle (high)',
      expect: { severity: 'high', resource: 'arn:aws:rolesanywhere:eu-west-1:111122223333:trust-anchor/0ace5b12-24b9-427e-a483-c55884852fbf' },
      input: ra(
        'CreateTrustAnchor',
        userIdentity('mallory'),
        { enabled: true, name: 'edge-ca', source: { sourceData: { x509CertificateData: pem }, sourceType: 'CERTIFICATE_BUNDLE' } },
        anchorResponse({ sourceData: { x509CertificateData: pem }, sourceType: 'CERTIFICATE_BUNDLE' }),
      ),
    },
    {
      name: 'trust anchor on this account\'s private CA (medium)',
      expect: { severity: 'medium', resource: '111122223333' },
      input: ra(
        'CreateTrustAnchor',
        roleIdentity('PlatformAdmin', 'alice'),
        { enabled: true, name: 'edge-ca', source: { sourceData: { acmPcaArn: 'arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/11111111-2222-3333-4444-555555555555' }, sourceType: 'AWS_ACM_PCA' } },
      ),
    },
    {
      name: 'trust anchor switched to another account\'s private CA',
      expect: { severity: 'high', resource: 'arn:aws:rolesanywhere:eu-west-1:111122223333:trust-anchor/0ace5b12-24b9-427e-a483-c55884852fbf' },
      input: ra('UpdateTrustAnchor', userIdentity('mallory'), {
        trustAnchorId: '0ace5b12-24b9-427e-a483-c55884852fbf',
        source: { sourceData: { acmPcaArn: 'arn:aws:acm-pca:eu-west-1:444455556666:certificate-authority/99999999-2222-3333-4444-555555555555' }, sourceType: 'AWS_ACM_PCA' },
      }),
    },
    {
      name: 'trust anchor enabled (source from the response)',
      expect: { severity: 'high', resource: 'arn:aws:rolesanywhere:eu-west-1:111122223333:trust-anchor/0ace5b12-24b9-427e-a483-c55884852fbf' },
      input: ra('EnableTrustAnchor', userIdentity('mallory'), { trustAnchorId: '0ace5b12-24b9-427e-a483-c55884852fbf' }, anchorResponse({ sourceData: { x509CertificateData: pem }, sourceType: 'CERTIFICATE_BUNDLE' })),
    },
    {
      name: 'profile created for a role',
      expect: { severity: 'medium', resource: 'arn:aws:rolesanywhere:eu-west-1:111122223333:profile/6f1e2d3c-24b9-427e-a483-c55884852fbf' },
      input: ra(
        'CreateProfile',
        userIdentity('mallory'),
        { name: 'edge-workers', roleArns: ['arn:aws:iam::111122223333:role/edge-admin'], durationSeconds: 3600, enabled: true },
        { profile: { name: 'edge-workers', profileArn: 'arn:aws:rolesanywhere:eu-west-1:111122223333:profile/6f1e2d3c-24b9-427e-a483-c55884852fbf', profileId: '6f1e2d3c-24b9-427e-a483-c55884852fbf', roleArns: ['arn:aws:iam::111122223333:role/edge-admin'], enabled: true } },
      ),
    },
    {
      name: 'profile for two roles, its name and ARN only in the response',
      expect: { severity: 'medium', resource: 'arn:aws:rolesanywhere:eu-west-1:111122223333:profile/7a2b3c4d-24b9-427e-a483-c55884852fbf' },
      input: ra(
        'CreateProfile',
        roleIdentity('Admin', 'mallory'),
        { roleArns: ['arn:aws:iam::111122223333:role/edge-admin', 'arn:aws:iam::111122223333:role/edge-deploy'], durationSeconds: 3600 },
        { profile: { name: 'edge-pair', profileArn: 'arn:aws:rolesanywhere:eu-west-1:111122223333:profile/7a2b3c4d-24b9-427e-a483-c55884852fbf', profileId: '7a2b3c4d-24b9-427e-a483-c55884852fbf' } },
      ),
    },
    {
      name: 'trust anchor created disabled on an uploaded bundle, no response recorded',
      expect: { severity: 'high', resource: '111122223333' },
      input: ra('CreateTrustAnchor', userIdentity('mallory'), { enabled: false, name: 'staged-ca', source: { sourceData: { x509CertificateData: pem }, sourceType: 'CERTIFICATE_BUNDLE' } }, null),
    },
  ],
  pass: [
    {
      name: 'trust anchor disabled',
      input: ra('DisableTrustAnchor', userIdentity('alice'), { trustAnchorId: '0ace5b12-24b9-427e-a483-c55884852fbf' }),
    },
    {
      name: 'denied CreateTrustAnchor',
      input: envelope(
        record({
          eventName: 'CreateTrustAnchor',
          eventSource: 'rolesanywhere.amazonaws.com',
          userIdentity: userIdentity('mallory'),
          requestParameters: { enabled: true, name: 'x', source: { sourceData: { x509CertificateData: pem }, sourceType: 'CERTIFICATE_BUNDLE' } },
          errorCode: 'AccessDeniedException',
          errorMessage: 'User: arn:aws:iam::111122223333:user/mallory is not authorized to perform: rolesanywhere:CreateTrustAnchor',
          region: 'eu-west-1',
        }),
      ),
    },
    {
      name: 'listing trust anchors',
      input: ra('ListTrustAnchors', userIdentity('alice'), null),
    },
  ],
};
