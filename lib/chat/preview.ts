/**
 * A local HTML mock of how Slack shows the chat notifications (docs/chat/slack-mock.html, its screenshot in
 * docs/screenshots/): the title in bold, the description, the next steps as a list, as AWS Chatbot lays out a custom
 * notification. For people reading the docs; not Slack's real renderer.
 *
 * The notification text is Slack mrkdwn in which `&`, `<` and `>` are already entities (lib/chat/markdown.ts), so it is
 * also safe HTML text; quotes are escaped too, and only this subset becomes markup: `` `code` ``, `*bold*`, bare
 * https:// links, the few emoji short codes the messages use.
 */
import type { ChatNotification } from './notification';

/** The emoji short codes the messages use, drawn as coloured dots (the mock must not depend on an emoji font). */
const EMOJI: Record<string, string> = {
  ':rotating_light:': '<span class="dot" style="background:#d13212"></span>',
  ':red_circle:': '<span class="dot" style="background:#e01e5a"></span>',
  ':large_orange_diamond:': '<span class="dot" style="background:#ff9900"></span>',
  ':large_blue_circle:': '<span class="dot" style="background:#1264a3"></span>',
  ':information_source:': '<span class="dot" style="background:#616061"></span>',
  ':white_circle:': '<span class="dot" style="background:#ddd"></span>',
  ':bar_chart:': '<span class="dot" style="background:#2eb67d"></span>',
};

/** Slack mrkdwn (as produced by lib/chat) → HTML. Input `<`/`>` never occur raw; anything else is escaped first. */
export function mrkdwnToHtml(text: string): string {
  // Re-escape a raw & < > " that is not one of Slack's three entities (defence in depth for hand-written input).
  let s = text
    .replace(/&(?!(amp|lt|gt);)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
  const codes: string[] = [];
  s = s.replace(/`([^`\n]*)`/g, (_m, c: string) => `\u0000${codes.push(`<code>${c}</code>`) - 1}\u0000`);
  s = s.replace(/\*([^*\n]+)\*/g, '<b>$1</b>');
  s = s.replace(/https:\/\/[^\s&]+(?:&amp;[^\s&]+)*/g, (u) => `<a href="${u}">${u.length > 90 ? `${u.slice(0, 87)}…` : u}</a>`);
  for (const [k, v] of Object.entries(EMOJI)) s = s.split(k).join(v);
  // eslint-disable-next-line no-control-regex -- the placeholders are NUL-delimited
  s = s.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => codes[Number(i)]);
  return s.split('\n').join('<br>\n');
}

function message(n: ChatNotification, time: string): string {
  const steps = (n.content.nextSteps ?? []).map((x) => `<li>${mrkdwnToHtml(x)}</li>`).join('\n');
  return `<div class="msg">
  <div class="avatar">Q</div>
  <div class="body">
    <div class="who"><b>Amazon Q</b> <span class="app">APP</span> <span class="time">${time}</span></div>
    <div class="card">
      <div class="title">${mrkdwnToHtml(n.content.title)}</div>
      <div class="description">${mrkdwnToHtml(n.content.description)}</div>
      ${steps ? `<div class="next">Next steps</div>\n<ol>${steps}</ol>` : ''}
    </div>
  </div>
</div>`;
}

/** A Slack-like channel page showing the notifications in order. */
export function renderSlackMock(items: { notification: ChatNotification; time: string }[], channel = 'security-alerts'): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>#${channel} (mock)</title>
<style>
body { margin: 0; font: 15px/1.46 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1d1c1d; background: #fff; }
header { padding: 12px 20px; border-bottom: 1px solid #e2e2e2; font-weight: 700; }
header small { font-weight: 400; color: #616061; margin-left: 8px; }
.msg { display: flex; gap: 8px; padding: 12px 20px; }
.avatar { width: 36px; height: 36px; border-radius: 6px; background: #232f3e; color: #fff; display: flex; align-items: center; justify-content: center; font-weight: 700; flex: none; }
.body { max-width: 760px; min-width: 0; }
.app { font-size: 10px; background: #e8e8e8; color: #616061; padding: 1px 3px; border-radius: 2px; }
.time { color: #616061; font-size: 12px; }
.card { border-left: 4px solid #d13212; padding: 4px 12px; margin-top: 4px; overflow-wrap: anywhere; }
.title { font-weight: 700; margin-bottom: 4px; }
.next { font-weight: 700; margin-top: 8px; }
ol { margin: 4px 0; padding-left: 22px; }
code { font: 12px/1.5 Monaco, Menlo, Consolas, monospace; color: #e01e5a; background: #f6f6f6; border: 1px solid #e2e2e2; border-radius: 3px; padding: 0 3px; }
a { color: #1264a3; text-decoration: none; }
.dot { display: inline-block; width: 12px; height: 12px; border-radius: 50%; vertical-align: -1px; }
</style></head>
<body>
<header>#${channel}<small>a local mock of Slack, not Slack itself (npm run docs)</small></header>
${items.map((i) => message(i.notification, i.time)).join('\n')}
</body></html>
`;
}
