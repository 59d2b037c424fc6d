/** Config `alerts`: validated at deploy time (schema), carried to the functions (IAM_GUARDIAN_CONFIG), defaults filled. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigDetailed } from '../../lib/config/load';
import { configFromEnv, encodeConfigEnv } from '../../lib/config/env';

function load(yaml: string) {
  const dir = mkdtempSync(join(tmpdir(), 'chat-config-'));
  writeFileSync(join(dir, 'iam-guardian.config.yaml'), yaml);
  return loadConfigDetailed({ file: 'iam-guardian.config.yaml', cwd: dir });
}

const VALID = `alerts:
  email: { severities: [critical, high] }
  chat: { severities: [critical], weeklySummary: false }
  webhooks:
    - name: pager
      parameter: /iam-guardian/webhooks/pager
      severities: [critical]
      timeoutSeconds: 3
      retries: 1
`;

it('a valid alerts block resolves with defaults filled and reaches the functions unchanged', () => {
  const { config, user } = load(VALID);
  expect(config.alerts).toEqual({
    email: { severities: ['critical', 'high'] },
    chat: { severities: ['critical'], weeklySummary: false },
    webhooks: [{ name: 'pager', parameter: '/iam-guardian/webhooks/pager', severities: ['critical'], weeklySummary: false, timeoutSeconds: 3, retries: 1 }],
  });
  expect(configFromEnv({ IAM_GUARDIAN_CONFIG: encodeConfigEnv(user) }).alerts).toEqual(config.alerts);
});

it.each([
  ['a parameter outside /iam-guardian/', VALID.replace('/iam-guardian/webhooks/pager', '/other/pager'), /parameter/],
  ['a webhook without its parameter', 'alerts:\n  webhooks:\n    - name: pager\n', /parameter/],
  ['an unknown severity', 'alerts:\n  chat: { severities: [urgent] }\n', /severit|urgent|allowed values/i],
  ['a timeout over 10 s', VALID.replace('timeoutSeconds: 3', 'timeoutSeconds: 60'), /timeoutSeconds/],
  ['an unknown key', 'alerts:\n  slack: { channel: C123 }\n', /slack/],
])('refused: %s', (_what, yaml, message) => {
  expect(() => load(yaml)).toThrow(message);
});
