/** Reading a CloudTrail archive in S3: list the log objects under a prefix, fetch one object's bytes. */
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { tooLarge } from '../io/bounded-read';
import { oneLine } from '../text/escape';
import { AwsResponseError } from './errors';

export interface ArchiveObject {
  key: string;
  size: number;
}

export async function* listArchiveObjects(s3: S3Client, bucket: string, prefix: string): AsyncGenerator<ArchiveObject> {
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) {
      if (o.Key && /\.json(\.gz)?$|\.gz$/i.test(o.Key)) yield { key: o.Key, size: o.Size ?? 0 };
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

/** One object's bytes; refuses (without reading the body) an object whose ContentLength is above `limit`. */
export async function getObjectBytes(s3: S3Client, bucket: string, key: string, limit = Number.POSITIVE_INFINITY): Promise<Uint8Array> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!out.Body) throw new AwsResponseError('GetObject', `s3://${oneLine(bucket, 63)}/${oneLine(key, 1024)} has no body`);
  if (out.ContentLength !== undefined && out.ContentLength > limit) {
    const body = out.Body as { destroy?: () => void };
    body.destroy?.();
    throw tooLarge('the object', limit);
  }
  const bytes = await out.Body.transformToByteArray();
  // A private copy, so its buffer can be transferred to a worker thread.
  return new Uint8Array(bytes);
}
