/**
 * Defence evasion: the account's other detective controls switched off — VPC flow logs, Route 53 Resolver query
 * logs, GuardDuty, Security Hub, AWS Config, IAM Access Analyzer. CloudTrail itself is cloudtrail-tampered.
 */
import type { EventRule, RuleHit } from '../types';
import type { Json, NormalizedEvent } from '../../cloudtrail/types';
import type { Fix } from '../../findings/types';
import { baseEvidence, boolParam, fillFix, param, partition, unreadableField, when } from './_util';

interface Disabling {
  source: string;
  /** What was switched off, from the request ("GuardDuty detector 12abc…"); undefined = not a disabling call. */
  describe(ev: NormalizedEvent): { what: string; id?: string } | undefined;
  fix: Fix;
  /** Resource type in the resource's ARN (`<service>:<region>:<account>:<type>/<id>`). */
  type: string;
}

/** Flow log ids anywhere in the request (EC2 writes {DeleteFlowLogsRequest: {FlowLogId: {content, tag}}}). */
function flowLogIds(v: Json | undefined, out: string[] = [], depth = 0): string[] {
  if (out.length >= 50 || depth > 8 || v === null || v === undefined) return out;
  if (typeof v === 'string') {
    if (/^fl-[0-9a-f]{8,17}$/.test(v) && !out.includes(v)) out.push(v);
  } else if (Array.isArray(v)) for (const x of v.slice(0, 200)) flowLogIds(x, out, depth + 1);
  else if (typeof v === 'object') for (const x of Object.values(v).slice(0, 200)) flowLogIds(x, out, depth + 1);
  return out;
}

const rp = (ev: NormalizedEvent, key: string): string | undefined => param(ev.requestParameters, key);

const DISABLING: Record<string, Disabling> = {
  DeleteFlowLogs: {
    type: 'vpc-flow-log',
    source: 'ec2.amazonaws.com',
    describe: (ev) => {
      const ids = flowLogIds(ev.requestParameters);
      return { what: `VPC flow log${ids.length === 1 ? '' : 's'} ${ids.length ? ids.join(', ') : '(ids not recorded)'}`, id: ids[0] };
    },
    fix: {
      console: ['VPC console > Your VPCs > <vpc-id> > Flow logs > Create flow log: Filter All, destination CloudWatch Logs or S3.'],
      cli: 'aws ec2 create-flow-logs --resource-type VPC --resource-ids <vpc-id> --traffic-type ALL --log-destination-type s3 --log-destination <log-bucket-arn> --region <region>',
    },
  },
  DeleteResolverQueryLogConfig: {
    type: 'resolver-query-log-config',
    source: 'route53resolver.amazonaws.com',
    describe: (ev) => ({ what: `Route 53 Resolver query logging configuration ${rp(ev, 'resolverQueryLogConfigId') ?? '(unnamed)'}`, id: rp(ev, 'resolverQueryLogConfigId') }),
    fix: {
      console: ['Route 53 console > Resolver > Query logging > Configure query logging: choose a destination and the VPCs to log.'],
      cli: 'aws route53resolver create-resolver-query-log-config --name dns-query-logs --destination-arn <log-destination-arn> --region <region>',
    },
  },
  DisassociateResolverQueryLogConfig: {
    type: 'resolver-query-log-config',
    source: 'route53resolver.amazonaws.com',
    describe: (ev) => ({
      what: `Route 53 Resolver query logging ${rp(ev, 'resolverQueryLogConfigId') ?? '(unnamed)'} for ${rp(ev, 'resourceId') ?? 'a VPC'}`,
      id: rp(ev, 'resolverQueryLogConfigId'),
    }),
    fix: {
      console: ['Route 53 console > Resolver > Query logging > <config-id> > Add VPC.'],
      cli: 'aws route53resolver associate-resolver-query-log-config --resolver-query-log-config-id <config-id> --resource-id <vpc-id> --region <region>',
    },
  },
  DeleteDetector: {
    type: 'detector',
    source: 'guardduty.amazonaws.com',
    describe: (ev) => ({ what: `GuardDuty detector ${rp(ev, 'detectorId') ?? '(unnamed)'} (all GuardDuty findings of the region)`, id: rp(ev, 'detectorId') }),
    fix: { console: ['GuardDuty console (this region) > Get started > Enable GuardDuty.'], cli: 'aws guardduty create-detector --enable --region <region>' },
  },
  UpdateDetector: {
    type: 'detector',
    source: 'guardduty.amazonaws.com',
    // `enable` is optional (absent: the detector's state is unchanged). Present but not a readable boolean (null, a
    // number, a list, an object, another string): the call may have suspended it, and is reported as possibly so.
    describe: (ev) => {
      const enable = boolParam(ev.requestParameters, 'enable');
      const id = rp(ev, 'detectorId');
      if (enable === false) return { what: `GuardDuty detector ${id ?? '(unnamed)'} (suspended)`, id };
      if (enable === undefined && ev.requestParameters.enable !== undefined)
        return { what: `GuardDuty detector ${id ?? '(unnamed)'} (possibly suspended: ${unreadableField(ev.requestParameters, 'enable')}, not true or false)`, id };
      return undefined;
    },
    fix: { console: ['GuardDuty console (this region) > Settings > Suspend GuardDuty: choose "Re-enable GuardDuty".'], cli: 'aws guardduty update-detector --detector-id <detector-id> --enable --region <region>' },
  },
  DisassociateFromAdministratorAccount: {
    type: 'detector',
    source: 'guardduty.amazonaws.com',
    describe: (ev) => ({ what: `the GuardDuty link to the administrator account (detector ${rp(ev, 'detectorId') ?? 'unnamed'}: the security team no longer sees this account's findings)`, id: rp(ev, 'detectorId') }),
    fix: {
      console: ['Ask the GuardDuty administrator account to invite this account again, then GuardDuty console > Accounts > Accept the invitation.'],
      cli: 'aws guardduty accept-administrator-invitation --detector-id <detector-id> --administrator-id <administrator-account-id> --invitation-id <invitation-id> --region <region>',
    },
  },
  DeleteAnalyzer: {
    type: 'analyzer',
    source: 'access-analyzer.amazonaws.com',
    describe: (ev) => ({ what: `IAM Access Analyzer analyzer ${rp(ev, 'analyzerName') ?? '(unnamed)'}`, id: rp(ev, 'analyzerName') }),
    fix: {
      console: ['IAM console > Access analyzer > Analyzer settings > Create analyzer (zone of trust: this account or the organization).'],
      cli: 'aws accessanalyzer create-analyzer --analyzer-name <analyzer-name> --type ACCOUNT --region <region>',
    },
  },
  DisableSecurityHub: {
    type: 'hub',
    source: 'securityhub.amazonaws.com',
    describe: () => ({ what: 'AWS Security Hub (its findings and standards checks in this region)' }),
    fix: { console: ['Security Hub console (this region) > Go to Security Hub > Enable Security Hub.'], cli: 'aws securityhub enable-security-hub --enable-default-standards --region <region>' },
  },
  StopConfigurationRecorder: {
    type: 'configuration-recorder',
    source: 'config.amazonaws.com',
    describe: (ev) => ({ what: `AWS Config recording (recorder ${rp(ev, 'configurationRecorderName') ?? '(unnamed)'} stopped)`, id: rp(ev, 'configurationRecorderName') }),
    fix: { console: ['AWS Config console (this region) > Settings > Recording is off: choose "Turn on".'], cli: 'aws configservice start-configuration-recorder --configuration-recorder-name <recorder-name> --region <region>' },
  },
  DeleteConfigurationRecorder: {
    type: 'configuration-recorder',
    source: 'config.amazonaws.com',
    describe: (ev) => ({ what: `AWS Config recorder ${rp(ev, 'configurationRecorderName') ?? '(unnamed)'} (deleted)`, id: rp(ev, 'configurationRecorderName') }),
    fix: {
      console: ['AWS Config console (this region) > Settings > Edit: record all resource types, including global resources (IAM), then turn recording on.'],
      cli: 'aws configservice put-configuration-recorder --configuration-recorder name=<recorder-name>,roleARN=<config-role-arn> --recording-group allSupported=true,includeGlobalResourceTypes=true --region <region> && aws configservice start-configuration-recorder --configuration-recorder-name <recorder-name> --region <region>',
    },
  },
  DeleteDeliveryChannel: {
    type: 'delivery-channel',
    source: 'config.amazonaws.com',
    describe: (ev) => ({ what: `AWS Config delivery channel ${rp(ev, 'deliveryChannelName') ?? '(unnamed)'} (configuration history is no longer delivered)`, id: rp(ev, 'deliveryChannelName') }),
    fix: {
      console: ['AWS Config console (this region) > Settings > Edit > Delivery method: choose the S3 bucket, then Save.'],
      cli: 'aws configservice put-delivery-channel --delivery-channel name=<channel-name>,s3BucketName=<config-bucket> --region <region>',
    },
  },
};
DISABLING.DisassociateFromMasterAccount = { ...DISABLING.DisassociateFromAdministratorAccount };

const PLACEHOLDER: Record<string, string> = {
  DeleteResolverQueryLogConfig: 'config-id',
  DisassociateResolverQueryLogConfig: 'config-id',
  UpdateDetector: 'detector-id',
  DisassociateFromAdministratorAccount: 'detector-id',
  DisassociateFromMasterAccount: 'detector-id',
  DeleteAnalyzer: 'analyzer-name',
  StopConfigurationRecorder: 'recorder-name',
  DeleteConfigurationRecorder: 'recorder-name',
  DeleteDeliveryChannel: 'channel-name',
};

export const LOGGING_DISABLED_EVENTS = Object.keys(DISABLING);

export const loggingDisabled: EventRule = {
  id: 'logging-disabled',
  kind: 'event',
  title: 'Flow logs, DNS query logs, GuardDuty, Security Hub, Config or Access Analyzer switched off',
  severity: 'medium',
  guide:
    'Keep the detective controls on in every region you use: VPC flow logs (EC2.6), GuardDuty (GuardDuty.1), AWS Config recording (Config.1) and IAM Access Analyzer, and alert on AWS Config changes (CIS 4.9 / CloudWatch.9).',
  why: 'Switching off the sensors that would see the next step (network flows, DNS lookups, GuardDuty threat findings, configuration history) is a classic defence-evasion move before exfiltration or persistence; it rarely happens by accident.',
  fix: DISABLING.StopConfigurationRecorder.fix,
  controls: ['CloudWatch.9', 'CIS-4.9', 'Config.1', 'EC2.6', 'GuardDuty.1'],
  eventNames: LOGGING_DISABLED_EVENTS,
  evaluate(ev) {
    if (ev.failed) return [];
    const d = DISABLING[ev.eventName];
    if (!d || d.source !== ev.eventSource) return [];
    const what = d.describe(ev);
    if (!what) return [];
    const region = ev.awsRegion ?? 'us-east-1';
    const service = ev.eventSource.split('.')[0];
    const resource = `arn:${partition(ev)}:${service}:${region}:${ev.account}:${d.type}/${what.id ?? (d.type === 'hub' ? 'default' : 'unknown')}`;
    const key = PLACEHOLDER[ev.eventName];
    const hit: RuleHit = {
      resource: what.id || d.type === 'hub' ? resource : ev.account,
      message: `${ev.actor.display} switched off ${what.what} in ${region}${when(ev)}.`,
      evidence: baseEvidence(ev, { disabled: what.what }),
      fix: fillFix(d.fix, { region, ...(key ? { [key]: what.id } : {}) }),
    };
    return [hit];
  },
};
