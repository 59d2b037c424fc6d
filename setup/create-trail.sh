#!/usr/bin/env bash
# A CloudTrail trail in one command, for an account that has none: an S3 bucket (private, encrypted, with the bucket
# policy CloudTrail needs to write to it), a multi-region trail logging management events, logging started.
# Usage: bash setup/create-trail.sh [--profile NAME] [--name TRAIL]    (AWS CLI v2; credentials allowed to create
# an S3 bucket and a trail, e.g. your administrator user — not root). Region: us-east-1, the trail's home region.
set -euo pipefail
PROFILE_ARGS=()
TRAIL=iam-guardian-trail
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) PROFILE_ARGS=(--profile "$2"); shift 2 ;;
    --name) TRAIL="$2"; shift 2 ;;
    *) echo "usage: $0 [--profile NAME] [--name TRAIL]" >&2; exit 1 ;;
  esac
done
aws() { command aws "${PROFILE_ARGS[@]}" --region us-east-1 "$@"; }

ACCOUNT=$(aws sts get-caller-identity --query Account --output text)
BUCKET="cloudtrail-logs-${ACCOUNT}-us-east-1"
TRAIL_ARN="arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/${TRAIL}"
echo "account ${ACCOUNT}: bucket ${BUCKET}, trail ${TRAIL}"

if ! aws s3api head-bucket --bucket "$BUCKET" 2>/dev/null; then
  aws s3api create-bucket --bucket "$BUCKET" >/dev/null   # us-east-1 takes no LocationConstraint
fi
aws s3api put-public-access-block --bucket "$BUCKET" \
  --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
# CloudTrail checks the bucket ACL, then writes under AWSLogs/<account>/; both only for this trail (aws:SourceArn).
aws s3api put-bucket-policy --bucket "$BUCKET" --policy "$(cat <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "AWSCloudTrailAclCheck", "Effect": "Allow", "Principal": { "Service": "cloudtrail.amazonaws.com" },
      "Action": "s3:GetBucketAcl", "Resource": "arn:aws:s3:::${BUCKET}",
      "Condition": { "StringEquals": { "aws:SourceArn": "${TRAIL_ARN}" } } },
    { "Sid": "AWSCloudTrailWrite", "Effect": "Allow", "Principal": { "Service": "cloudtrail.amazonaws.com" },
      "Action": "s3:PutObject", "Resource": "arn:aws:s3:::${BUCKET}/AWSLogs/${ACCOUNT}/*",
      "Condition": { "StringEquals": { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": "${TRAIL_ARN}" } } },
    { "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
      "Resource": ["arn:aws:s3:::${BUCKET}", "arn:aws:s3:::${BUCKET}/*"],
      "Condition": { "Bool": { "aws:SecureTransport": "false" } } }
  ]
}
POLICY
)"

if ! aws cloudtrail get-trail --name "$TRAIL" >/dev/null 2>&1; then
  aws cloudtrail create-trail --name "$TRAIL" --s3-bucket-name "$BUCKET" --is-multi-region-trail --enable-log-file-validation >/dev/null
fi
aws cloudtrail start-logging --name "$TRAIL"
# Management events, read and write (the default for a new trail; set explicitly so a re-run repairs a narrowed one).
aws cloudtrail put-event-selectors --trail-name "$TRAIL" \
  --event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true}]' >/dev/null
aws cloudtrail get-trail-status --name "$TRAIL" --query '{IsLogging: IsLogging, LatestDeliveryTime: LatestDeliveryTime}'
echo "done: look for \"IsLogging\": true above (LatestDeliveryTime appears after the first delivery, within about 15 minutes)"
