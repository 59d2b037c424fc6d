/**
 * Before a command reads the account: can the SDK's default credential chain (or --profile) produce credentials? If
 * not, say so first (lib/guide/credentials.ts), before any collector runs or any AWS client is built.
 */
import type { CliIo } from './io';
import { missingCredentialsText, type MissingCredentials } from '../guide/credentials';
import { thrownText } from '../text/error-text';

export async function haveCredentials(io: CliIo, m: Omit<MissingCredentials, 'reason'>): Promise<boolean> {
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
  try {
    await fromNodeProviderChain(m.profile ? { profile: m.profile } : {})();
    return true;
  } catch (err) {
    const reason = thrownText(err).split('\n')[0].slice(0, 300);
    io.err(missingCredentialsText({ ...m, reason }));
    io.fail();
    return false;
  }
}
