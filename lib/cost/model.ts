/**
 * Monthly cost model of one iam-guardian stack (us-east-1 list prices, without the AWS Free Tier unless asked).
 * Pure arithmetic over stated assumptions, so the README's cost table is computed, not typed in.
 */
export const PRICES = {
  asOf: '2026-11',
  region: 'us-east-1',
  lambdaPerMillionRequests: 0.2,
  /** arm64 */
  lambdaPerGbSecond: 0.0000133334,
  /** AWS management events on the default bus: ingestion free; delivery to targets in the same account free. */
  eventBridgePerMillion: 0,
  snsPerMillionPublishes: 0.5,
  snsPerHundredThousandEmails: 2.0,
  dynamoPerMillionWrites: 0.625,
  dynamoPerMillionReads: 0.125,
  dynamoPerGbMonth: 0.25,
  s3PerGbMonth: 0.023,
  s3PerThousandPuts: 0.005,
  kmsPerKeyMonth: 1.0,
  /**
   * Automatic rotation (yearly, on in our keys): the first and the second rotation each add $1 a month per key, later
   * rotations nothing (AWS price change of April 2024). So a key costs $1, $2, then $3 a month in years 1, 2, 3+.
   */
  kmsPerRotationMonth: 1.0,
  kmsBilledRotations: 2,
  kmsPerTenThousandRequests: 0.03,
  /**
   * Standard-resolution alarm, per alarm metric: an alarm on one metric costs $0.10, a metric-math alarm $0.10 for
   * each metric it reads (https://aws.amazon.com/cloudwatch/pricing/; the Free Tier counts "10 alarm metrics").
   */
  cloudwatchPerAlarmMonth: 0.1,
  logsPerGbIngested: 0.5,
  sqsPerMillionRequests: 0.4,
} as const;

export interface Workload {
  name: string;
  users: number;
  roles: number;
  /** Events a day that the EventBridge rules deliver to the scorer. */
  eventsPerDay: number;
  /** Share of delivered events that send an e-mail. */
  alertShare: number;
  /** Findings the nightly sweep writes (changed findings only are rewritten; bounded by the account size). */
  findings: number;
  sweepSeconds: number;
  sweepMemoryMb: number;
  scorerMs: number;
  scorerMemoryMb: number;
  /** CloudWatch alarms in the stack (informational: billing is per alarm metric). */
  alarms: number;
  /** Metrics the alarms read (one per single-metric alarm, each MetricStat of a metric-math alarm): what is billed. */
  alarmMetrics: number;
  /** Customer-managed KMS keys the stack creates (1, for both topics; 0 with --param snsKmsKeyArn). */
  kmsKeys: number;
  /** Years since the keys were created (rotation adds cost in years 2 and 3); 0 = the first year. */
  keyAgeYears?: number;
}

/** Monthly price of one customer-managed key with yearly rotation, `ageYears` after its creation. */
export function kmsKeyMonthly(ageYears: number): number {
  const rotations = Math.min(Math.max(0, Math.floor(ageYears)), PRICES.kmsBilledRotations);
  return PRICES.kmsPerKeyMonth + rotations * PRICES.kmsPerRotationMonth;
}

export interface CostLine {
  item: string;
  usage: string;
  usd: number;
}

const DAYS = 30;

export function monthlyCost(w: Workload): { lines: CostLine[]; total: number } {
  const p = PRICES;
  const events = w.eventsPerDay * DAYS;
  const alerts = Math.ceil(events * w.alertShare) + DAYS /* nightly notes at most */ + 4 /* weekly reports */;
  const sweeps = DAYS;
  const reports = 4;
  const invocations = events + sweeps + reports;
  const gbSeconds =
    events * (w.scorerMemoryMb / 1024) * (w.scorerMs / 1000) + sweeps * (w.sweepMemoryMb / 1024) * w.sweepSeconds + reports * 0.5 * 5;
  // Scorer: idempotency record put + update, plus one alert record per alert; sweep: changed findings + summary.
  const writes = events * 2 + alerts + sweeps * (Math.ceil(w.findings * 0.1) + 1);
  const reads = sweeps * w.findings + reports * (w.findings + 100);
  const logGb = (invocations * 2 * 1024) / 2 ** 30;
  const lines: CostLine[] = [
    { item: 'Lambda requests', usage: `${invocations.toLocaleString('en-US')} invocations`, usd: (invocations / 1e6) * p.lambdaPerMillionRequests },
    { item: 'Lambda compute (arm64)', usage: `${Math.round(gbSeconds).toLocaleString('en-US')} GB-s`, usd: gbSeconds * p.lambdaPerGbSecond },
    { item: 'EventBridge (AWS management events)', usage: `${events.toLocaleString('en-US')} events`, usd: (events / 1e6) * p.eventBridgePerMillion },
    { item: 'SNS publishes', usage: `${alerts.toLocaleString('en-US')} publishes`, usd: (alerts / 1e6) * p.snsPerMillionPublishes },
    { item: 'SNS e-mail deliveries', usage: `${alerts.toLocaleString('en-US')} e-mails`, usd: (alerts / 1e5) * p.snsPerHundredThousandEmails },
    { item: 'DynamoDB on-demand writes', usage: `${writes.toLocaleString('en-US')} WRU`, usd: (writes / 1e6) * p.dynamoPerMillionWrites },
    { item: 'DynamoDB on-demand reads', usage: `${reads.toLocaleString('en-US')} RRU`, usd: (reads / 1e6) * p.dynamoPerMillionReads },
    { item: 'DynamoDB storage', usage: '< 0.1 GB', usd: 0.1 * p.dynamoPerGbMonth * Math.min(1, (w.findings + events * 0.01) / 1e5) },
    { item: 'S3 report archive', usage: `${reports} puts, < 10 MB`, usd: (reports / 1000) * p.s3PerThousandPuts + 0.01 * p.s3PerGbMonth },
    {
      item: 'KMS',
      usage: w.kmsKeys > 0 ? `${w.kmsKeys} key${w.kmsKeys === 1 ? '' : 's'}${w.keyAgeYears ? ` (year ${Math.floor(w.keyAgeYears) + 1})` : ''}, ${alerts.toLocaleString('en-US')} requests` : `existing key, ${alerts.toLocaleString('en-US')} requests`,
      usd: w.kmsKeys * kmsKeyMonthly(w.keyAgeYears ?? 0) + (alerts / 1e4) * p.kmsPerTenThousandRequests,
    },
    {
      item: 'CloudWatch alarms',
      usage: `${w.alarms} alarms, ${w.alarmMetrics} alarm metrics`,
      usd: w.alarmMetrics * p.cloudwatchPerAlarmMonth,
    },
    { item: 'CloudWatch Logs ingestion', usage: `${(logGb * 1024).toFixed(1)} MB`, usd: logGb * p.logsPerGbIngested },
    { item: 'SQS (DLQs, usually empty)', usage: '< 1,000 requests', usd: (1000 / 1e6) * p.sqsPerMillionRequests },
  ];
  const total = lines.reduce((a, l) => a + l.usd, 0);
  return { lines, total };
}

/** The part of the bill that does not depend on usage: the keys (with their rotation charges) and the alarms. */
export function fixedMonthly(w: Workload): number {
  return w.kmsKeys * kmsKeyMonthly(w.keyAgeYears ?? 0) + w.alarmMetrics * PRICES.cloudwatchPerAlarmMonth;
}

export const SMALL: Workload = {
  name: 'small (50 users, 100 roles, 100 IAM events a day)',
  users: 50,
  roles: 100,
  eventsPerDay: 100,
  alertShare: 0.02,
  findings: 40,
  sweepSeconds: 5,
  sweepMemoryMb: 1024,
  scorerMs: 150,
  scorerMemoryMb: 512,
  alarms: 3,
  alarmMetrics: 5,
  kmsKeys: 1,
};

/** The small account deployed with an existing key (`--param snsKmsKeyArn=…`). */
export const SMALL_OWN_KEY: Workload = { ...SMALL, name: 'small, with an existing KMS key (--param snsKmsKeyArn)', kmsKeys: 0 };

export const QUOTA_MAX: Workload = {
  name: 'quota maximum (5,000 users, 5,000 roles, 10,000 events a day)',
  users: 5000,
  roles: 5000,
  eventsPerDay: 10_000,
  alertShare: 0.01,
  findings: 20_000,
  sweepSeconds: 30,
  sweepMemoryMb: 1024,
  scorerMs: 150,
  scorerMemoryMb: 512,
  alarms: 3,
  alarmMetrics: 5,
  kmsKeys: 1,
};

export function costTableMarkdown(w: Workload): string {
  const { lines, total } = monthlyCost(w);
  const rows = lines.map((l) => `| ${l.item} | ${l.usage} | $${l.usd.toFixed(4)} |`);
  return [`**${w.name}**`, '', '| item | usage a month | USD |', '|---|---|---|', ...rows, `| **total** | | **$${total.toFixed(2)}** |`].join('\n');
}

// ---------------------------------------------------------------- Organizations mode (central stack + member stacks)

export const ORG_PRICES = {
  /** Step Functions Standard workflows: per 1,000 state transitions (Distributed Map child executions included). */
  stepFunctionsPerThousandTransitions: 0.025,
  /** EventBridge: events a member account's rules put on the central account's bus (cross-account delivery). */
  eventBridgeCrossAccountPerMillion: 1.0,
} as const;

export interface OrgWorkload {
  name: string;
  accounts: number;
  /** Each member account's activity (events a day, findings, sweep duration) — `SMALL` by default. */
  perAccount: Workload;
  /**
   * The central stack's alarm metrics: the single-account five, the org sweep's failed-executions alarm and the
   * FailedInvocations of the two org-bus direct tamper rules.
   */
  alarmMetrics: number;
  kmsKeys: number;
}

/**
 * State transitions of one org sweep run: the parent's three states (list, map, aggregate) plus the map run itself,
 * and per child execution its start and its one Task state. Retries would add one each (not modelled: rare).
 */
export function orgRunTransitions(accounts: number): number {
  return 4 + 2 * accounts;
}

export function orgMonthlyCost(o: OrgWorkload): { lines: CostLine[]; total: number } {
  const p = PRICES;
  const w = o.perAccount;
  const n = o.accounts;
  const events = w.eventsPerDay * DAYS * n;
  const runs = DAYS;
  const alerts = Math.ceil(events * w.alertShare) + runs /* nightly digest */ + 4 /* weekly report */;
  const workerRuns = runs * n;
  const invocations = events + runs * (n + 2) + 4 + runs /* the central account's own nightly sweep */;
  const gbSeconds =
    events * (w.scorerMemoryMb / 1024) * (w.scorerMs / 1000) +
    workerRuns * (w.sweepMemoryMb / 1024) * w.sweepSeconds +
    runs * (w.sweepMemoryMb / 1024) * w.sweepSeconds +
    runs * 0.5 * (2 + n * 0.02) /* list (pages of 20) and aggregate (one history query per account) */ +
    4 * 1 * (5 + n * 0.2) /* weekly report: a page per account */;
  const transitions = runs * orgRunTransitions(n);
  // Per account and night: changed findings + sweep summary + the run record twice (pending, then its result).
  const writes = events * 2 + alerts + workerRuns * (Math.ceil(w.findings * 0.1) + 3) + runs;
  const reads = workerRuns * (w.findings + 2) + runs * n * 2 + 4 * n * (w.findings + 100);
  const logGb = (invocations * 2 * 1024) / 2 ** 30;
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  const lines: CostLine[] = [
    { item: 'Lambda requests', usage: `${fmt(invocations)} invocations`, usd: (invocations / 1e6) * p.lambdaPerMillionRequests },
    { item: 'Lambda compute (arm64)', usage: `${fmt(gbSeconds)} GB-s`, usd: gbSeconds * p.lambdaPerGbSecond },
    {
      item: 'Step Functions (Standard, Distributed Map)',
      usage: `${fmt(transitions)} state transitions (${fmt(workerRuns)} child executions)`,
      usd: (transitions / 1000) * ORG_PRICES.stepFunctionsPerThousandTransitions,
    },
    { item: 'EventBridge cross-account events', usage: `${fmt(events)} events to the central bus`, usd: (events / 1e6) * ORG_PRICES.eventBridgeCrossAccountPerMillion },
    { item: 'SNS publishes', usage: `${fmt(alerts)} publishes`, usd: (alerts / 1e6) * p.snsPerMillionPublishes },
    { item: 'SNS e-mail deliveries', usage: `${fmt(alerts)} e-mails`, usd: (alerts / 1e5) * p.snsPerHundredThousandEmails },
    { item: 'DynamoDB on-demand writes', usage: `${fmt(writes)} WRU`, usd: (writes / 1e6) * p.dynamoPerMillionWrites },
    { item: 'DynamoDB on-demand reads', usage: `${fmt(reads)} RRU`, usd: (reads / 1e6) * p.dynamoPerMillionReads },
    { item: 'DynamoDB storage', usage: `${((n * (w.findings + 60) * 2048) / 2 ** 30).toFixed(2)} GB`, usd: ((n * (w.findings + 60) * 2048) / 2 ** 30) * p.dynamoPerGbMonth },
    { item: 'S3 (reports, map items and results)', usage: `${fmt(4 * (n + 1) + runs * 3)} puts`, usd: ((4 * (n + 1) + runs * 3) / 1000) * p.s3PerThousandPuts + 0.01 * p.s3PerGbMonth },
    {
      item: 'KMS',
      usage: `${o.kmsKeys} key, ${fmt(alerts)} requests`,
      usd: o.kmsKeys * kmsKeyMonthly(0) + (alerts / 1e4) * p.kmsPerTenThousandRequests,
    },
    { item: 'CloudWatch alarms', usage: `${o.alarmMetrics} alarm metrics`, usd: o.alarmMetrics * p.cloudwatchPerAlarmMonth },
    { item: 'CloudWatch Logs ingestion', usage: `${(logGb * 1024).toFixed(1)} MB`, usd: logGb * p.logsPerGbIngested },
  ];
  return { lines, total: lines.reduce((a, l) => a + l.usd, 0) };
}

/** The central stack in Organizations mode over `accounts` small accounts (SMALL's activity each). */
export function orgWorkload(accounts: number): OrgWorkload {
  return {
    name: `Organizations mode, ${accounts.toLocaleString('en-US')} accounts (each: ${SMALL.eventsPerDay} IAM events a day, nightly sweep of ${SMALL.sweepSeconds} s)`,
    accounts,
    perAccount: SMALL,
    alarmMetrics: SMALL.alarmMetrics + 3,
    kmsKeys: 1,
  };
}

export const ORG_SIZES = [10, 100, 1000] as const;

export function orgCostTableMarkdown(o: OrgWorkload): string {
  const { lines, total } = orgMonthlyCost(o);
  const rows = lines.map((l) => `| ${l.item} | ${l.usage} | $${l.usd.toFixed(4)} |`);
  return [
    `**${o.name}**`,
    '',
    '| item | usage a month | USD |',
    '|---|---|---|',
    ...rows,
    `| **total** | | **$${total.toFixed(2)}** (**$${(total / o.accounts).toFixed(3)}** per account) |`,
  ].join('\n');
}

/** The summary row per organization size. */
export function orgSummaryMarkdown(sizes: readonly number[] = ORG_SIZES): string {
  const rows = sizes.map((n) => {
    const { lines, total } = orgMonthlyCost(orgWorkload(n));
    const by = (item: string) => lines.find((l) => l.item.startsWith(item))?.usd ?? 0;
    return `| ${n.toLocaleString('en-US')} | $${by('Lambda requests').toFixed(2)} + $${by('Lambda compute').toFixed(2)} | $${by('Step Functions').toFixed(2)} | $${by('EventBridge cross-account').toFixed(2)} | $${(by('DynamoDB on-demand writes') + by('DynamoDB on-demand reads') + by('DynamoDB storage')).toFixed(2)} | $${(by('SNS publishes') + by('SNS e-mail')).toFixed(2)} | $${by('KMS').toFixed(2)} | **$${total.toFixed(2)}** |`;
  });
  return ['| accounts | Lambda (requests + compute) | Step Functions | EventBridge cross-account | DynamoDB | SNS | KMS | total a month |', '|---|---|---|---|---|---|---|---|', ...rows].join('\n');
}
