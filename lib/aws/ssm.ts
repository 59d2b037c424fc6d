/** SSM Parameter Store reads: the webhooks' URLs, kept as SecureString parameters (never in the config or the stack). */
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';

export class ParameterError extends Error {
  constructor(readonly parameter: string, problem: string) {
    super(`SSM parameter ${parameter}: ${problem}`);
    this.name = 'ParameterError';
  }
}

/**
 * The decrypted value of a SecureString parameter. A plain String (or StringList) parameter is refused: a webhook URL
 * usually carries a token, and storing it in clear text is the mistake this check names. Errors of the call propagate
 * (AccessDenied, ParameterNotFound); the value never appears in an error.
 */
export async function readSecureParameter(client: SSMClient, name: string): Promise<string> {
  const r = await client.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
  const p = r.Parameter;
  if (!p || typeof p.Value !== 'string') throw new ParameterError(name, 'the response has no value');
  if (p.Type !== 'SecureString') throw new ParameterError(name, `is a ${p.Type ?? 'parameter of unknown type'}, not a SecureString (aws ssm put-parameter --type SecureString --overwrite ...)`);
  return p.Value;
}
