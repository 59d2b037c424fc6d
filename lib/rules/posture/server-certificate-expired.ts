import type { PostureRule } from '../types';
import { ageDays, fillCli, missingSource, notEvaluated, parseDate } from '../../posture/common';

/** Server certificates stored in IAM whose Expiration is before the snapshot time (IAM.26, CIS 1.19). */
export const serverCertificateExpired: PostureRule = {
  id: 'server-certificate-expired',
  kind: 'posture',
  title: 'Expired SSL/TLS certificate stored in IAM',
  severity: 'medium',
  guide: 'Remove all expired SSL/TLS certificates stored in AWS IAM (CIS 1.19).',
  why: 'An expired certificate can be deployed to a load balancer or CloudFront by mistake, breaking the site and training people to click through certificate warnings.',
  fix: {
    console: ['IAM server certificates have no console page: use the AWS CLI.', 'Check nothing still uses the certificate (load balancers, CloudFront), then delete it.'],
    cli: 'aws iam delete-server-certificate --server-certificate-name <name>',
  },
  controls: ['IAM.26', 'CIS-1.19'],
  evaluate(account) {
    if (!account.serverCertificates) return notEvaluated(missingSource(account, 'serverCertificates', 'The server certificate list'));
    const hits = account.serverCertificates.flatMap((c) => {
      const t = parseDate(c.Expiration);
      if (t === undefined || t >= Date.parse(account.takenAt)) return [];
      const days = ageDays(account, t);
      return [
        {
          resource: c.Arn,
          message: `Server certificate ${c.ServerCertificateName} stored in IAM expired on ${c.Expiration} (${days} days before the snapshot).`,
          fix: { ...serverCertificateExpired.fix, cli: fillCli(serverCertificateExpired.fix.cli, { name: c.ServerCertificateName }) },
          evidence: { expiration: c.Expiration, daysExpired: days },
        },
      ];
    });
    return { checked: account.serverCertificates.length, hits };
  },
};
