/**
 * The weekly report's S3 archive: store the HTML (server-side encrypted, private) and hand out a presigned GET URL
 * for the e-mail (7 days, the longest a SigV4 presigned URL can live).
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

/** SigV4 presigned URLs are valid for at most 7 days. */
export const MAX_PRESIGN_SECONDS = 604_800;

/** `reports/<account>/<YYYY-MM-DD>.html`: one report per account and day, easy to list and to expire. */
export function reportKey(account: string, now: string): string {
  return `reports/${account}/${now.slice(0, 10)}.html`;
}

export async function archiveReport(s3: S3Client, bucket: string, key: string, html: string): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: html,
      ContentType: 'text/html; charset=utf-8',
      ContentDisposition: 'inline',
      CacheControl: 'private, max-age=0',
      ServerSideEncryption: 'AES256',
    }),
  );
}

export async function presignReportUrl(s3: S3Client, bucket: string, key: string, seconds = MAX_PRESIGN_SECONDS): Promise<string> {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_PRESIGN_SECONDS) {
    throw new RangeError(`presignReportUrl: expiry must be 1..${MAX_PRESIGN_SECONDS} seconds, got ${seconds}`);
  }
  return getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: seconds });
}
