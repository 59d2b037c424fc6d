import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { archiveReport, presignReportUrl, reportKey } from '../../lib/aws/report-archive';

describe('report archive in S3', () => {
  test('archiveReport puts the HTML privately, encrypted, as text/html', async () => {
    const s3 = new S3Client({ region: 'us-east-1' });
    const mock = mockClient(s3);
    mock.on(PutObjectCommand).resolves({ ETag: '"abc"', ServerSideEncryption: 'AES256' });
    await archiveReport(s3, 'iam-guardian-reports-123456789012', 'reports/123456789012/2026-11-30.html', '<!DOCTYPE html><p>x</p>');
    expect(mock).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'iam-guardian-reports-123456789012',
      Key: 'reports/123456789012/2026-11-30.html',
      Body: '<!DOCTYPE html><p>x</p>',
      ContentType: 'text/html; charset=utf-8',
      ServerSideEncryption: 'AES256',
    });
    const input = mock.commandCalls(PutObjectCommand)[0].args[0].input;
    expect(input.ACL).toBeUndefined();
  });

  test('archiveReport passes S3 errors on (the caller decides)', async () => {
    const s3 = new S3Client({ region: 'us-east-1' });
    mockClient(s3)
      .on(PutObjectCommand)
      .rejects(new S3ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 }, message: 'Access Denied' }));
    await expect(archiveReport(s3, 'b', 'k', 'x')).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  test('presignReportUrl: a SigV4 GET URL valid 7 days, signed offline with static credentials', async () => {
    const s3 = new S3Client({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    });
    const url = new URL(await presignReportUrl(s3, 'iam-guardian-reports-123456789012', 'reports/123456789012/2026-11-30.html'));
    expect(url.protocol).toBe('https:');
    expect(url.hostname).toBe('iam-guardian-reports-123456789012.s3.us-east-1.amazonaws.com');
    expect(url.pathname).toBe('/reports/123456789012/2026-11-30.html');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('604800');
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-east-1\/s3\/aws4_request$/);
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  test('presignReportUrl refuses an expiry SigV4 cannot honour', async () => {
    const s3 = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' } });
    await expect(presignReportUrl(s3, 'b', 'k', 604_801)).rejects.toThrow(/1\.\.604800/);
    await expect(presignReportUrl(s3, 'b', 'k', 0)).rejects.toThrow();
    const short = new URL(await presignReportUrl(s3, 'b', 'k', 3600));
    expect(short.searchParams.get('X-Amz-Expires')).toBe('3600');
  });

  test('reportKey: one object per account and day', () => {
    expect(reportKey('123456789012', '2026-11-30T07:00:00Z')).toBe('reports/123456789012/2026-11-30.html');
  });
});
