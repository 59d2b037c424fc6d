import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DEFAULT_CONFIG } from '../../lib/config/types';
import { scoreEventOffline, type ScoredEvent } from '../../lib/engine/score-event';
import { cloudTrailConsoleLink, formatEventAlert, MAX_MESSAGE_BYTES, toSnsSubject, truncateUtf8 } from '../../lib/alerts/format';
import { publishAlert } from '../../lib/aws/sns';
import type { EventRule } from '../../lib/rules/types';

const EVENTS = join(__dirname, '..', '..', 'events');
const NOW = '2026-11-02T10:00:00Z';
const sample = (f: string): unknown => JSON.parse(readFileSync(join(EVENTS, f), 'utf8'));
const ASCII_SUBJECT = /^[\x20-\x7e]{1,100}$/;

function testRule(message: string, title = 'Something risky happened'): EventRule {
  return {
    id: 'test-rule',
    kind: 'event',
    title,
    severity: 'high',
    guide: 'The guide sentence.',
    why: 'Why it matters.',
    fix: { console: ['Open IAM.', 'Do the thing.'], cli: 'aws iam do-thing --user-name <user>' },
    controls: ['IAM.1'],
    eventNames: ['*'],
    evaluate: () => [{ resource: 'arn:aws:iam::111122223333:user/bob', message }],
  };
}

function scored(over: Record<string, unknown> = {}, rules?: EventRule[]): ScoredEvent {
  const rec = {
    eventID: 'c0ffee00-1111-4222-8333-944455556666',
    eventName: 'CreateUser',
    eventSource: 'iam.amazonaws.com',
    eventTime: '2026-11-02T09:14:27Z',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.24',
    userAgent: 'aws-cli/2.22.4',
    recipientAccountId: '111122223333',
    userIdentity: { type: 'IAMUser', userName: 'mallory', arn: 'arn:aws:iam::111122223333:user/mallory', accountId: '111122223333' },
    requestParameters: { userName: 'bob' },
    responseElements: null,
    ...over,
  };
  return scoreEventOffline(rec, { config: DEFAULT_CONFIG, now: NOW, rules });
}

describe('toSnsSubject', () => {
  it('ASCII only, no newlines, at most 100 characters', () => {
    const s = toSnsSubject(`[HIGH] 111122223333 Rôle «admin» granted to 用户 ${'x'.repeat(200)}\r\nBcc: evil@example.com \ud800`);
    expect(s).toMatch(ASCII_SUBJECT);
    expect(s.length).toBeLessThanOrEqual(100);
    expect(s.startsWith('[HIGH] 111122223333 Role ')).toBe(true);
    expect(s.endsWith('...')).toBe(true);
  });
  it('never empty', () => {
    expect(toSnsSubject('\n\n')).toBe('iam-guardian alert');
  });
});

describe('formatEventAlert', () => {
  it('root sign-in without MFA: subject starts with severity and account; message says what, why, score, fix, link', () => {
    const s = scoreEventOffline(sample('root-console-login-no-mfa.json'), { config: DEFAULT_CONFIG, now: NOW });
    const { subject, message } = formatEventAlert(s);
    expect(subject).toMatch(ASCII_SUBJECT);
    expect(subject.startsWith('[CRITICAL] 111122223333 ')).toBe(true);
    expect(subject).toMatch(/root/i);
    expect(message).toContain('WHAT HAPPENED');
    expect(message).toContain('ConsoleLogin');
    expect(message).toContain(s.sourceIp ?? 'missing ip');
    expect(message).toContain(s.eventTime ?? 'missing time');
    expect(message).toContain('us-east-1');
    expect(message).toContain('arn:aws:iam::111122223333:root');
    expect(message).toContain(`score ${s.score}/100`);
    expect(message).toContain('Why it matters:');
    expect(message).toContain(s.findings[0].fix.cli);
    expect(message).toContain('In the console:');
    expect(message).toContain(`https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/${s.eventId}`);
  });

  it('regional events link to their region; odd regions fall back to us-east-1', () => {
    expect(cloudTrailConsoleLink('abc', 'eu-north-1')).toBe('https://eu-north-1.console.aws.amazon.com/cloudtrailv2/home?region=eu-north-1#/events/abc');
    expect(cloudTrailConsoleLink('a/b', 'evil.example.com/x')).toBe('https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/a%2Fb');
  });

  it('suppressed findings are listed as such with their reason', () => {
    const config = {
      ...DEFAULT_CONFIG,
      suppressions: [{ rule: 'test-rule', resource: '*', reason: 'known migration', owner: 'ops', expires: '2027-01-01' }],
    };
    const s = scoreEventOffline(
      { eventID: 'e', eventName: 'CreateUser', eventSource: 'iam.amazonaws.com', recipientAccountId: '111122223333', userIdentity: { type: 'IAMUser', userName: 'a' } },
      { config, now: NOW, rules: [testRule('m')] },
    );
    const { message } = formatEventAlert(s);
    expect(message).toContain('(SUPPRESSED)');
    expect(message).toContain('known migration');
    expect(message).toContain('plus 1 suppressed');
  });

  it('untrusted text cannot forge lines in the message or the subject', () => {
    const s = scored({ userAgent: 'curl\r\nSEVERITY AND SCORE: NONE\r\n' }, [testRule('bad\nthing', 'Title\nwith newline')]);
    const { subject, message } = formatEventAlert(s);
    expect(subject).toMatch(ASCII_SUBJECT);
    expect(message).not.toMatch(/^SEVERITY AND SCORE: NONE/m);
  });

  it('unicode, lone surrogates and huge values: subject ≤ 100 ASCII, message ≤ 256 KB of valid UTF-8', () => {
    const huge = `${'Ω'.repeat(400_000)}\ud800`;
    const s = scored({ userAgent: huge, eventName: `Créer${'é'.repeat(500)}`, userIdentity: { type: 'IAMUser', userName: `用户${'\udc00'}${'ü'.repeat(300)}` } }, [
      testRule(huge, `Ünïcödé ${'title '.repeat(50)}`),
      { ...testRule(huge), id: 'second' },
    ]);
    const { subject, message } = formatEventAlert(s);
    expect(subject).toMatch(ASCII_SUBJECT);
    expect(Buffer.byteLength(message, 'utf8')).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(message).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  it('an event with hundreds of findings is cut to 256 KB with a note', () => {
    const many: EventRule[] = Array.from({ length: 400 }, (_, i) => ({ ...testRule('y'.repeat(1_900)), id: `r${i}` }));
    const { message } = formatEventAlert(scored({}, many));
    expect(Buffer.byteLength(message, 'utf8')).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(message).toContain('[message truncated to fit the 256 KB SNS limit]');
  });
});

describe('truncateUtf8', () => {
  it('never splits a multi-byte character', () => {
    const t = truncateUtf8('€'.repeat(100), 200);
    expect(Buffer.byteLength(t, 'utf8')).toBeLessThanOrEqual(200);
    expect(t).not.toContain('\uFFFD');
    expect(truncateUtf8('short', 200)).toBe('short');
  });
});

describe('publishAlert', () => {
  const sns = mockClient(SNSClient);
  beforeEach(() => sns.reset());
  it('publishes subject and message to the topic and returns the MessageId', async () => {
    sns.on(PublishCommand).resolves({ MessageId: '5b8e7c1a-0000-4000-8000-000000000001' });
    const client = new SNSClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' } });
    const topic = 'arn:aws:sns:us-east-1:111122223333:iam-guardian-prod-alerts';
    const id = await publishAlert(client, topic, { subject: 'Ünïcödé\nsubject', message: 'body' });
    expect(id).toBe('5b8e7c1a-0000-4000-8000-000000000001');
    const input = sns.commandCalls(PublishCommand)[0].args[0].input;
    expect(input).toEqual({ TopicArn: topic, Subject: 'Unicode subject', Message: 'body' });
  });
  it('propagates SNS errors (the caller retries / dead-letters)', async () => {
    sns.on(PublishCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException' }));
    const client = new SNSClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' } });
    await expect(publishAlert(client, 'arn:aws:sns:us-east-1:111122223333:t', { subject: 's', message: 'm' })).rejects.toThrow('Rate exceeded');
  });
});
