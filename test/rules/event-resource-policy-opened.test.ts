/**
 * resource-policy-opened, branch by branch: Lambda permission principals and conditions, layer versions, unreadable
 * principals and grantees, KMS grant operations, ECR repositories, SQS queue URLs, S3 ACL bodies at the walk bound
 * (issue 21: the surviving mutants of this rule were branches no example separated).
 */
import { normalizeEvent } from '../../lib/cloudtrail/normalize';
import { emptyEnrichment } from '../../lib/cloudtrail/enrichment-types';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { resourcePolicyOpened } from '../../lib/rules/event/resource-policy-opened';
import { envelope, record, userIdentity } from '../support/event-records';

const A = '111122223333';
const OTHER = '444455556666';
type Obj = Record<string, unknown>;
const call = (eventSource: string, eventName: string, requestParameters: unknown, responseElements?: unknown, region?: string) =>
  envelope(record({ eventName, eventSource, userIdentity: userIdentity('mallory'), requestParameters, responseElements, ...(region ? { region } : {}) }));
const run = (input: unknown) => resourcePolicyOpened.evaluate(normalizeEvent(input), { config: DEFAULT_CONFIG, enrichment: emptyEnrichment() });
const noRegion = (input: Obj): Obj => {
  delete (input.detail as Obj).awsRegion;
  delete input.region;
  return input;
};
const AT = ' at 2026-11-02T09:14:27Z';

describe('Lambda AddPermission', () => {
  const add = (rp: Obj) => call('lambda.amazonaws.com', 'AddPermission20150331v2', { functionName: 'thumbnailer', statementId: 'sid-1', action: 'lambda:InvokeFunction', ...rp });

  it('principal "*" without a condition is public (high); with aws:SourceArn it is not', () => {
    const [h] = run(add({ principal: '*' }));
    expect([h.severity, h.resource]).toEqual(['high', `arn:aws:lambda:us-east-1:${A}:function:thumbnailer`]);
    expect(h.message.startsWith(`IAM user mallory changed Lambda function thumbnailer${AT}: set a public resource policy (`)).toBe(true);
    expect(run(add({ principal: '*', sourceArn: 'arn:aws:s3:::uploads' }))).toEqual([]);
    expect(run(add({ principal: ' * ' }))[0].severity).toBe('high');
  });

  it('a service principal without a condition is not another account; an account id is (medium)', () => {
    expect(run(add({ principal: 'events.amazonaws.com' }))).toEqual([]);
    expect(run(add({ principal: 's3.amazonaws.com', sourceAccount: A }))).toEqual([]);
    const [h] = run(add({ principal: OTHER }));
    expect([h.severity, h.message]).toEqual(['medium', `IAM user mallory changed Lambda function thumbnailer${AT}: granted access to another AWS account (${OTHER}), not this account and not in trustedAccounts.`]);
    expect(run(add({ principal: `arn:aws:iam::${A}:root` }))).toEqual([]);
  });

  it('a function named by its ARN is called by its name; the resource is the ARN', () => {
    const fn = `arn:aws:lambda:eu-west-1:${A}:function:thumbnailer`;
    const [h] = run(call('lambda.amazonaws.com', 'AddPermission20150331v2', { functionName: fn, statementId: 's', principal: '*' }, undefined, 'eu-west-1'));
    expect(h.resource).toBe(fn);
    expect(h.message).toContain('changed Lambda function thumbnailer at');
    expect(h.fix?.cli).toBe(`aws lambda remove-permission --function-name ${fn} --statement-id s --region eu-west-1`);
  });

  it('an unreadable principal is possibly public: high, unverified, saying why', () => {
    for (const [principal, why] of [[null, 'null'], [7, 'a number'], ['  ', undefined]] as const) {
      const [h, ...rest] = run(add({ principal }));
      expect(rest).toEqual([]);
      expect(h.severity).toBe('high');
      expect(h.factors).toEqual({ unverified: true });
      if (why) expect(h.message).toContain(`added a permission whose principal could not be read (requestParameters.principal is ${why}); it is treated as possibly public ("*")`);
    }
  });
});

describe('Lambda AddLayerVersionPermission', () => {
  const layer = (rp: Obj) => call('lambda.amazonaws.com', 'AddLayerVersionPermission20181031', { layerName: 'shared-libs', statementId: 's', action: 'lambda:GetLayerVersion', principal: '*', ...rp });

  it('names the version when it is given (number or string), the layer otherwise', () => {
    expect(run(layer({ versionNumber: 3 }))[0].resource).toBe(`arn:aws:lambda:us-east-1:${A}:layer:shared-libs:3`);
    expect(run(layer({ versionNumber: 3 }))[0].message).toContain('changed Lambda layer shared-libs version 3 at');
    expect(run(layer({ versionNumber: '4' }))[0].resource).toBe(`arn:aws:lambda:us-east-1:${A}:layer:shared-libs:4`);
    for (const rp of [{}, { versionNumber: null }]) {
      const [h] = run(layer(rp));
      expect(h.resource).toBe(`arn:aws:lambda:us-east-1:${A}:layer:shared-libs`);
      expect(h.message).toContain('changed Lambda layer shared-libs at');
    }
  });

  it('an organization condition keeps a "*" principal private', () => {
    expect(run(layer({ versionNumber: 3, organizationId: 'o-a1b2c3d4e5' }))).toEqual([]);
  });

  it('an unreadable principal is possibly public', () => {
    const [h] = run(layer({ versionNumber: 3, principal: null }));
    expect([h.severity, h.factors]).toEqual(['high', { unverified: true }]);
  });
});

describe('S3', () => {
  const PUBLIC = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::x/*' }] });

  it('a bucket policy without a bucket name names the bucket "unknown"', () => {
    const [h] = run(call('s3.amazonaws.com', 'PutBucketPolicy', { bucketPolicy: PUBLIC, policy: [''] }));
    expect(h.resource).toBe('arn:aws:s3:::unknown');
    expect(h.message).toContain('changed S3 bucket unknown at');
  });

  it('an ACL body is read up to its bound: a public grantee after 2,000 other strings is still seen, after 2,001 it is not', () => {
    const filler = (n: number) => Array.from({ length: n }, (_, i) => `id-${i}`);
    const acl = (before: number) => {
      const rp: Obj = { bucketName: 'b' };
      for (let i = 0, left = before - 1; left > 0; i++, left -= 500) rp[`k${i}`] = filler(Math.min(500, left));
      rp.z = 'uri=http://acs.amazonaws.com/groups/global/AllUsers';
      return call('s3.amazonaws.com', 'PutBucketAcl', rp);
    };
    expect(run(acl(2000)).map((h) => h.severity)).toEqual(['high']);
    expect(run(acl(2001))).toEqual([]);
  });
});

describe('KMS CreateGrant', () => {
  const grant = (rp: Obj, eventName = 'CreateGrant') => call('kms.amazonaws.com', eventName, { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', ...rp }, { grantId: 'g-1', keyId: `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab` });

  it('an unreadable grantee is reported high and unverified', () => {
    for (const granteePrincipal of [null, undefined, 12]) {
      const [h, ...rest] = run(grant({ granteePrincipal, operations: ['Decrypt'] }));
      expect(rest).toEqual([]);
      expect([h.severity, h.factors]).toEqual(['high', { unverified: true }]);
      expect(h.message).toContain('created a grant whose grantee could not be read (requestParameters.granteePrincipal is ');
    }
  });

  it('lists only the operations that are strings; none listed when there are none', () => {
    const role = `arn:aws:iam::${OTHER}:role/partner`;
    const [h] = run(grant({ granteePrincipal: role, operations: ['Decrypt', 5, 'GenerateDataKey'] }));
    expect(h.severity).toBe('medium');
    expect(h.message).toContain(`created a grant for ${role} of another AWS account (${OTHER}) allowing Decrypt, GenerateDataKey.`);
    expect(h.evidence).toMatchObject({ operations: ['Decrypt', 'GenerateDataKey'] });
    const [bare] = run(grant({ granteePrincipal: role }));
    expect(bare.message).toContain(`created a grant for ${role} of another AWS account (${OTHER}).`);
    expect(bare.evidence).toMatchObject({ operations: [] });
  });

  it('other KMS calls on the key are not judged', () => {
    expect(run(grant({ granteePrincipal: null }, 'RetireGrant'))).toEqual([]);
    expect(run(grant({ granteePrincipal: null }, 'ScheduleKeyDeletion'))).toEqual([]);
  });
});

describe('ECR SetRepositoryPolicy', () => {
  const POLICY = (principal: unknown) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'pull', Effect: 'Allow', Principal: principal, Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] }] });

  it('public repository policy: high, on the repository ARN of the registry', () => {
    const [h, ...rest] = run(call('ecr.amazonaws.com', 'SetRepositoryPolicy', { repositoryName: 'api', policyText: POLICY('*'), force: false }));
    expect(rest).toEqual([]);
    expect([h.severity, h.resource]).toEqual(['high', `arn:aws:ecr:us-east-1:${A}:repository/api`]);
    expect(h.fix?.cli).toBe('aws ecr delete-repository-policy --repository-name api --region us-east-1');
    expect(run(call('ecr.amazonaws.com', 'SetRepositoryPolicy', { repositoryName: 'api', registryId: OTHER, policyText: POLICY('*') }))[0].resource).toBe(`arn:aws:ecr:us-east-1:${OTHER}:repository/api`);
  });

  it('own account only: nothing; other ECR calls: nothing', () => {
    expect(run(call('ecr.amazonaws.com', 'SetRepositoryPolicy', { repositoryName: 'api', policyText: POLICY({ AWS: `arn:aws:iam::${A}:root` }) }))).toEqual([]);
    expect(run(call('ecr.amazonaws.com', 'PutImage', { repositoryName: 'api', policyText: POLICY('*') }))).toEqual([]);
  });
});

describe('SQS queue URLs', () => {
  const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: '*' }] });
  const set = (queueUrl: string, region?: string) => call('sqs.amazonaws.com', 'SetQueueAttributes', { queueUrl, attributes: { Policy: POLICY } }, undefined, region);

  it('the region comes from the URL; the legacy queue.amazonaws.com host has none (the event’s region is used)', () => {
    expect(run(noRegion(set(`https://sqs.eu-west-1.amazonaws.com/${A}/orders`)))[0].resource).toBe(`arn:aws:sqs:eu-west-1:${A}:orders`);
    expect(run(set(`https://queue.amazonaws.com/${A}/orders`))[0].resource).toBe(`arn:aws:sqs:us-east-1:${A}:orders`);
    expect(run(set(`https://queue.amazonaws.com/${A}/orders`, 'us-east-2'))[0].resource).toBe(`arn:aws:sqs:us-east-2:${A}:orders`);
    expect(run(set(`https://us-west-2.queue.amazonaws.com/${A}/orders`, 'us-west-2'))[0].resource).toBe(`arn:aws:sqs:us-west-2:${A}:orders`);
  });
});
