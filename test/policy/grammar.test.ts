/**
 * lib/policy/lint/grammar: what AWS rejects (IAM User Guide, "Grammar of the IAM JSON policy language"), each problem
 * with its code, place and the sentence check-policy prints. Unknown but well-formed actions are warnings (AWS accepts
 * them; they grant nothing).
 */
import { checkGrammar } from '../../lib/policy/lint/grammar';
import type { LintProblem } from '../../lib/policy/lint/types';
import { getCatalog } from '../../lib/policy/catalog';

const V = '2012-10-17';

const CASES: [string, unknown][] = [
  ['not an object', ['x']],
  ['unknown top key', { Version: V, Statment: [], Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }],
  ['no version', { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }],
  ['bad version', { Version: '2012-10-18', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }],
  ['version number', { Version: 2012, Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }],
  ['old version ok', { Version: '2008-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }],
  ['bad id', { Version: V, Id: 5, Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }],
  ['no statement', { Version: V }],
  ['no statement typo', { Version: V, Statment: [] }],
  ['empty statement', { Version: V, Statement: [] }],
  ['single statement object', { Version: V, Statement: { Efect: 'Allow', Action: 's3:GetObject', Resource: '*' } }],
  ['statement not object', { Version: V, Statement: [7] }],
  ['missing effect', { Version: V, Statement: [{ Action: 's3:GetObject', Resource: '*' }] }],
  ['bad effect', { Version: V, Statement: [{ Effect: 'allow', Action: 's3:GetObject', Resource: '*' }] }],
  ['bad effect far', { Version: V, Statement: [{ Effect: 'Permit', Action: 's3:GetObject', Resource: '*' }] }],
  ['effect number', { Version: V, Statement: [{ Effect: 1, Action: 's3:GetObject', Resource: '*' }] }],
  ['sid number', { Version: V, Statement: [{ Sid: 1, Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }],
  ['sid chars identity', { Version: V, Statement: [{ Sid: 'read-only', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }],
  ['sid chars resource ok', { Version: V, Statement: [{ Sid: 'read-only', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }] }],
  ['action and notaction', { Version: V, Statement: [{ Effect: 'Allow', Action: 's3:GetObject', NotAction: 's3:PutObject', Resource: '*' }] }],
  ['no action', { Version: V, Statement: [{ Effect: 'Allow', Resource: '*' }] }],
  ['no action typo', { Version: V, Statement: [{ Effect: 'Allow', Actions: 's3:GetObject', Resource: '*' }] }],
  ['bad action', { Version: V, Statement: [{ Effect: 'Allow', Action: ['s3GetObject', 's3:GetObjekt'], Resource: '*' }] }],
  ['empty action list', { Version: V, Statement: [{ Effect: 'Allow', Action: [], Resource: '*' }] }],
  ['action not string', { Version: V, Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 5], Resource: '*' }] }],
  ['action object', { Version: V, Statement: [{ Effect: 'Allow', Action: { a: 1 }, Resource: '*' }] }],
  ['resource and notresource', { Version: V, Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', NotResource: 'arn:aws:s3:::b' }] }],
  ['no resource', { Version: V, Statement: [{ Effect: 'Allow', Action: 's3:GetObject' }] }],
  ['no resource typo', { Version: V, Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resources: '*' }] }],
  ['no resource trust ok', { Version: V, Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }],
  ['bad resource', { Version: V, Statement: [{ Effect: 'Allow', Action: 's3:GetObject', NotResource: ['bucket/*', 'arn:aws:s3:::b'] }] }],
  ['principal and notprincipal', { Version: V, Statement: [{ Effect: 'Allow', Principal: '*', NotPrincipal: { AWS: '111122223333' }, Action: 's3:GetObject', Resource: '*' }] }],
  ['bad principal', { Version: V, Statement: [{ Effect: 'Allow', Principal: 'arn:aws:iam::1:root', Action: 's3:GetObject', Resource: '*' }] }],
  ['principal unknown key', { Version: V, Statement: [{ Effect: 'Allow', Principal: { Aws: '111122223333', Service: [] }, Action: 's3:GetObject', Resource: '*' }] }],
  ['empty principal', { Version: V, Statement: [{ Effect: 'Allow', Principal: { AWS: '', Service: [' '], Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRole' }] }],
  ['principal not an account or arn', { Version: V, Statement: [{ Effect: 'Allow', Principal: { AWS: ['alice', 'ops@example.com', '11112222333'] }, Action: 'sts:AssumeRole' }] }],
  ['principal forms aws accepts', { Version: V, Statement: [{ Effect: 'Allow', Principal: { AWS: ['*', '111122223333', 'arn:aws:iam::111122223333:role/x', 'AROAEXAMPLEID12345678'] }, Action: 'sts:AssumeRole' }] }],
  ['notprincipal values', { Version: V, Statement: [{ Effect: 'Allow', NotPrincipal: { AWS: [1], Federated: 'x', CanonicalUser: 'y' }, Action: 's3:GetObject', Resource: '*' }] }],
  ['condition not object', { Version: V, Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: 'x' }] }],
  ['condition operators', { Version: V, Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { stringequals: { 'aws:a': 'x' }, StringEqual: { 'aws:b': 'y' }, NullIfExists: { 'aws:c': 'true' }, 'ForAnyValue:StringLikeIfExists': { 'aws:d': 'z' }, Bool: 'true', NumericLessThan: { 'aws:e': [1, { x: 1 }] }, DateEquals: { 'aws:f': null } } }] }],
  ['mixed principal', { Version: V, Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }] }],
  ['duplicate sid', { Version: V, Statement: [{ Sid: 'A', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, { Sid: 'B', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, { Sid: 'A', Effect: 'Deny', Action: 's3:GetObject', Resource: '*' }, { Sid: '', Effect: 'Deny', Action: 's3:GetObject', Resource: '*' }, { Sid: '', Effect: 'Deny', Action: 's3:GetObject', Resource: '*' }] }],
];

/** What check-policy reports for each case (reviewed against the IAM grammar: each is a reason AWS gives or a typo). */
const EXPECTED: Record<string, LintProblem[]> = {
  'not an object': [{"severity":"error","code":"not-a-policy","path":[],"message":"the document is a list of 1, not a JSON object with a Statement"}],
  'unknown top key': [{"severity":"error","code":"unknown-key","path":["Statment"],"message":"the policy has an unknown key \"Statment\" (did you mean \"Statement\"?): AWS rejects the policy","onKey":true}],
  'no version': [{"severity":"low","code":"no-version","path":[],"message":"no \"Version\": AWS then reads the policy as version 2008-10-17, where policy variables such as ${aws:username} are not replaced; add \"Version\": \"2012-10-17\""}],
  'bad version': [{"severity":"error","code":"bad-version","path":["Version"],"message":"Version \"2012-10-18\" is not one AWS knows: use \"2012-10-17\""}],
  'version number': [{"severity":"error","code":"bad-version","path":["Version"],"message":"Version 2012 is not one AWS knows: use \"2012-10-17\""}],
  'old version ok': [],
  'bad id': [{"severity":"error","code":"bad-id","path":["Id"],"message":"Id is 5, not a string"}],
  'no statement': [{"severity":"error","code":"missing-statement","path":[],"message":"the policy has no Statement: AWS rejects it"}],
  'no statement typo': [{"severity":"error","code":"unknown-key","path":["Statment"],"message":"the policy has an unknown key \"Statment\" (did you mean \"Statement\"?): AWS rejects the policy","onKey":true}],
  'empty statement': [{"severity":"error","code":"empty-statement","path":["Statement"],"message":"Statement is an empty list: AWS rejects a policy without statements"}],
  'single statement object': [{"severity":"error","code":"unknown-key","path":["Statement","Efect"],"message":"the statement has an unknown key \"Efect\" (did you mean \"Effect\"?): AWS rejects the policy","onKey":true}],
  'statement not object': [{"severity":"error","code":"bad-statement","path":["Statement",0],"message":"Statement 0 is 7, not an object: AWS rejects the policy"}],
  'missing effect': [{"severity":"error","code":"missing-effect","path":["Statement",0],"message":"Statement 0 has no Effect (\"Allow\" or \"Deny\"): AWS rejects the policy"}],
  'bad effect': [{"severity":"error","code":"bad-effect","path":["Statement",0,"Effect"],"message":"Statement 0 has Effect \"allow\": AWS accepts only \"Allow\" or \"Deny\" (case-sensitive) — did you mean \"Allow\"?"}],
  'bad effect far': [{"severity":"error","code":"bad-effect","path":["Statement",0,"Effect"],"message":"Statement 0 has Effect \"Permit\": AWS accepts only \"Allow\" or \"Deny\" (case-sensitive)"}],
  'effect number': [{"severity":"error","code":"bad-effect","path":["Statement",0,"Effect"],"message":"Statement 0 has Effect 1: AWS accepts only \"Allow\" or \"Deny\" (case-sensitive)"}],
  'sid number': [{"severity":"error","code":"bad-sid","path":["Statement",0,"Sid"],"message":"Statement 0 Sid is 1, not a string"}],
  'sid chars identity': [{"severity":"error","code":"bad-sid","path":["Statement",0,"Sid"],"message":"Statement 0 Sid \"read-only\" has characters other than A-Z, a-z, 0-9: IAM rejects it"}],
  'sid chars resource ok': [],
  'action and notaction': [{"severity":"error","code":"action-and-notaction","path":["Statement",0],"message":"Statement 0 has both Action and NotAction: AWS rejects the policy (keep one)"}],
  'no action': [{"severity":"error","code":"missing-action","path":["Statement",0],"message":"Statement 0 has neither Action nor NotAction: AWS rejects the policy (\"Policy statement must contain actions\")"}],
  'no action typo': [{"severity":"error","code":"unknown-key","path":["Statement",0,"Actions"],"message":"Statement 0 has an unknown key \"Actions\" (did you mean \"Action\"?): AWS rejects the policy","onKey":true}],
  'bad action': [{"severity":"error","code":"bad-action","path":["Statement",0,"Action",0],"message":"Statement 0 Action: \"s3GetObject\" is not an action: AWS needs \"service:Action\" (e.g. \"s3:GetObject\") or \"*\""},{"severity":"low","code":"unknown-action","path":["Statement",0,"Action",1],"message":"Statement 0 Action: \"s3:GetObjekt\" matches no action (no such action; or it is newer than the catalogue " + getCatalog().version + ") — did you mean \"s3:GetObject\"?"}],
  'empty action list': [{"severity":"error","code":"empty-list","path":["Statement",0,"Action"],"message":"Statement 0 Action is an empty list: AWS rejects it"}],
  'action not string': [{"severity":"error","code":"bad-value","path":["Statement",0,"Action",1],"message":"Statement 0 Action entry 1 is 5, not a string"}],
  'action object': [{"severity":"error","code":"bad-value","path":["Statement",0,"Action"],"message":"Statement 0 Action must be a string or a list of strings, not an object"}],
  'resource and notresource': [{"severity":"error","code":"resource-and-notresource","path":["Statement",0],"message":"Statement 0 has both Resource and NotResource: AWS rejects the policy (keep one)"}],
  'no resource': [{"severity":"error","code":"missing-resource","path":["Statement",0],"message":"Statement 0 has neither Resource nor NotResource: AWS rejects an identity policy statement without one (\"Policy statement must contain resources\")"}],
  'no resource typo': [{"severity":"error","code":"unknown-key","path":["Statement",0,"Resources"],"message":"Statement 0 has an unknown key \"Resources\" (did you mean \"Resource\"?): AWS rejects the policy","onKey":true}],
  'no resource trust ok': [],
  'bad resource': [{"severity":"error","code":"bad-resource","path":["Statement",0,"NotResource",0],"message":"Statement 0 NotResource \"bucket/*\" is neither \"*\" nor an ARN (arn:aws:…): AWS rejects it"}],
  'principal and notprincipal': [{"severity":"error","code":"principal-and-notprincipal","path":["Statement",0],"message":"Statement 0 has both Principal and NotPrincipal: AWS rejects the policy (keep one)"}],
  'bad principal': [{"severity":"error","code":"bad-principal","path":["Statement",0,"Principal"],"message":"Statement 0 Principal must be \"*\" or an object such as {\"AWS\": \"arn:aws:iam::111122223333:root\"}, not \"arn:aws:iam::1:root\""}],
  'principal unknown key': [{"severity":"error","code":"unknown-key","path":["Statement",0,"Principal","Aws"],"message":"Statement 0 Principal has an unknown key \"Aws\" (did you mean \"AWS\"?): AWS rejects the policy","onKey":true},{"severity":"error","code":"empty-list","path":["Statement",0,"Principal","Service"],"message":"Statement 0 Principal.Service is an empty list: AWS rejects it"}],
  'empty principal': [{"severity":"error","code":"bad-principal","path":["Statement",0,"Principal","AWS"],"message":"Statement 0 Principal.AWS \"\" is empty: AWS rejects the policy (\"Invalid principal in policy\")"},{"severity":"error","code":"bad-principal","path":["Statement",0,"Principal","Service",0],"message":"Statement 0 Principal.Service \" \" is empty: AWS rejects the policy (\"Invalid principal in policy\")"}],
  'principal not an account or arn': [{"severity":"error","code":"bad-principal","path":["Statement",0,"Principal","AWS",0],"message":"Statement 0 Principal.AWS \"alice\" is not \"*\", a 12-digit account id or an ARN: AWS rejects the policy (\"Invalid principal in policy\")"},{"severity":"error","code":"bad-principal","path":["Statement",0,"Principal","AWS",1],"message":"Statement 0 Principal.AWS \"ops@example.com\" is not \"*\", a 12-digit account id or an ARN: AWS rejects the policy (\"Invalid principal in policy\")"},{"severity":"error","code":"bad-principal","path":["Statement",0,"Principal","AWS",2],"message":"Statement 0 Principal.AWS \"11112222333\" is not \"*\", a 12-digit account id or an ARN: AWS rejects the policy (\"Invalid principal in policy\")"}],
  'principal forms aws accepts': [],
  'notprincipal values': [{"severity":"error","code":"bad-value","path":["Statement",0,"NotPrincipal","AWS",0],"message":"Statement 0 NotPrincipal.AWS entry 0 is 1, not a string"}],
  'condition not object': [{"severity":"error","code":"bad-condition","path":["Statement",0,"Condition"],"message":"Statement 0 Condition must be an object such as {\"StringEquals\": {\"aws:PrincipalOrgID\": \"o-…\"}}, not \"x\""}],
  'condition operators': [{"severity":"low","code":"operator-case","path":["Statement",0,"Condition","stringequals"],"onKey":true,"message":"Statement 0 Condition operator \"stringequals\" is spelt \"StringEquals\" by AWS"},{"severity":"error","code":"unknown-operator","path":["Statement",0,"Condition","StringEqual"],"message":"Statement 0 Condition has an unknown operator \"StringEqual\" (did you mean \"StringEquals\"?): AWS rejects the policy","onKey":true},{"severity":"error","code":"unknown-operator","path":["Statement",0,"Condition","NullIfExists"],"message":"Statement 0 Condition has an unknown operator \"NullIfExists\" (did you mean \"BoolIfExists\"?): AWS rejects the policy","onKey":true},{"severity":"error","code":"bad-condition","path":["Statement",0,"Condition","Bool"],"message":"Statement 0 Condition operator \"Bool\" must hold an object of condition keys, not \"true\""},{"severity":"error","code":"bad-condition","path":["Statement",0,"Condition","NumericLessThan","aws:e",1],"message":"Statement 0 Condition value of \"aws:e\" is an object: values are strings, numbers or booleans"},{"severity":"error","code":"bad-condition","path":["Statement",0,"Condition","DateEquals","aws:f"],"message":"Statement 0 Condition value of \"aws:f\" is null: values are strings, numbers or booleans"}],
  'mixed principal': [{"severity":"error","code":"mixed-principal","path":["Statement",0],"message":"Statement 1 has a Principal but Statement 0 has none: a resource or trust policy needs one in every statement, an identity policy in none"}],
  'duplicate sid': [{"severity":"error","code":"duplicate-sid","path":["Statement",2,"Sid"],"message":"Statement 2 repeats the Sid \"A\" of Statement 0: Sids must be unique in a policy"}],
};

describe('checkGrammar', () => {
  it.each(CASES)('%s', (name, document) => {
    expect(checkGrammar(document)).toEqual(EXPECTED[name]);
  });
});

describe('checkGrammar, more cases', () => {
  it('an unknown key far from every known one gets no suggestion', () => {
    expect(checkGrammar({ Version: V, Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Qqqqqqqq: 1 }] })).toEqual([
      { severity: 'error', code: 'unknown-key', path: ['Statement', 0, 'Qqqqqqqq'], onKey: true, message: 'Statement 0 has an unknown key "Qqqqqqqq": AWS rejects the policy' },
    ]);
  });

  it('condition values may be strings, numbers or booleans, alone or in a list', () => {
    const cond = { Bool: { 'aws:SecureTransport': true }, NumericLessThan: { 's3:max-keys': 10 }, StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] }, 'ForAllValues:StringLike': { 'aws:TagKeys': [] } };
    expect(checkGrammar({ Version: V, Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*', Condition: cond }] })).toEqual([]);
  });

  it('an identity statement\'s empty Sid is allowed and never a duplicate', () => {
    expect(checkGrammar({ Version: V, Statement: [{ Sid: '', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, { Sid: '', Effect: 'Deny', Action: 's3:GetObject', Resource: '*' }] })).toEqual([]);
  });

  it('a Principal in the second statement only: the first one is named as the one without', () => {
    expect(checkGrammar({ Version: V, Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }, { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] })).toEqual([
      { severity: 'error', code: 'mixed-principal', path: ['Statement', 1], message: 'Statement 0 has a Principal but Statement 1 has none: a resource or trust policy needs one in every statement, an identity policy in none' },
    ]);
  });
});

describe('checkGrammar on crafted documents', () => {
  it('reports at most 200 problems', () => {
    const many = { Version: V, Statement: Array.from({ length: 300 }, () => ({ Effect: 'Maybe', Action: 's3:GetObject', Resource: '*' })) };
    const problems = checkGrammar(many);
    expect(problems).toHaveLength(200);
    expect(problems[199]).toMatchObject({ code: 'bad-effect', path: ['Statement', 199, 'Effect'] });
  });

  it('a value that throws when read is one "unreadable" error, never an exception', () => {
    const hostile = new Proxy({}, { ownKeys: () => { throw new Error('no keys for you'); } });
    expect(checkGrammar(hostile)).toEqual([{ severity: 'error', code: 'unreadable', path: [], message: 'the document could not be checked (no keys for you)' }]);
  });

  it('every statement is checked, and a Statement list beyond 1,000 entries is cut there', () => {
    const st = (i: number) => ({ Effect: i === 1000 ? 'Nope' : 'Allow', Action: 's3:GetObject', Resource: '*' });
    expect(checkGrammar({ Version: V, Statement: Array.from({ length: 1001 }, (_, i) => st(i)) })).toEqual([]);
    expect(checkGrammar({ Version: V, Statement: Array.from({ length: 1000 }, (_, i) => st(i + 1)) })).toHaveLength(1);
  });
});
