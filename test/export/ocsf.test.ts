import fc from 'fast-check';
import { fromOcsf, toOcsf, OcsfImportError, type OcsfFinding } from '../../lib/export/ocsf';
import { PRODUCT_VERSION } from '../../lib/export/common';
import pkg from '../../package.json';
import { arbFinding, eventFinding, postureFinding, ACCOUNT } from './fixtures';

/**
 * Structural check against OCSF 1.3.0: attributes the schema marks `required` for the class and its objects
 * (base_event, finding, compliance_finding / detection_finding, metadata, product, finding_info, compliance, cloud
 * profile), their types and the enum values of the ids.
 */
function ocsfProblems(o: Record<string, unknown>): string[] {
  const p: string[] = [];
  const isInt = (v: unknown) => Number.isInteger(v);
  const obj = (v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
  for (const k of ['activity_id', 'category_uid', 'class_uid', 'severity_id', 'time', 'type_uid']) if (!isInt(o[k])) p.push(`${k} must be an integer`);
  if (o.category_uid !== 2) p.push('category_uid must be 2 (Findings)');
  if (o.class_uid !== 2003 && o.class_uid !== 2004) p.push('class_uid must be 2003 or 2004');
  if (![0, 1, 2, 3, 99].includes(o.activity_id as number)) p.push('activity_id must be 0-3 or 99');
  if (o.type_uid !== (o.class_uid as number) * 100 + (o.activity_id as number)) p.push('type_uid must be class_uid*100+activity_id');
  if (![0, 1, 2, 3, 4, 5, 6, 99].includes(o.severity_id as number)) p.push('severity_id out of enum');
  if (![0, 1, 2, 3, 4, 99].includes(o.status_id as number)) p.push('status_id out of enum');
  if (o.status_id === 99 && typeof o.status !== 'string') p.push('status must label status_id 99');
  if ((o.time as number) < 1e12) p.push('time must be milliseconds since the epoch');
  const md = obj(o.metadata);
  if (!md) p.push('metadata required');
  else {
    if (typeof md.version !== 'string' || !/^1\.\d+\.\d+$/.test(md.version)) p.push('metadata.version must be an OCSF 1.x version');
    const prod = obj(md.product);
    if (!prod || typeof prod.vendor_name !== 'string') p.push('metadata.product.vendor_name required');
    if (!prod || typeof prod.name !== 'string') p.push('metadata.product.name expected');
  }
  const fi = obj(o.finding_info);
  if (!fi) p.push('finding_info required');
  else {
    if (typeof fi.uid !== 'string' || fi.uid === '') p.push('finding_info.uid required');
    if (typeof fi.title !== 'string') p.push('finding_info.title required');
    for (const k of ['created_time', 'first_seen_time', 'last_seen_time']) if (fi[k] !== undefined && !isInt(fi[k])) p.push(`finding_info.${k} must be an integer`);
  }
  const cloud = obj(o.cloud);
  if (!cloud || typeof cloud.provider !== 'string') p.push('cloud.provider required (cloud profile)');
  if (o.class_uid === 2003) {
    const c = obj(o.compliance);
    if (!c) p.push('compliance required for Compliance Finding');
    else {
      if (!Array.isArray(c.standards) || c.standards.length === 0) p.push('compliance.standards required');
      if (![0, 1, 2, 3, 99].includes(c.status_id as number)) p.push('compliance.status_id out of enum');
    }
  }
  if (o.resources !== undefined) {
    if (!Array.isArray(o.resources)) p.push('resources must be an array');
    else for (const r of o.resources) if (!obj(r) || typeof (r as Record<string, unknown>).uid !== 'string') p.push('resources[].uid expected');
  }
  return p;
}

describe('toOcsf', () => {
  it('posture finding → Compliance Finding 2003 with every required attribute', () => {
    const o = toOcsf(postureFinding(), { region: 'us-east-1' });
    expect(ocsfProblems(o as unknown as Record<string, unknown>)).toEqual([]);
    expect(o).toMatchObject({
      category_uid: 2,
      class_uid: 2003,
      activity_id: 2,
      type_uid: 200302,
      severity_id: 3,
      severity: 'Medium',
      time: Date.parse('2026-11-29T03:00:09.000Z'),
      status_id: 99,
      status: 'Open',
      metadata: { version: '1.3.0', product: { name: 'iam-guardian', vendor_name: 'iam-guardian', version: pkg.version } },
      finding_info: {
        uid: postureFinding().uid,
        title: 'Access key not rotated in 90 days',
        first_seen_time: Date.parse('2026-10-02T03:00:12.000Z'),
        last_seen_time: Date.parse('2026-11-29T03:00:09.000Z'),
      },
      compliance: {
        control: 'IAM.3',
        requirements: ['AWS Foundational Security Best Practices v1.0.0/IAM.3', 'CIS AWS Foundations Benchmark v3.0.0/1.14'],
        standards: ['AWS Foundational Security Best Practices v1.0.0', 'CIS AWS Foundations Benchmark v3.0.0'],
        status: 'Fail',
        status_id: 3,
      },
      resources: [{ uid: `arn:aws:iam::${ACCOUNT}:user/alice`, type: 'AwsIamUser', cloud_partition: 'aws', region: 'us-east-1' }],
      cloud: { provider: 'AWS', region: 'us-east-1', account: { uid: ACCOUNT } },
    });
    expect(o.remediation.desc).toContain('aws iam update-access-key --user-name alice');
    expect(PRODUCT_VERSION).toBe(pkg.version);
  });

  it('event finding → Detection Finding 2004 (Create), without a compliance object', () => {
    const o = toOcsf(eventFinding());
    expect(ocsfProblems(o as unknown as Record<string, unknown>)).toEqual([]);
    expect(o.class_uid).toBe(2004);
    expect(o.activity_id).toBe(1);
    expect(o.type_uid).toBe(200401);
    expect(o.severity_id).toBe(4);
    expect(o.status_id).toBe(1);
    expect(o.compliance).toBeUndefined();
    expect(o.time).toBe(Date.parse('2026-11-29T10:15:00Z'));
  });

  it('suppressed → status_id 3 with the reason; resolved → Close, compliance Pass, end_time', () => {
    const s = toOcsf(
      postureFinding({ status: 'suppressed', suppression: { reason: 'Break-glass user', owner: 'sec', expires: '2027-01-31', rule: '*', resource: '*' } }),
    );
    expect(s.status_id).toBe(3);
    expect(s.status).toBe('Suppressed');
    expect(s.status_detail).toBe('Suppressed: Break-glass user (owner sec), until 2027-01-31');
    const r = toOcsf(postureFinding({ status: 'resolved', resolvedAt: '2026-11-30T03:00:00.000Z' }));
    expect([r.activity_id, r.type_uid, r.status_id, r.compliance?.status_id, r.end_time]).toEqual([3, 200303, 4, 1, Date.parse('2026-11-30T03:00:00.000Z')]);
  });

  it('severity_id follows info 1, low 2, medium 3, high 4, critical 5', () => {
    const ids = (['info', 'low', 'medium', 'high', 'critical'] as const).map((severity) => toOcsf(postureFinding({ severity })).severity_id);
    expect(ids).toEqual([1, 2, 3, 4, 5]);
  });

  it('round trip: fromOcsf(JSON(toOcsf(f))) deep-equals f, and every output is structurally valid (property)', () => {
    fc.assert(
      fc.property(arbFinding, (f) => {
        const o = toOcsf(f, { region: 'eu-west-1' });
        expect(ocsfProblems(o as unknown as Record<string, unknown>)).toEqual([]);
        const back = fromOcsf(JSON.parse(JSON.stringify(o)) as OcsfFinding);
        expect(back).toStrictEqual(f);
      }),
      { numRuns: 300 },
    );
  });

  it('fromOcsf names what is missing in foreign OCSF', () => {
    const o = toOcsf(postureFinding()) as unknown as Record<string, unknown>;
    expect(() => fromOcsf({ ...o, unmapped: undefined } as unknown as OcsfFinding)).toThrow(OcsfImportError);
    expect(() => fromOcsf({ ...o, class_uid: 2001 } as unknown as OcsfFinding)).toThrow('class_uid 2001 is neither 2003 nor 2004');
  });
});
