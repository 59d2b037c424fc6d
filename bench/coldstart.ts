/**
 * Lambda cold-start proxy. For each function of the packaged stack (`serverless package`): the bundle's size, and the
 * time from `require` of the bundle to the end of one successful invocation in a fresh Node process (median of 15;
 * 5 with --quick; Node's own start-up is not included), against a reference bundle
 * built in the same run with the same esbuild settings that holds only the AWS SDK clients that function calls and
 * makes one call with each (the floor for a function that must call them). AWS is a loopback stand-in (fake-aws.ts).
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, existsSync, statSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { startFakeAws } from './fake-aws';

const ROOT = resolve(__dirname, '..');
const execFileAsync = promisify(execFile);

export interface ColdStart {
  function: string;
  bundleBytes: number;
  zipBytes: number;
  loadMs: number;
  baselineMs: number;
  ratio: number;
  clients: string[];
  invocation: string;
}

/** One representative call per client, for the reference bundle. */
const ONE_CALL: Record<string, { client: string; command: string; input: string }> = {
  'client-iam': { client: 'IAMClient', command: 'GetAccountSummaryCommand', input: '{}' },
  'client-sns': { client: 'SNSClient', command: 'PublishCommand', input: '{TopicArn:"arn:aws:sns:us-east-1:111122223333:t",Message:"m"}' },
  'client-dynamodb': { client: 'DynamoDBClient', command: 'GetItemCommand', input: '{TableName:"t",Key:{pk:{S:"a"},sk:{S:"b"}}}' },
  'client-cloudtrail': { client: 'CloudTrailClient', command: 'DescribeTrailsCommand', input: '{}' },
  'client-accessanalyzer': { client: 'AccessAnalyzerClient', command: 'ListAnalyzersCommand', input: '{}' },
  'client-s3': { client: 'S3Client', command: 'PutObjectCommand', input: '{Bucket:"b",Key:"k",Body:"x"}' },
  'client-sts': { client: 'STSClient', command: 'GetCallerIdentityCommand', input: '{}' },
  'client-eventbridge': { client: 'EventBridgeClient', command: 'ListRulesCommand', input: '{}' },
  'client-sqs': { client: 'SQSClient', command: 'ListQueuesCommand', input: '{}' },
  'client-securityhub': { client: 'SecurityHubClient', command: 'GetEnabledStandardsCommand', input: '{}' },
  'client-lambda': { client: 'LambdaClient', command: 'ListFunctionsCommand', input: '{}' },
};

const ESBUILD = {
  bundle: true,
  minify: true,
  keepNames: true,
  platform: 'node' as const,
  target: 'node22',
  format: 'cjs' as const,
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The AWS SDK clients a function's bundle pulls in, from esbuild's metafile of its entry. */
async function clientsOf(entry: string): Promise<string[]> {
  const out = await build({ ...ESBUILD, entryPoints: [join(ROOT, entry)], write: false, metafile: true, logLevel: 'silent' });
  const clients = new Set<string>();
  for (const input of Object.keys(out.metafile!.inputs)) {
    const m = /node_modules\/@aws-sdk\/(client-[a-z0-9-]+)\//.exec(input);
    if (m && ONE_CALL[m[1]]) clients.add(m[1]);
  }
  return [...clients].sort();
}

async function referenceBundle(clients: string[], dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const lines = clients.map((c, i) => {
    const { client } = ONE_CALL[c];
    return `const m${i} = require('@aws-sdk/${c}');\nconst c${i} = new m${i}.${client}({});`;
  });
  const calls = clients.map((c, i) => `c${i}.send(new m${i}.${ONE_CALL[c].command}(${ONE_CALL[c].input})).catch(() => undefined)`);
  const src = `${lines.join('\n')}\nexports.handler = async () => { await Promise.all([${calls.join(', ')}]); return 'ok'; };\n`;
  const entry = join(dir, 'reference-entry.js');
  writeFileSync(entry, src);
  const outfile = join(dir, 'reference.js');
  await build({ ...ESBUILD, entryPoints: [entry], outfile, logLevel: 'silent', nodePaths: [join(ROOT, 'node_modules')] });
  return outfile;
}

const DRIVER = `
const { performance } = require('node:perf_hooks');
const [file, exportName, eventJson] = process.argv.slice(1);
const t0 = performance.now();
const mod = require(file);
const context = { awsRequestId: 'bench-' + process.pid, functionName: 'bench', functionVersion: '$LATEST', memoryLimitInMB: '512',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:bench', logGroupName: 'g', logStreamName: 's',
  getRemainingTimeInMillis: () => 30000, callbackWaitsForEmptyEventLoop: true };
Promise.resolve().then(() => mod[exportName](JSON.parse(eventJson), context)).then(
  () => 'ok', (e) => 'error: ' + (e && e.name ? e.name : String(e))).then((outcome) => {
  process.stdout.write(JSON.stringify({ ms: performance.now() - t0, outcome }));
  process.exit(0);
});
`;

/** Runs the driver in a fresh process. Asynchronous: the stand-in AWS server lives in this process's event loop. */
async function runOnce(file: string, exportName: string, event: unknown, env: NodeJS.ProcessEnv): Promise<{ ms: number; outcome: string }> {
  let stdout = '';
  let stderr = '';
  try {
    ({ stdout, stderr } = await execFileAsync(process.execPath, ['-e', DRIVER, file, exportName, JSON.stringify(event)], {
      env,
      timeout: 60_000,
      maxBuffer: 16 * 1024 * 1024,
    }));
  } catch (e) {
    stderr = String((e as { stderr?: string }).stderr ?? e);
  }
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as { ms: number; outcome: string };
  } catch {
    throw new Error(`cold-start driver failed for ${file}: ${stderr.slice(0, 800)}`);
  }
}

interface TemplateFunction {
  logicalName: string;
  handler: string;
  env: Record<string, string>;
}

function templateFunctions(templatePath: string): TemplateFunction[] {
  const t = JSON.parse(readFileSync(templatePath, 'utf8')) as { Resources: Record<string, { Type: string; Condition?: string; Properties: Record<string, unknown> }> };
  const out: TemplateFunction[] = [];
  for (const [name, res] of Object.entries(t.Resources)) {
    if (res.Type !== 'AWS::Lambda::Function') continue;
    // Functions under a condition (Organizations mode: --param orgId) are not part of the single-account deployment
    // this benchmark measures; their stand-in AWS would be a different one (Organizations, STS, Step Functions).
    if (res.Condition) continue;
    const props = res.Properties as { Handler?: string; Environment?: { Variables?: Record<string, unknown> } };
    if (!props.Handler) continue;
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(props.Environment?.Variables ?? {})) {
      env[k] = typeof v === 'string' ? v : k.endsWith('ARN') || k.includes('TOPIC') ? 'arn:aws:sns:us-east-1:111122223333:bench-topic' : `bench-${k.toLowerCase()}`;
    }
    out.push({ logicalName: name.replace(/LambdaFunction$/, ''), handler: props.Handler, env });
  }
  return out;
}

function sampleEvent(fn: string): { event: unknown; what: string } {
  if (/scorer/i.test(fn)) {
    const file = join(ROOT, 'events', 'root-console-login-no-mfa.json');
    return { event: JSON.parse(readFileSync(file, 'utf8')), what: 'root sign-in without MFA (alert published)' };
  }
  return {
    event: {
      version: '0',
      id: 'bench',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '111122223333',
      time: new Date().toISOString(),
      region: 'us-east-1',
      resources: ['arn:aws:events:us-east-1:111122223333:rule/bench'],
      detail: {},
    },
    what: /sweep/i.test(fn)
      ? 'scheduled event; the stand-in AWS returns a one-user account and denies the optional reads'
      : 'scheduled event; the stand-in AWS returns an empty store',
  };
}

export async function runColdStartBench(opts: { quick: boolean; log?: (s: string) => void; packageDir?: string }): Promise<ColdStart[]> {
  const log = opts.log ?? (() => undefined);
  const runs = opts.quick ? 5 : 15;
  const work = mkdtempSync(join(tmpdir(), 'iam-guardian-coldstart-'));
  const pkg = opts.packageDir ?? join(work, 'package');
  if (!opts.packageDir) {
    log('coldStart: packaging the stack (serverless package, offline)');
    execFileSync(join(ROOT, 'node_modules', '.bin', 'serverless'), ['package', '--package', pkg], {
      cwd: ROOT,
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', SLS_TELEMETRY_DISABLED: '1' },
      stdio: 'ignore',
      timeout: 600_000,
    });
  }
  const fake = await startFakeAws();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_ENDPOINT_URL: fake.url,
    AWS_MAX_ATTEMPTS: '1',
    POWERTOOLS_DEV: 'false',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    POWERTOOLS_METRICS_NAMESPACE: 'bench',
  };
  const results: ColdStart[] = [];
  try {
    for (const fn of templateFunctions(join(pkg, 'cloudformation-template-update-stack.json'))) {
      const zip = join(pkg, `${fn.logicalName.charAt(0).toLowerCase()}${fn.logicalName.slice(1)}.zip`);
      const zipPath = existsSync(zip) ? zip : readdirSync(pkg).map((f) => join(pkg, f)).find((f) => f.toLowerCase() === zip.toLowerCase());
      if (!zipPath || !existsSync(zipPath)) throw new Error(`no zip for ${fn.logicalName} in ${pkg}`);
      const dir = join(work, fn.logicalName);
      execFileSync('unzip', ['-q', '-o', zipPath, '-d', dir]);
      const [file, exportName] = [fn.handler.replace(/\.[^.]+$/, ''), fn.handler.split('.').pop()!];
      const bundle = join(dir, `${file}.js`);
      const entry = `${file}.ts`;
      const clients = await clientsOf(entry);
      const reference = await referenceBundle(clients, join(work, `${fn.logicalName}-ref`));
      const { event, what } = sampleEvent(fn.logicalName);
      const fnEnv = { ...env, ...fn.env };
      await runOnce(bundle, exportName, event, fnEnv); // page cache warm-up for both files
      await runOnce(reference, 'handler', {}, fnEnv);
      const own: number[] = [];
      const ref: number[] = [];
      let outcome = '';
      for (let i = 0; i < runs; i++) {
        const a = await runOnce(bundle, exportName, event, fnEnv);
        outcome = a.outcome;
        // A figure must be of a successful invocation: an error path (e.g. a failed collection) is shorter.
        if (outcome !== 'ok') throw new Error(`cold start of ${fn.logicalName}: the invocation ended in ${outcome}, not ok`);
        own.push(a.ms);
        ref.push((await runOnce(reference, 'handler', {}, fnEnv)).ms);
      }
      const r: ColdStart = {
        function: fn.logicalName,
        bundleBytes: statSync(bundle).size,
        zipBytes: statSync(zipPath).size,
        loadMs: Math.round(median(own) * 10) / 10,
        baselineMs: Math.round(median(ref) * 10) / 10,
        ratio: Math.round((median(own) / median(ref)) * 1000) / 1000,
        clients,
        invocation: `${what}: ${outcome}`,
      };
      log(`coldStart: ${JSON.stringify(r)}`);
      results.push(r);
    }
  } finally {
    await fake.close();
    rmSync(work, { recursive: true, force: true });
  }
  return results;
}
