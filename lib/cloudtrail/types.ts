/** A CloudTrail record after normalisation: every field that can be absent, null or {} has a safe value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface Actor {
  /** userIdentity.type: Root, IAMUser, AssumedRole, AWSService, AWSAccount, FederatedUser, SAMLUser, WebIdentityUser, IdentityCenterUser, Unknown. */
  type: string;
  arn?: string;
  accountId?: string;
  principalId?: string;
  /** IAM user name for IAMUser; for Root it may hold the account alias. */
  userName?: string;
  /** For AssumedRole: the issuing role's name and ARN (sessionContext.sessionIssuer). */
  roleName?: string;
  roleArn?: string;
  sessionName?: string;
  /** userIdentity.invokedBy (a service acting for the principal). */
  invokedBy?: string;
  /** sessionContext.attributes.mfaAuthenticated === 'true'. */
  mfaAuthenticated?: boolean;
  /** Centralized root access (sts:AssumeRoot) session. */
  assumedRoot: boolean;
  /** IAM Identity Center role (AWSReservedSSO_*, /aws-reserved/sso.amazonaws.com/). */
  isSso: boolean;
  /** Service-linked role (/aws-service-role/). */
  isServiceLinked: boolean;
  /** A short human label: "root", "IAM user alice", "role Deployer (session bob)". */
  display: string;
}

export interface NormalizedEvent {
  /** detail.eventID (deduplication key); a synthetic id when absent (recorded in problems). */
  eventId: string;
  eventName: string;
  eventSource: string;
  eventTime?: string;
  eventType?: string;
  awsRegion?: string;
  /** recipientAccountId ?? envelope account ?? userIdentity.accountId ?? 'unknown'. */
  account: string;
  sourceIp?: string;
  userAgent?: string;
  readOnly?: boolean;
  actor: Actor;
  errorCode?: string;
  errorMessage?: string;
  /** The call failed (errorCode present, or ConsoleLogin Failure). */
  failed: boolean;
  /** Always objects (null / absent / non-object → {}). */
  requestParameters: JsonObject;
  responseElements: JsonObject;
  additionalEventData: JsonObject;
  /** The record as received (bare CloudTrail record). */
  record: JsonObject;
  envelope?: { id?: string; detailType?: string; source?: string; time?: string; region?: string; account?: string };
  /** What could not be read (field: problem); non-empty problems yield the `unparseable-event` finding. */
  problems: string[];
}
