/**
 * AWS Chatbot ("Amazon Q Developer in chat applications") custom notifications: the JSON an SNS message must carry for
 * the service to post it in the Slack or Microsoft Teams channels subscribed to the topic.
 *
 * Schema (admin guide, "Custom notifications", event schema and parameter details): `version` (required, "1.0"),
 * `source` (required, "custom"), optional `id`; `content`: `textType` (only "client-markdown" is supported: rendered
 * in the target client's markdown), `title`, `description`, `nextSteps` (strings), `keywords` (strings); `metadata`:
 * `threadId` (groups notifications in one thread when the channel allows it), `summary`, `eventType`,
 * `relatedResources` (strings), `additionalContext` (string to string).
 *
 * Field limits. The copy of the guide we could consult gives the schema but no per-field lengths, so every field is
 * held to the tightest limit documented by the clients the notification is rendered in: Slack's Block Kit text
 * object takes at most 3,000 characters (the description), a header at most 150 (the title); a Microsoft Teams message
 * is at most about 28 KB; the SNS message itself at most 256 KB. Lists are kept short (a chat message is read on a
 * phone). A longer value is cut with CUT_MARKER (lib/chat/markdown.ts), never dropped; `checkChatNotification` is the
 * contract the tests hold every rule's examples to.
 */
import { CUT_MARKER, cutText } from './markdown';

export const CHAT_LIMITS = {
  title: 150,
  description: 3000,
  nextSteps: 5,
  nextStep: 500,
  keywords: 8,
  keyword: 60,
  summary: 300,
  threadId: 128,
  eventType: 64,
  relatedResources: 10,
  relatedResource: 500,
  additionalContext: 10,
  additionalContextValue: 500,
  /** Bytes of the serialised notification (Teams' message size, well under SNS's 256 KB). */
  bytes: 24 * 1024,
} as const;

export interface ChatNotification {
  version: '1.0';
  source: 'custom';
  id?: string;
  content: {
    textType: 'client-markdown';
    title: string;
    description: string;
    nextSteps?: string[];
    keywords?: string[];
  };
  metadata?: {
    threadId?: string;
    summary?: string;
    eventType?: string;
    relatedResources?: string[];
    additionalContext?: Record<string, string>;
  };
}

/** Joins description lines, cutting at a line boundary (then CUT_MARKER) so no markdown span is left open. */
export function joinWithin(lines: readonly string[], max: number, tail: readonly string[] = []): string {
  const tailText = tail.length ? `\n${tail.join('\n')}` : '';
  const room = max - [...tailText].length;
  const out: string[] = [];
  let used = 0;
  for (const line of lines) {
    const len = [...line].length + (out.length ? 1 : 0);
    if (used + len > room - [...CUT_MARKER].length - 1) {
      out.push(CUT_MARKER);
      break;
    }
    out.push(line);
    used += len;
  }
  return cutText(`${out.join('\n')}${tailText}`, max);
}

/** Bounds every field of a notification to CHAT_LIMITS (cutting with the marker); the input is not modified. */
export function boundNotification(n: ChatNotification): ChatNotification {
  const list = (xs: string[] | undefined, count: number, each: number): string[] | undefined => {
    if (!xs) return undefined;
    const kept = xs.slice(0, count).map((x) => cutText(x, each));
    if (xs.length > count && kept.length > 0) {
      // The count of what is left out goes on the last item, or replaces it when it would not fit whole.
      const withMore = `${kept[kept.length - 1]} (+${xs.length - count} more)`;
      kept[kept.length - 1] = [...withMore].length <= each ? withMore : `(+${xs.length - count + 1} more)`;
    }
    return kept;
  };
  const content: ChatNotification['content'] = {
    textType: 'client-markdown',
    title: cutText(n.content.title, CHAT_LIMITS.title),
    description: cutText(n.content.description, CHAT_LIMITS.description),
  };
  const nextSteps = list(n.content.nextSteps, CHAT_LIMITS.nextSteps, CHAT_LIMITS.nextStep);
  if (nextSteps) content.nextSteps = nextSteps;
  const keywords = list(n.content.keywords, CHAT_LIMITS.keywords, CHAT_LIMITS.keyword);
  if (keywords) content.keywords = keywords;
  const out: ChatNotification = { version: '1.0', source: 'custom', content };
  if (n.id !== undefined) out.id = cutText(n.id, 128);
  if (n.metadata) {
    const m = n.metadata;
    const md: NonNullable<ChatNotification['metadata']> = {};
    if (m.threadId !== undefined) md.threadId = cutText(m.threadId, CHAT_LIMITS.threadId);
    if (m.summary !== undefined) md.summary = cutText(m.summary, CHAT_LIMITS.summary);
    if (m.eventType !== undefined) md.eventType = cutText(m.eventType, CHAT_LIMITS.eventType);
    const rr = list(m.relatedResources, CHAT_LIMITS.relatedResources, CHAT_LIMITS.relatedResource);
    if (rr) md.relatedResources = rr;
    if (m.additionalContext) {
      md.additionalContext = Object.fromEntries(
        Object.entries(m.additionalContext)
          .slice(0, CHAT_LIMITS.additionalContext)
          .map(([k, v]) => [cutText(k, 64), cutText(v, CHAT_LIMITS.additionalContextValue)]),
      );
    }
    out.metadata = md;
  }
  // The byte budget: a notification still over it (many long multi-byte fields) loses its optional lists first.
  if (Buffer.byteLength(JSON.stringify(out), 'utf8') > CHAT_LIMITS.bytes) {
    delete out.metadata?.relatedResources;
    delete out.metadata?.additionalContext;
    if (out.content.nextSteps) out.content.nextSteps = out.content.nextSteps.slice(0, 2);
  }
  return out;
}

/** Every way `n` breaks the schema or the limits ([] when it is a valid custom notification within them). */
export function checkChatNotification(n: unknown): string[] {
  const problems: string[] = [];
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObj(n)) return ['not an object'];
  if (n.version !== '1.0') problems.push('version must be "1.0"');
  if (n.source !== 'custom') problems.push('source must be "custom"');
  const c = n.content;
  if (!isObj(c)) return [...problems, 'content must be an object'];
  if (c.textType !== 'client-markdown') problems.push('content.textType must be "client-markdown"');
  const str = (v: unknown, name: string, max: number, required = false): void => {
    if (v === undefined && !required) return;
    if (typeof v !== 'string') problems.push(`${name} must be a string`);
    else if ([...v].length > max) problems.push(`${name} is ${[...v].length} characters (at most ${max})`);
    else if (required && v.trim() === '') problems.push(`${name} is empty`);
  };
  const arr = (v: unknown, name: string, count: number, each: number): void => {
    if (v === undefined) return;
    if (!Array.isArray(v)) return void problems.push(`${name} must be an array`);
    if (v.length > count) problems.push(`${name} has ${v.length} items (at most ${count})`);
    v.forEach((x, i) => str(x, `${name}[${i}]`, each, true));
  };
  str(c.title, 'content.title', CHAT_LIMITS.title, true);
  str(c.description, 'content.description', CHAT_LIMITS.description, true);
  arr(c.nextSteps, 'content.nextSteps', CHAT_LIMITS.nextSteps, CHAT_LIMITS.nextStep);
  arr(c.keywords, 'content.keywords', CHAT_LIMITS.keywords, CHAT_LIMITS.keyword);
  if (n.metadata !== undefined) {
    const m = n.metadata;
    if (!isObj(m)) problems.push('metadata must be an object');
    else {
      str(m.threadId, 'metadata.threadId', CHAT_LIMITS.threadId);
      str(m.summary, 'metadata.summary', CHAT_LIMITS.summary);
      str(m.eventType, 'metadata.eventType', CHAT_LIMITS.eventType);
      arr(m.relatedResources, 'metadata.relatedResources', CHAT_LIMITS.relatedResources, CHAT_LIMITS.relatedResource);
      if (m.additionalContext !== undefined) {
        if (!isObj(m.additionalContext)) problems.push('metadata.additionalContext must be an object');
        else for (const [k, v] of Object.entries(m.additionalContext)) str(v, `metadata.additionalContext.${k}`, CHAT_LIMITS.additionalContextValue, true);
      }
    }
  }
  const bytes = Buffer.byteLength(JSON.stringify(n), 'utf8');
  if (bytes > CHAT_LIMITS.bytes) problems.push(`the notification is ${bytes} bytes (at most ${CHAT_LIMITS.bytes})`);
  return problems;
}
