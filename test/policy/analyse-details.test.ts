/**
 * lib/policy/analyse.ts beyond the verdicts: what the explanation says (PassRole breadth, privileged roles, reasons
 * that name statements), warnings for one document vs several vs a boundary, Deny with NotResource, several
 * iam:PassedToService values, a grant of everything split over statements, self-grants and their condition, and each
 * sensitive grant.
 */
import { analysePolicies, passRoleBreadth } from '../../lib/policy/analyse';
import { allow, deny, doc } from './helpers';

const ACCT = '111111111111';
const USER = `arn:aws:iam::${ACCT}:user/alice`;
const LAMBDA = ['lambda:CreateFunction', 'lambda:InvokeFunction'];
const MFA = { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } };
const INVOKE = 'PassExistingRoleToNewLambdaThenInvoke';
const REACHES = 'the permissions of a role passed to a new Lambda function';

function invoke(statements: Record<string, unknown>[], opts: Parameters<typeof analysePolicies>[1] = {}) {
  const a = analysePolicies([doc(statements)], opts);
  return { a, e: a.escalations.find((x) => x.method === INVOKE) };
}

describe('PassRole: how far it reaches, in words', () => {
  it.each([
    ['*', 'any'],
    [`arn:aws:iam::${ACCT}:role/*`, 'any'],
    ['arn:aws:iam::*:role/?dmin', 'any'],
    [`arn:aws:iam::${ACCT}:role/lambda-*`, 'family'],
    [`arn:aws:iam::${ACCT}:role/service/app-?`, 'family'],
    [`arn:aws:iam::${ACCT}:role/app`, 'named'],
    ['arn:aws:iam::*:user/*', 'any'],
    ['arn:aws:s3:::bucket', 'named'],
  ])('%s → %s', (pattern, breadth) => expect(passRoleBreadth(pattern)).toBe(breadth));

  it('every role of the account: "any role"', () => {
    const { e } = invoke([allow(LAMBDA), allow('iam:PassRole', `arn:aws:iam::${ACCT}:role/*`)]);
    expect(e).toMatchObject({ resources: [`arn:aws:iam::${ACCT}:role/*`, '*'], passRole: { services: ['lambda.amazonaws.com'], roles: [`arn:aws:iam::${ACCT}:role/*`] } });
    expect(e?.target).toBe(`${REACHES}; via any role "arn:aws:iam::${ACCT}:role/*" passed to lambda.amazonaws.com (admin-equivalent if such a role trusting the service is privileged)`);
  });

  it('a naming family: "roles named", not admin-equivalent', () => {
    const { a, e } = invoke([allow(LAMBDA), allow('iam:PassRole', `arn:aws:iam::${ACCT}:role/lambda-*`)]);
    expect(e?.target).toBe(`${REACHES}; via roles named "arn:aws:iam::${ACCT}:role/lambda-*" passed to lambda.amazonaws.com (admin-equivalent if such a role trusting the service is privileged)`);
    expect(a.adminEquivalent).toBe(false);
  });

  it('a named role known to be privileged: "privileged roles", admin-equivalent, with the reason', () => {
    const role = `arn:aws:iam::${ACCT}:role/OpsAdmin`;
    const { a, e } = invoke([allow(LAMBDA), allow('iam:PassRole', role)], { privilegedRoles: [role] });
    expect(e?.target).toBe(`${REACHES}; via privileged roles "${role}" passed to lambda.amazonaws.com (includes a privileged role: admin-equivalent)`);
    expect(a.adminEquivalent).toBe(true);
    expect(a.conditional).toBe(false);
    expect(a.adminReasons).toContain(`Statement 1, Statement 0 allow iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction: it can pass a privileged role to a service that runs its code (${a.escalations.find((x) => x.passRole?.roles.includes(role))?.method})`);
  });

  it('a PassRole that is not on a role at all reaches no role', () => {
    expect(invoke([allow(LAMBDA), allow('iam:PassRole', 'arn:aws:iam::*:user/*')]).e).toBeUndefined();
  });

  it('one of several iam:PassedToService values is enough; none matching is not', () => {
    const pass = (svc: string[]) => allow('iam:PassRole', '*', { Condition: { StringEquals: { 'iam:PassedToService': svc } } });
    expect(invoke([allow(LAMBDA), pass(['ec2.amazonaws.com', 'lambda.amazonaws.com'])]).e?.conditional).toBe(false);
    expect(invoke([allow(LAMBDA), pass(['ec2.amazonaws.com', 'glue.amazonaws.com'])]).e).toBeUndefined();
  });

  it('a negated iam:PassedToService operator is not read as a limit', () => {
    const pass = allow('iam:PassRole', '*', { Condition: { StringNotEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } });
    expect(invoke([allow(LAMBDA), pass]).e?.conditional).toBe(true);
  });
});

describe('warnings name the document they come from', () => {
  const notAction = doc([{ Effect: 'Allow', NotAction: 's3:*', Resource: '*' }]);
  const w = 'Statement 0 allows every action except "s3:*" (NotAction with Allow also grants services added later)';
  it('one document: the statement alone', () => {
    expect(analysePolicies([notAction]).warnings).toEqual([w]);
  });
  it('several documents: "Policy <i>"', () => {
    expect(analysePolicies([doc([allow('s3:GetObject')]), notAction]).warnings).toEqual([`Policy 1: ${w}`]);
  });
  it('several documents with labels: the label', () => {
    expect(analysePolicies([doc([allow('s3:GetObject')]), notAction], { labels: ['inline a', 'managed policy arn:aws:iam::aws:policy/X'] }).warnings).toEqual([`managed policy arn:aws:iam::aws:policy/X: ${w}`]);
  });
  it('a permissions boundary: "Permissions boundary"', () => {
    expect(analysePolicies([doc([allow('s3:GetObject')])], { boundary: [notAction] }).warnings).toEqual([`Permissions boundary: ${w}`]);
  });
  it('a conditional Deny is named by its statement', () => {
    expect(analysePolicies([doc([allow('s3:*'), deny('s3:DeleteBucket', '*', MFA)])]).warnings).toEqual(['Statement 1 denies only under a Condition; it is not assumed to apply']);
  });
  it('an unconditional Deny gives no such warning', () => {
    expect(analysePolicies([doc([allow('s3:*'), deny('s3:DeleteBucket'), deny('s3:DeleteBucket', '*', MFA)])]).warnings).toEqual(['Statement 2 denies only under a Condition; it is not assumed to apply']);
  });
  it('the same unknown action in two documents is listed once', () => {
    // A typo copied into two inline policies of one user.
    expect(analysePolicies([doc([allow(['s3:GetObjcet', 's3:ListBucket'])]), doc([allow('s3:GetObjcet', 'arn:aws:s3:::logs/*')])]).unknownActions).toEqual(['s3:GetObjcet']);
  });
  it('a statement with neither Resource nor NotResource, and one with a Principal', () => {
    expect(analysePolicies([doc([{ Effect: 'Allow', Action: 's3:GetObject' }, { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Principal: '*' }])]).warnings).toEqual([
      'Statement 0 has neither Resource nor NotResource (AWS rejects such an identity policy); it is ignored',
      'Statement 1 has a Principal: identity policies have none (is this a resource or trust policy?)',
    ]);
  });
});

describe('a Deny with NotResource', () => {
  const target = `arn:aws:iam::${ACCT}:user/admin`;
  const grant = allow('iam:CreateAccessKey', target);
  const keys = (denyStmt: Record<string, unknown>) => analysePolicies([doc([grant, denyStmt])], { principalArn: USER }).escalations.map((e) => e.method);
  it('spares the resources it lists (any one of them)', () => {
    expect(keys({ Effect: 'Deny', Action: 'iam:CreateAccessKey', NotResource: [target, `arn:aws:iam::${ACCT}:user/other`] })).toEqual(['CreateAccessKey']);
  });
  it('denies everything else', () => {
    expect(keys({ Effect: 'Deny', Action: 'iam:CreateAccessKey', NotResource: `arn:aws:iam::${ACCT}:user/other` })).toEqual([]);
  });
});

describe('admin-equivalence: reasons and conditions', () => {
  it('Allow "*" is explained by its statement alone', () => {
    expect(analysePolicies([doc([allow('*')])]).adminReasons).toEqual(['Statement 0 allows "*" on "*"']);
  });

  it('NotAction and NotResource are named as such', () => {
    const a = analysePolicies([doc([{ Effect: 'Allow', NotAction: 'aws-portal:*', NotResource: 'arn:aws:s3:::logs/*' }])]);
    expect(a.adminEquivalent).toBe(true);
    expect(a.adminReasons).toEqual(['Statement 0 allows every action except "aws-portal:*" (NotAction) on every resource except "arn:aws:s3:::logs/*" (NotResource)']);
  });

  it('everything granted by statements that each grant less than half: "together"', () => {
    // Services split in three by name; each statement lists one third as "<service>:*".
    const services = Object.keys(analysePolicies([doc([allow('*')])]).services).sort();
    const third = Math.ceil(services.length / 3);
    const statements = [0, 1, 2].map((k) => allow(services.slice(k * third, (k + 1) * third).map((s) => `${s}:*`)));
    const a = analysePolicies([doc(statements)]);
    expect(a.adminEquivalent).toBe(true);
    expect(a.adminReasons).toEqual(['The statements together allow every action on every resource']);
  });

  it('a self-grant without a condition is an unconditional admin; with one, conditional', () => {
    const plain = analysePolicies([doc([allow('iam:AttachUserPolicy', USER)])], { principalArn: USER });
    expect(plain).toMatchObject({ adminEquivalent: true, conditional: false, adminReasons: [`Statement 0 allows iam:AttachUserPolicy on "${USER}": it can grant itself any permission`] });
    const cond = analysePolicies([doc([allow('iam:AttachUserPolicy', USER, MFA)])], { principalArn: USER });
    expect(cond).toMatchObject({ adminEquivalent: true, conditional: true });
  });

  it('a conditional "*" and an unconditional self-grant: unconditional', () => {
    const a = analysePolicies([doc([allow('*', '*', MFA), allow('iam:PutUserPolicy', USER)])], { principalArn: USER });
    expect(a).toMatchObject({ adminEquivalent: true, conditional: false });
    expect(a.adminReasons[0]).toBe('Statement 0 allows "*" on "*" under a Condition');
  });
});

describe('sensitive grants, one by one', () => {
  const ids = (statements: Record<string, unknown>[]) => analysePolicies([doc(statements)]).sensitive.map((s) => s.id);
  it.each(['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors'])('%s: cloudtrail-tamper, on any trail', (a) => {
    const s = analysePolicies([doc([allow(a, `arn:aws:cloudtrail:eu-west-1:${ACCT}:trail/main`)])]).sensitive;
    expect(s).toEqual([expect.objectContaining({ id: 'cloudtrail-tamper', actions: [a], resources: [`arn:aws:cloudtrail:eu-west-1:${ACCT}:trail/main`], conditional: false })]);
    expect(s[0].reason).toMatch(/CloudTrail/);
  });
  it('cloudtrail:LookupEvents (read) is not tampering', () => expect(ids([allow('cloudtrail:LookupEvents')])).toEqual([]));
  it('kms:* on every key; not on one key', () => {
    expect(ids([allow('kms:*')])).toEqual(['kms-full']);
    expect(ids([allow('kms:*', `arn:aws:kms:eu-west-1:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`)])).toEqual([]);
  });
  it('sts:AssumeRole on every role; not on one role', () => {
    expect(ids([allow('sts:AssumeRole')])).toEqual(['sts-assume-any-role']);
    expect(ids([allow('sts:AssumeRole', 'arn:aws:iam::*:role/*')])).toEqual(['sts-assume-any-role']);
    expect(ids([allow('sts:AssumeRole', `arn:aws:iam::${ACCT}:role/deploy`)])).toEqual([]);
  });
  it('aws-marketplace:Subscribe on "*" only', () => {
    expect(ids([allow('aws-marketplace:Subscribe')])).toEqual(['marketplace-subscribe']);
  });
  it('iam:* on every resource (beside the escalations it brings)', () => {
    expect(ids([allow('iam:*')])).toEqual(['iam-full']);
    expect(analysePolicies([doc([allow('iam:*', '*', MFA)])]).sensitive).toEqual([expect.objectContaining({ id: 'iam-full', actions: ['iam:*'], resources: ['*'], conditional: true })]);
  });
});

describe('self-grants: who "itself" is, in words', () => {
  const ROLE = `arn:aws:iam::${ACCT}:role/app`;
  const GROUP = `arn:aws:iam::${ACCT}:group/devs`;
  const method = (a: ReturnType<typeof analysePolicies>, m: string) => a.escalations.find((e) => e.method === m);

  it('a known user: "itself (<arn>)"', () => {
    const a = analysePolicies([doc([allow('iam:AttachUserPolicy', USER)])], { principalArn: USER });
    expect(method(a, 'AttachUserPolicy')?.target).toBe(`any permission, by attaching a managed policy (e.g. AdministratorAccess) to oneself; via itself (${USER})`);
  });

  it('an unknown holder with ${aws:username}: "the user holding this policy", admin', () => {
    const a = analysePolicies([doc([allow('iam:PutUserPolicy', 'arn:aws:iam::*:user/${aws:username}')])]);
    expect(method(a, 'PutUserPolicy')?.target).toBe('any permission, by writing an inline policy on oneself; via the user holding this policy ("arn:aws:iam::*:user/${aws:username}")');
    expect(a.adminEquivalent).toBe(true);
  });

  it('an unknown holder and one named user: an escalation that may not be a self-grant', () => {
    const a = analysePolicies([doc([allow('iam:PutUserPolicy', `arn:aws:iam::${ACCT}:user/bob`)])]);
    expect(method(a, 'PutUserPolicy')).toBeDefined();
    expect(a.adminEquivalent).toBe(false);
  });

  it('known groups: "its group(s) (<arn>)"', () => {
    const a = analysePolicies([doc([allow('iam:PutGroupPolicy', GROUP)])], { principalArn: USER, groups: [GROUP] });
    expect(method(a, 'PutGroupPolicy')?.target).toBe(`any permission, by writing an inline policy on one's own group; via its group(s) (${GROUP})`);
    expect(a.adminReasons).toEqual([`Statement 0 allows iam:PutGroupPolicy on "${GROUP}": it can grant itself any permission`]);
  });

  it('unknown groups: "the group(s) of the holder"', () => {
    const a = analysePolicies([doc([allow('iam:AttachGroupPolicy', 'arn:aws:iam::*:group/*')])], { principalArn: USER });
    expect(method(a, 'AttachGroupPolicy')?.target).toBe('any permission, by attaching a managed policy to one\'s own group; via the group(s) of the holder ("arn:aws:iam::*:group/*")');
  });

  it('a role has no user or group of its own', () => {
    const a = analysePolicies([doc([allow(['iam:AttachUserPolicy', 'iam:AttachGroupPolicy'])])], { principalArn: ROLE });
    expect(a.escalations.map((e) => e.method)).toEqual([]);
  });

  it('a role writing its own policy: named in the reason; a session ARN is the role', () => {
    const reason = `Statement 0 allows iam:PutRolePolicy on its own role ${ROLE}: it can grant itself any permission`;
    expect(analysePolicies([doc([allow('iam:PutRolePolicy', ROLE)])], { principalArn: ROLE }).adminReasons).toEqual([reason]);
    expect(analysePolicies([doc([allow('iam:PutRolePolicy', ROLE)])], { principalArn: `arn:aws:sts::${ACCT}:assumed-role/app/session-1` }).adminReasons).toEqual([reason]);
  });

  it('an unknown holder and every role: "which includes the role holding it"', () => {
    const a = analysePolicies([doc([allow('iam:AttachRolePolicy', 'arn:aws:iam::*:role/*')])]);
    expect(a.adminReasons).toEqual(['Statement 0 allows iam:AttachRolePolicy on "arn:aws:iam::*:role/*", which includes the role holding it: it can grant itself any permission']);
  });

  it('an unknown holder and one named role: not a self-grant', () => {
    expect(analysePolicies([doc([allow('iam:AttachRolePolicy', ROLE)])]).adminEquivalent).toBe(false);
  });

  it('CreatePolicyVersion on its attached policy, or on every policy for an unknown holder; never on AWS managed ones', () => {
    const mine = `arn:aws:iam::${ACCT}:policy/mine`;
    expect(analysePolicies([doc([allow('iam:CreatePolicyVersion', mine)])], { principalArn: USER, attachedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess', mine] }).adminReasons).toEqual([
      `Statement 0 allows iam:CreatePolicyVersion on its attached policy ${mine}: it can rewrite its own permissions`,
    ]);
    expect(analysePolicies([doc([allow('iam:CreatePolicyVersion', `arn:aws:iam::${ACCT}:policy/*`)])]).adminReasons).toEqual([
      `Statement 0 allows iam:CreatePolicyVersion on "arn:aws:iam::${ACCT}:policy/*", which includes the policies attached to it: it can rewrite its own permissions`,
    ]);
    expect(analysePolicies([doc([allow('iam:CreatePolicyVersion', 'arn:aws:iam::aws:policy/*')])], { principalArn: USER, attachedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }).adminEquivalent).toBe(false);
  });

  it('an unknown holder and one named customer policy: an escalation, not a self-grant', () => {
    const a = analysePolicies([doc([allow('iam:CreatePolicyVersion', `arn:aws:iam::${ACCT}:policy/other`)])]);
    expect(a.escalations.map((e) => e.method)).toEqual(['CreateNewPolicyVersion']);
    expect(a.adminEquivalent).toBe(false);
  });

  it('CreatePolicyVersion on another account\'s policies is no escalation for this principal', () => {
    const a = analysePolicies([doc([allow('iam:CreatePolicyVersion', 'arn:aws:iam::999999999999:policy/*')])], { principalArn: USER });
    expect(a.escalations.map((e) => e.method)).toEqual([]);
  });
});

describe('principals of the China and GovCloud partitions', () => {
  it.each([
    ['aws-cn', `arn:aws-cn:iam::${ACCT}:user/alice`],
    ['aws-us-gov', `arn:aws-us-gov:iam::${ACCT}:user/alice`],
  ])('%s: iam:AttachUserPolicy on ${aws:username} is the holder granting itself anything', (partition, arn) => {
    const a = analysePolicies([doc([allow('iam:AttachUserPolicy', `arn:${partition}:iam::${ACCT}:user/\${aws:username}`)])], { principalArn: arn });
    expect(a.adminEquivalent).toBe(true);
    expect(a.conditional).toBe(false);
  });

  it.each(['aws', 'aws-cn', 'aws-us-gov'])('%s: a role session (assumed-role ARN) with iam:PutRolePolicy on its own role grants itself anything', (partition) => {
    const a = analysePolicies([doc([allow('iam:PutRolePolicy', `arn:${partition}:iam::${ACCT}:role/Dev`)])], { principalArn: `arn:${partition}:sts::${ACCT}:assumed-role/Dev/alice` });
    expect(a.adminEquivalent).toBe(true);
    expect(a.adminReasons).toEqual([`Statement 0 allows iam:PutRolePolicy on its own role arn:${partition}:iam::${ACCT}:role/Dev: it can grant itself any permission`]);
  });

  it('the same grant on another user of that partition is no self-grant', () => {
    const a = analysePolicies([doc([allow('iam:AttachUserPolicy', `arn:aws-us-gov:iam::${ACCT}:user/bob`)])], { principalArn: `arn:aws-us-gov:iam::${ACCT}:user/alice` });
    expect(a.adminEquivalent).toBe(false);
  });
});
