/**
 * Alerts in chat in the packaged template (offline `serverless package`): the chat topic encrypted with the stack's
 * key, the key statement that lets AWS Chatbot read it, the channel configurations (only with their ids) with the
 * read-only guardrail and a role that can do nothing, and the functions' permissions and environment.
 */
import { packaged, type CfnTemplate } from './packaged';
import { created, list, resolve, roleStatements, TEST_ACCOUNT } from './cfn';
import { CHAT, CHAT_PARAMS } from './chat-params';

jest.setTimeout(600_000);

let plain: CfnTemplate;
let withChat: CfnTemplate;

beforeAll(async () => {
  plain = (await packaged()).template;
  withChat = (await packaged({ args: CHAT_PARAMS })).template;
});

type Props = Record<string, unknown>;
const props = (t: CfnTemplate, id: string): Props => resolve(t, t.Resources[id].Properties) as Props;

describe('chat topic', () => {
  it('exists in every deployment, encrypted with the stack key (or the given key)', () => {
    expect(plain.Resources.ChatTopic.Type).toBe('AWS::SNS::Topic');
    expect(created(plain, 'ChatTopic')).toBe(true);
    expect(plain.Resources.ChatTopic.Properties.KmsMasterKeyId).toEqual(plain.Resources.AlertTopic.Properties.KmsMasterKeyId);
    expect(props(plain, 'ChatTopic').TopicName).toBe('iam-guardian-prod-chat');
    expect(plain.Outputs?.ChatTopicArn).toBeDefined();
  });

  it('the key policy lets AWS Chatbot decrypt the chat topic only (encryption context of that topic)', () => {
    const policy = props(plain, 'AlertsKey').KeyPolicy as { Statement: Props[] };
    const st = policy.Statement.find((s) => s.Sid === 'ChatbotReadsEncryptedChatTopic');
    expect(st).toMatchObject({ Effect: 'Allow', Principal: { Service: 'chatbot.amazonaws.com' }, Resource: '*' });
    expect(st?.Action).toEqual(expect.arrayContaining(['kms:Decrypt']));
    expect(st?.Condition).toEqual({
      StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': `arn:aws:sns:us-east-1:${TEST_ACCOUNT}:iam-guardian-prod-chat` },
    });
  });

  it('the scorer and the weekly report may publish to it and read webhook URLs under /iam-guardian/ only', () => {
    for (const role of ['ChangeScorerRole', 'WeeklyReportRole']) {
      const sts = roleStatements(plain, role);
      const publish = sts.find((s) => list(s.Action).includes('sns:Publish'));
      expect(list(publish?.Resource)).toEqual(expect.arrayContaining([`arn:aws:sns:us-east-1:${TEST_ACCOUNT}:iam-guardian-prod-chat`]));
      const ssm = sts.filter((s) => list(s.Action).some((a) => a.startsWith('ssm:')));
      expect(ssm).toHaveLength(1);
      expect(list(ssm[0].Action)).toEqual(['ssm:GetParameter']);
      expect(list(ssm[0].Resource)).toEqual([`arn:aws:ssm:us-east-1:${TEST_ACCOUNT}:parameter/iam-guardian/*`]);
    }
  });

  it('the two functions know the chat topic and the failure queue', () => {
    for (const fn of ['ChangeScorerLambdaFunction', 'WeeklyReportLambdaFunction']) {
      const env = (props(plain, fn).Environment as { Variables: Props }).Variables;
      expect(env.CHAT_TOPIC_ARN).toBe(`arn:aws:sns:us-east-1:${TEST_ACCOUNT}:iam-guardian-prod-chat`);
      expect(String(env.FAILURE_QUEUE_URL)).toMatch(/iam-guardian-prod-function-failures$/);
    }
  });
});

describe('channel configurations', () => {
  it('without the ids: only the topic (no channel, no Chatbot role)', () => {
    for (const id of ['SlackChannelConfiguration', 'TeamsChannelConfiguration', 'ChatbotChannelRole']) {
      expect(plain.Resources[id]).toBeDefined();
      expect(created(plain, id)).toBe(false);
    }
  });

  it('with the ids: Slack and Teams configurations on the chat topic, read-only guardrail, logging of errors', () => {
    expect(created(withChat, 'SlackChannelConfiguration')).toBe(true);
    expect(created(withChat, 'TeamsChannelConfiguration')).toBe(true);
    const slack = props(withChat, 'SlackChannelConfiguration');
    const teams = props(withChat, 'TeamsChannelConfiguration');
    expect(withChat.Resources.SlackChannelConfiguration.Type).toBe('AWS::Chatbot::SlackChannelConfiguration');
    expect(withChat.Resources.TeamsChannelConfiguration.Type).toBe('AWS::Chatbot::MicrosoftTeamsChannelConfiguration');
    expect(slack).toMatchObject({ SlackWorkspaceId: CHAT.slackWorkspaceId, SlackChannelId: CHAT.slackChannelId });
    expect(teams).toMatchObject({ TeamsTenantId: CHAT.teamsTenantId, TeamId: CHAT.teamsTeamId, TeamsChannelId: CHAT.teamsChannelId });
    for (const c of [slack, teams]) {
      expect(c.SnsTopicArns).toEqual([`arn:aws:sns:us-east-1:${TEST_ACCOUNT}:iam-guardian-prod-chat`]);
      expect(c.GuardrailPolicies).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess']);
      expect(c.LoggingLevel).toBe('ERROR');
      expect(c.UserRoleRequired).toBe(false);
      expect(c.IamRoleArn).toBe(`arn:aws:iam::${TEST_ACCOUNT}:role/iam-guardian-prod-chatbot-channel`);
      expect(String(c.ConfigurationName)).toMatch(/^[A-Za-z0-9-_]{1,128}$/);
    }
  });

  it("the channel role is trusted by AWS Chatbot only and has no permission (the guardrail caps the channel's)", () => {
    const role = props(withChat, 'ChatbotChannelRole');
    expect(role.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'chatbot.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    expect(role.Policies).toBeUndefined();
    expect(role.ManagedPolicyArns).toBeUndefined();
    const attached = Object.values(withChat.Resources).filter(
      (r) => (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') && JSON.stringify(r.Properties).includes('ChatbotChannelRole'),
    );
    expect(attached).toEqual([]);
  });

  it('a configuration needs all of its ids (only Slack ids: Slack alone; a Teams id missing: no Teams)', () => {
    const t = structuredClone(withChat);
    const params = t.Parameters ?? {};
    params.TeamsChannelId.Default = '';
    expect(created(t, 'SlackChannelConfiguration')).toBe(true);
    expect(created(t, 'TeamsChannelConfiguration')).toBe(false);
    expect(created(t, 'ChatbotChannelRole')).toBe(true);
    params.SlackChannelId.Default = '';
    expect(created(t, 'SlackChannelConfiguration')).toBe(false);
    expect(created(t, 'ChatbotChannelRole')).toBe(false);
  });
});
