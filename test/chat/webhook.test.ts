/**
 * Webhook delivery against a local HTTPS server on loopback whose self-signed certificate (generated here) is trusted
 * by this test only (passed as `ca` per request; TLS verification is never turned off): success, 5xx then success,
 * timeouts, 4xx (not retried) to the failure queue, the deadline bound, and the refusals (http://, plain String
 * parameter, an untrusted certificate).
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { mockClient } from 'aws-sdk-client-mock';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { postWebhook, checkWebhookUrl, WebhookUrlError } from '../../lib/chat/webhook';
import { createExtraDeliveries } from '../../lib/aws/chat-delivery';
import { DELIVERY_FAILURE_KIND } from '../../lib/aws/delivery-failures';
import { readSecureParameter, ParameterError } from '../../lib/aws/ssm';
import type { WebhookSpec } from '../../lib/config/types';
import type { ChatNotification } from '../../lib/chat/notification';

jest.setTimeout(60_000);

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

let server: Server;
let base: string;
let ca: string;
let handlers: Handler[] = [];
let received: { body: string; headers: IncomingMessage['headers'] }[] = [];
const held: ServerResponse[] = [];

beforeAll(async () => {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] }],
  });
  ca = pems.cert;
  server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      received.push({ body, headers: req.headers });
      const h = handlers.shift() ?? ((_q, _b, r) => r.writeHead(200).end('ok'));
      h(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const r of held) r.destroy();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

beforeEach(() => {
  handlers = [];
  received = [];
});

const ok: Handler = (_q, _b, r) => void r.writeHead(204).end();
const status = (code: number): Handler => (_q, _b, r) => void r.writeHead(code).end(`status ${code}`);
const hang: Handler = (_q, _b, r) => void held.push(r);
const fast = { backoffMs: 10, random: () => 0 };

describe('postWebhook', () => {
  it('success: one JSON POST, 2xx, one attempt', async () => {
    handlers = [ok];
    const body = JSON.stringify({ hello: 'world' });
    const r = await postWebhook({ name: 'w', url: `${base}/hook?token=secret`, timeoutMs: 2000, retries: 2 }, body, { ...fast, ca });
    expect(r).toMatchObject({ name: 'w', ok: true, status: 204 });
    expect(r.attempts).toHaveLength(1);
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0].body)).toEqual({ hello: 'world' });
    expect(received[0].headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.stringify(r)).not.toContain('secret');
  });

  it('5xx then success: retried with backoff, delivered on the second attempt', async () => {
    handlers = [status(503), ok];
    const r = await postWebhook({ name: 'w', url: base, timeoutMs: 2000, retries: 2 }, '{}', { ...fast, ca });
    expect(r.ok).toBe(true);
    expect(r.attempts.map((a) => a.status)).toEqual([503, 204]);
    expect(received).toHaveLength(2);
  });

  it('timeout then success: the hung attempt is abandoned after its timeout, the retry delivers', async () => {
    handlers = [hang, ok];
    const r = await postWebhook({ name: 'w', url: base, timeoutMs: 300, retries: 1 }, '{}', { ...fast, ca });
    expect(r.ok).toBe(true);
    expect(r.attempts[0]).toMatchObject({ error: 'timed out after 300 ms' });
    expect(r.attempts[1]).toMatchObject({ status: 204 });
  });

  it('timeouts every time: not delivered after 1 + retries attempts', async () => {
    handlers = [hang, hang, hang];
    const r = await postWebhook({ name: 'w', url: base, timeoutMs: 200, retries: 2 }, '{}', { ...fast, ca });
    expect(r.ok).toBe(false);
    expect(r.attempts).toHaveLength(3);
    expect(r.reason).toBe('timed out after 200 ms after 3 attempt(s)');
  });

  it('4xx: final, not retried (429 and 408 are retried)', async () => {
    handlers = [status(400)];
    const r = await postWebhook({ name: 'w', url: base, timeoutMs: 2000, retries: 3 }, '{}', { ...fast, ca });
    expect(r).toMatchObject({ ok: false, status: 400, reason: 'HTTP 400 (not retried)' });
    expect(received).toHaveLength(1);
    handlers = [status(429), status(408), ok];
    expect((await postWebhook({ name: 'w', url: base, timeoutMs: 2000, retries: 3 }, '{}', { ...fast, ca })).attempts.map((a) => a.status)).toEqual([429, 408, 204]);
  });

  it('a redirect is not followed (the body would go elsewhere)', async () => {
    handlers = [(_q, _b, r) => void r.writeHead(302, { location: 'https://elsewhere.example/' }).end()];
    const r = await postWebhook({ name: 'w', url: base, timeoutMs: 2000, retries: 2 }, '{}', { ...fast, ca });
    expect(r).toMatchObject({ ok: false, status: 302 });
    expect(received).toHaveLength(1);
  });

  it('the whole delivery is bounded by the deadline (hang detection bound, not a timing test)', async () => {
    handlers = [hang, hang, hang, hang];
    const started = Date.now();
    const r = await postWebhook({ name: 'w', url: base, timeoutMs: 10_000, retries: 3 }, '{}', { ...fast, ca, deadlineMs: 400 });
    expect(r.ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it('the test CA is needed: without it the self-signed certificate is refused (verification stays on)', async () => {
    handlers = [ok, ok, ok];
    const r = await postWebhook({ name: 'w', url: base, timeoutMs: 2000, retries: 0 }, '{}', { backoffMs: 10 });
    expect(r.ok).toBe(false);
    expect(r.attempts[0].error).toMatch(/SELF_SIGNED|CERT|UNABLE_TO_VERIFY/);
    expect(received).toHaveLength(0);
  });

  it('only https:// URLs; the URL never appears in the error', async () => {
    expect(() => checkWebhookUrl('pager', 'http://hooks.example/abc?token=s3cret')).toThrow(WebhookUrlError);
    expect(() => checkWebhookUrl('pager', 'not a url s3cret')).toThrow('webhook pager: the URL in its parameter is not a valid URL');
    const r = await postWebhook({ name: 'pager', url: 'http://hooks.example/abc?token=s3cret', timeoutMs: 100, retries: 2 }, '{}');
    expect(r).toMatchObject({ ok: false, attempts: [] });
    expect(r.reason).toContain('only https://');
    expect(r.reason).not.toContain('s3cret');
  });
});

// One mock per client class for the whole file (a second mockClient of the same class replaces the first).
const ssm = mockClient(SSMClient);
const sqs = mockClient(SQSClient);
const sns = mockClient(SNSClient);
afterEach(() => {
  ssm.reset();
  sqs.reset();
  sns.reset();
});

describe('readSecureParameter', () => {
  it('returns the decrypted SecureString, asking for decryption', async () => {
    ssm.on(GetParameterCommand, { Name: '/iam-guardian/webhooks/a', WithDecryption: true }).resolves({ Parameter: { Name: '/iam-guardian/webhooks/a', Type: 'SecureString', Value: 'https://x.example/h', Version: 1 } });
    await expect(readSecureParameter(new SSMClient({}), '/iam-guardian/webhooks/a')).resolves.toBe('https://x.example/h');
  });
  it('refuses a plain String parameter without showing its value', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: '/iam-guardian/webhooks/a', Type: 'String', Value: 'https://x.example/h?t=s3cret', Version: 1 } });
    const err = await readSecureParameter(new SSMClient({}), '/iam-guardian/webhooks/a').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParameterError);
    expect(String(err)).toContain('not a SecureString');
    expect(String(err)).not.toContain('s3cret');
  });
});

describe('createExtraDeliveries: chat topic and webhooks after the e-mail', () => {
  const hook = (over: Partial<WebhookSpec> = {}): WebhookSpec => ({ name: 'pager', parameter: '/iam-guardian/webhooks/pager', severities: ['critical'], weeklySummary: false, timeoutSeconds: 1, retries: 1, ...over });
  const chat: ChatNotification = { version: '1.0', source: 'custom', content: { textType: 'client-markdown', title: 't', description: 'd' } };
  const QUEUE = 'https://sqs.us-east-1.amazonaws.com/111122223333/iam-guardian-prod-function-failures';

  function deliveries(url: string) {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: '/iam-guardian/webhooks/pager', Type: 'SecureString', Value: url, Version: 1 } });
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    sns.on(PublishCommand).resolves({ MessageId: 'chat-1' });
    return createExtraDeliveries({
      sns: new SNSClient({}),
      chatTopicArn: 'arn:aws:sns:us-east-1:111122223333:iam-guardian-prod-chat',
      ssm: new SSMClient({}),
      sqs: new SQSClient({}),
      failureQueueUrl: QUEUE,
      webhookOptions: { ...fast, ca },
      now: () => '2026-12-05T02:00:00.000Z',
    });
  }

  it('delivered: the chat notification to the chat topic, the webhook body once; nothing queued; URL read once per container', async () => {
    handlers = [ok, ok];
    const d = deliveries(`${base}/hook`);
    const out = await d.deliver({ email: true, chat: true, webhooks: [hook()] }, { chat, webhook: { a: 1 }, subject: 'event e-1' });
    expect(out).toMatchObject({ chat: { ok: true, messageId: 'chat-1' }, recorded: 0 });
    expect(out.webhooks[0].ok).toBe(true);
    expect(JSON.parse(sns.commandCalls(PublishCommand)[0].args[0].input.Message ?? '')).toEqual(chat);
    expect(sns.commandCalls(PublishCommand)[0].args[0].input.TopicArn).toBe('arn:aws:sns:us-east-1:111122223333:iam-guardian-prod-chat');
    await d.deliver({ email: true, chat: false, webhooks: [hook()] }, { chat, webhook: { a: 2 }, subject: 'event e-2' });
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(1);
    expect(received.map((x) => JSON.parse(x.body))).toEqual([{ a: 1 }, { a: 2 }]);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });

  it('4xx: not retried, recorded in the failure queue with the body it could not deliver', async () => {
    handlers = [status(410)];
    const d = deliveries(`${base}/gone`);
    const out = await d.deliver({ email: true, chat: false, webhooks: [hook({ retries: 3 })] }, { chat, webhook: { eventId: 'e-1' }, subject: 'event e-1' });
    expect(out.webhooks[0]).toMatchObject({ ok: false, status: 410 });
    expect(out.recorded).toBe(1);
    expect(received).toHaveLength(1);
    const sent = sqs.commandCalls(SendMessageCommand)[0].args[0].input;
    expect(sent.QueueUrl).toBe(QUEUE);
    expect(JSON.parse(sent.MessageBody ?? '')).toEqual({
      kind: DELIVERY_FAILURE_KIND,
      version: 1,
      channel: 'webhook',
      target: 'pager',
      reason: 'HTTP 410 (not retried)',
      attempts: 1,
      status: 410,
      subject: 'event e-1',
      time: '2026-12-05T02:00:00.000Z',
      body: '{"eventId":"e-1"}',
    });
  });

  it('retries exhausted (5xx every time) and a failed chat publish: both recorded, nothing thrown', async () => {
    handlers = [status(500), status(502)];
    const d = deliveries(base);
    sns.on(PublishCommand).rejects(Object.assign(new Error('KMS key disabled'), { name: 'KMSDisabledException' }));
    const out = await d.deliver({ email: true, chat: true, webhooks: [hook({ retries: 1 })] }, { chat, webhook: {}, subject: 'event e-3' });
    expect(out.chat).toEqual({ ok: false, error: 'KMSDisabledException: KMS key disabled' });
    expect(out.webhooks[0]).toMatchObject({ ok: false, reason: 'HTTP 502 after 2 attempt(s)' });
    expect(out.recorded).toBe(2);
    const bodies = sqs.commandCalls(SendMessageCommand).map((c) => JSON.parse(c.args[0].input.MessageBody ?? '') as { channel: string });
    expect(bodies.map((b) => b.channel).sort()).toEqual(['chat', 'webhook']);
  });

  it('an unreadable URL parameter (AccessDenied) and a failing queue: logged, never thrown', async () => {
    const d = deliveries(base);
    ssm.on(GetParameterCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    sqs.on(SendMessageCommand).rejects(new Error('queue gone'));
    const log = { warn: jest.fn(), error: jest.fn() };
    const d2 = createExtraDeliveries({ sns: new SNSClient({}), ssm: new SSMClient({}), sqs: new SQSClient({}), failureQueueUrl: QUEUE, webhookOptions: { ...fast, ca }, log });
    void d;
    const out = await d2.deliver({ email: true, chat: true, webhooks: [hook()] }, { chat, webhook: {}, subject: 'event e-4' });
    expect(out.chat).toBeUndefined(); // no chat topic configured: nothing posted
    expect(out.webhooks[0].reason).toBe('its URL could not be read: AccessDeniedException: not authorized');
    expect(out.recorded).toBe(0);
    expect(log.error).toHaveBeenCalledWith('failed delivery not recorded in the failure queue', expect.objectContaining({ target: 'pager' }));
  });
});
