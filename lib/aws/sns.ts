/** SNS publishing of alerts. The subject/message limits are enforced by lib/alerts/format.ts; re-checked here. */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { toSnsSubject, MAX_MESSAGE_BYTES, truncateUtf8 } from '../alerts/format';

export interface AlertText {
  subject: string;
  message: string;
}

/** Publishes one alert; returns the SNS MessageId. Errors propagate (the caller retries / dead-letters). */
export async function publishAlert(client: SNSClient, topicArn: string, alert: AlertText): Promise<string | undefined> {
  const r = await client.send(
    new PublishCommand({
      TopicArn: topicArn,
      Subject: toSnsSubject(alert.subject),
      Message: truncateUtf8(alert.message, MAX_MESSAGE_BYTES),
    }),
  );
  return r.MessageId;
}
