/**
 * Why the benchmark and the fault tests serve the fake account inside the SDK's middleware stack instead of through
 * aws-sdk-client-mock: the mock replaces `send`, so the SDK's retry strategy never sees a throttle.
 */
import { mockClient } from 'aws-sdk-client-mock';
import { GetAccountSummaryCommand, IAMClient, IAMServiceException } from '@aws-sdk/client-iam';

const throttle = () =>
  new IAMServiceException({ name: 'ThrottlingException', $fault: 'client', message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } });

describe('aws-sdk-client-mock and the SDK retry strategy', () => {
  it('a mocked throttle reaches the caller: the mock bypasses the retry middleware', async () => {
    const iam = mockClient(IAMClient);
    iam.on(GetAccountSummaryCommand).rejectsOnce(throttle()).resolves({ SummaryMap: { Users: 1 } });
    const client = new IAMClient({ region: 'us-east-1', maxAttempts: 12, retryMode: 'adaptive' });
    await expect(client.send(new GetAccountSummaryCommand({}))).rejects.toThrow('Rate exceeded');
    expect(iam.calls()).toHaveLength(1);
    iam.restore();
  });
});
