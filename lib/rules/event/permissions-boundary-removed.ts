import type { EventRule } from '../types';
import { baseEvidence, fillFix, iamArn, param, when } from './_util';

export const permissionsBoundaryRemoved: EventRule = {
  id: 'permissions-boundary-removed',
  kind: 'event',
  title: 'Permissions boundary removed',
  severity: 'medium',
  guide: 'Grant least privilege: a permissions boundary caps what a user or role can ever do. Removing it is a known privilege-escalation step (DeleteUserPermissionsBoundary / DeleteRolePermissionsBoundary).',
  why: 'With the boundary gone, the user or role immediately gets everything its policies allow, which the boundary was there to stop. Removing one\'s own boundary is self-escalation.',
  fix: {
    console: [
      'Confirm the change was planned.',
      'IAM console > Users (or Roles) > <name> > Permissions boundary > Set boundary, and choose the boundary policy again.',
    ],
    cli: 'aws iam put-<kind>-permissions-boundary --<kind>-name <name> --permissions-boundary <boundary-policy-arn>',
  },
  controls: [],
  eventNames: ['DeleteUserPermissionsBoundary', 'DeleteRolePermissionsBoundary'],
  evaluate(ev) {
    const kind = ev.eventName === 'DeleteUserPermissionsBoundary' ? 'user' : ev.eventName === 'DeleteRolePermissionsBoundary' ? 'role' : undefined;
    if (!kind || ev.failed) return [];
    const name = param(ev.requestParameters, kind === 'user' ? 'userName' : 'roleName');
    if (!name) return []; // normalisation records the missing name as a problem (unparseable-event)
    const lc = name.toLowerCase();
    const self = kind === 'user' ? ev.actor.type === 'IAMUser' && ev.actor.userName?.toLowerCase() === lc : ev.actor.type === 'AssumedRole' && ev.actor.roleName?.toLowerCase() === lc;
    return [
      {
        resource: iamArn(ev, kind, name),
        severity: self ? 'high' : 'medium',
        message: `${ev.actor.display} removed the permissions boundary of IAM ${kind} ${name}${self ? ' (its own: self-escalation)' : ''}${ev.sourceIp ? ` from ${ev.sourceIp}` : ''}${when(ev)}.`,
        evidence: baseEvidence(ev, { target: name, targetKind: kind, self }),
        fix: fillFix(permissionsBoundaryRemoved.fix, { kind, name }),
      },
    ];
  },
};
