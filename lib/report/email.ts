/**
 * The weekly report e-mail exactly as the weekly-report function publishes it: the report text with the link to the
 * archived HTML, then the durable way to the same file. A presigned link dies with the credentials that signed it (the
 * function's role session lasts hours, not the link's 7 days), so the e-mail always names the S3 object too.
 */
import type { WeeklyReport } from './model';
import { renderReportText } from './text';
import { fillCommand } from '../text/escape';

export function weeklyReportEmail(report: WeeklyReport, archive: { htmlUrl: string; bucket: string; key: string }): { subject: string; message: string } {
  const rendered = renderReportText(report, { htmlUrl: archive.htmlUrl });
  return {
    subject: rendered.subject,
    message: `${rendered.message}\n\nIf the link no longer opens, fetch the archived report with your own credentials:\n  ${fillCommand('aws s3 cp <object> ./iam-guardian-report.html', { object: `s3://${archive.bucket}/${archive.key}` })}\n`,
  };
}
