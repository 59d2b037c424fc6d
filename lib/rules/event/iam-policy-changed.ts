/**
 * The CIS 4.4 audit trail: every IAM policy change, recorded at `info` (below the default alert threshold, so no
 * e-mail) for the weekly report's audit section. Other rules judge the same events by content (admin-granted,
 * permissive-policy-change, …); an info finding never raises an event's severity or score (both are the worst
 * finding's).
 */
import type { EventRule } from '../types';
import { baseEvidence, fillFix, lastSegment, objParam, param, requestEntityArn, when } from './_util';

/** The rule whose findings the scorer keeps for the weekly report's audit list even when no alert is sent. */
export const AUDIT_RULE_ID = 'iam-policy-changed';

/** The CIS 4.4 metric filter's event names (CIS AWS Foundations 4.4 / Security Hub CloudWatch.4). */
export const IAM_POLICY_CHANGE_EVENTS = [
  'DeleteGroupPolicy',
  'DeleteRolePolicy',
  'DeleteUserPolicy',
  'PutGroupPolicy',
  'PutRolePolicy',
  'PutUserPolicy',
  'CreatePolicy',
  'DeletePolicy',
  'CreatePolicyVersion',
  'DeletePolicyVersion',
  'SetDefaultPolicyVersion',
  'AttachRolePolicy',
  'DetachRolePolicy',
  'AttachUserPolicy',
  'DetachUserPolicy',
  'AttachGroupPolicy',
  'DetachGroupPolicy',
];

const VERBS: Record<string, string> = {
  DeleteGroupPolicy: 'deleted inline policy',
  DeleteRolePolicy: 'deleted inline policy',
  DeleteUserPolicy: 'deleted inline policy',
  PutGroupPolicy: 'put inline policy',
  PutRolePolicy: 'put inline policy',
  PutUserPolicy: 'put inline policy',
  CreatePolicy: 'created managed policy',
  DeletePolicy: 'deleted managed policy',
  CreatePolicyVersion: 'created a new version of managed policy',
  DeletePolicyVersion: 'deleted a version of managed policy',
  SetDefaultPolicyVersion: 'changed the default version of managed policy',
  AttachRolePolicy: 'attached managed policy',
  DetachRolePolicy: 'detached managed policy',
  AttachUserPolicy: 'attached managed policy',
  DetachUserPolicy: 'detached managed policy',
  AttachGroupPolicy: 'attached managed policy',
  DetachGroupPolicy: 'detached managed policy',
};

export const iamPolicyChanged: EventRule = {
  id: AUDIT_RULE_ID,
  kind: 'event',
  title: 'IAM policy changed (audit trail)',
  severity: 'info',
  guide: 'Monitor changes to IAM policies (CIS 4.4 / Security Hub CloudWatch.4): every create, delete, attach, detach and version change is recorded and reviewed.',
  why: 'Permissions drift one harmless-looking change at a time; the weekly list of every policy change is what lets a person notice a change nobody asked for. Risky changes are also judged (and alerted) by the other rules.',
  fix: {
    console: ['IAM console > Policies (or the user / group / role) > Permissions: check the change is expected; revert it from the policy\'s Versions tab or by detaching it.'],
    cli: 'aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=<event-name> --region us-east-1',
  },
  controls: ['CloudWatch.4', 'CIS-4.4'],
  eventNames: IAM_POLICY_CHANGE_EVENTS,
  evaluate(ev) {
    if (ev.failed || ev.eventSource !== 'iam.amazonaws.com') return [];
    const verb = VERBS[ev.eventName];
    if (!verb) return [];
    const rp = ev.requestParameters;
    const policyName = param(rp, 'policyName');
    const policyArn = param(rp, 'policyArn');
    const created = param(objParam(ev.responseElements, 'policy'), 'arn');
    const policy = policyArn ? lastSegment(policyArn) : (policyName ?? 'unnamed');
    const version = param(rp, 'versionId');
    const holder = ['userName', 'groupName', 'roleName'].map((k) => param(rp, k)).find((x) => x !== undefined);
    const holderKind = param(rp, 'userName') ? 'user' : param(rp, 'groupName') ? 'group' : param(rp, 'roleName') ? 'role' : undefined;
    const target = holder ? ` ${/^Attach/.test(ev.eventName) ? 'to' : /^Put/.test(ev.eventName) ? 'on' : 'from'} ${holderKind} ${holder}` : '';
    const resource = requestEntityArn(ev) ?? created ?? `arn:aws:iam::${ev.account}:policy/${policy}`;
    return [
      {
        resource,
        message: `${ev.actor.display} ${verb} ${policy}${version ? ` (${version})` : ''}${target}${when(ev)}.`,
        evidence: baseEvidence(ev, { policy: policyArn ?? policyName, ...(holder ? { holder: `${holderKind}/${holder}` } : {}) }),
        fix: fillFix(iamPolicyChanged.fix, { 'event-name': ev.eventName }),
      },
    ];
  },
};
