/**
 * A loopback stand-in for AWS endpoints, for the cold-start bench only: answers DynamoDB (JSON protocol) with empty
 * success, SNS Publish (query protocol) with a MessageId, S3 PUT/GET with 200, the account read the nightly sweep
 * needs (STS GetCallerIdentity; IAM GetAccountAuthorizationDetails with one user, in the query protocol's XML), and
 * everything else with AccessDenied (the sweep records those optional sources as not collected), so a bundled handler
 * can run one successful invocation in a fresh process without network or credentials.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const ACCOUNT = '111122223333';

export async function startFakeAws(): Promise<{ url: string; close: () => Promise<void>; requests: () => number }> {
  let count = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      count++;
      const body = Buffer.concat(chunks).toString('utf8');
      const target = String(req.headers['x-amz-target'] ?? '');
      if (target.startsWith('DynamoDB_')) {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        res.end('{}');
        return;
      }
      const action = /(?:^|&)Action=([^&]+)/.exec(body)?.[1];
      const xml = (name: string, ns: string, result: string) =>
        `<${name}Response xmlns="${ns}"><${name}Result>${result}</${name}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></${name}Response>`;
      if (action === 'GetCallerIdentity') {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(xml('GetCallerIdentity', 'https://sts.amazonaws.com/doc/2011-06-15/', `<Arn>arn:aws:sts::${ACCOUNT}:assumed-role/bench/bench</Arn><UserId>AROAEXAMPLEBENCH:bench</UserId><Account>${ACCOUNT}</Account>`));
        return;
      }
      if (action === 'GetAccountAuthorizationDetails') {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(
          xml(
            'GetAccountAuthorizationDetails',
            'https://iam.amazonaws.com/doc/2010-05-08/',
            `<IsTruncated>false</IsTruncated><UserDetailList><member><UserName>bench</UserName><UserId>AIDAEXAMPLEBENCH</UserId><Arn>arn:aws:iam::${ACCOUNT}:user/bench</Arn><Path>/</Path><CreateDate>2026-01-01T00:00:00Z</CreateDate><GroupList/><AttachedManagedPolicies/><UserPolicyList/></member></UserDetailList><GroupDetailList/><RoleDetailList/><Policies/>`,
          ),
        );
        return;
      }
      if (action === 'Publish') {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(
          '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>00000000-0000-0000-0000-000000000000</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>',
        );
        return;
      }
      if (!target && !action && (req.method === 'PUT' || req.method === 'GET' || req.method === 'HEAD')) {
        res.writeHead(200, { etag: '"0"' });
        res.end();
        return;
      }
      if (target) {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ __type: 'AccessDeniedException', message: 'fake endpoint' }));
        return;
      }
      res.writeHead(403, { 'content-type': 'text/xml' });
      res.end('<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>fake endpoint</Message></Error><RequestId>r</RequestId></ErrorResponse>');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    requests: () => count,
  };
}
