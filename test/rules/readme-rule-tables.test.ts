/**
 * The README's rule tables are what users read to know what is monitored and which compliance controls a finding
 * answers: each rule's Controls column and (event rules) CloudTrail eventNames column must say what the rule's metadata
 * says. A rule that silently stops listening to an event name, or drops a control, is caught here (issue 21: controls
 * and event names were mutants no test read).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_RULES, POSTURE_RULES } from '../../lib/rules';
import { baseEventName } from '../../lib/engine/score-event';

const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

/** Rows of the first table after `heading`: cells by column title. */
function table(heading: string): Map<string, Record<string, string>> {
  const start = README.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README has no "${heading}"`);
  const lines = README.slice(start).split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const l of lines.slice(first)) {
    if (!l.startsWith('|')) break;
    rows.push(l.slice(1, l.endsWith('|') ? -1 : undefined).split(/(?<!\\)\|/).map((c) => c.trim()));
  }
  const [head, , ...body] = rows;
  const out = new Map<string, Record<string, string>>();
  for (const r of body) out.set(r[0].replace(/`/g, ''), Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])));
  return out;
}

function controls(cell: string): string[] {
  return cell.startsWith('–') ? [] : cell.split(',').map((c) => c.trim());
}

/** "Attach/Put{User,Group,Role}Policy, DeleteFunction\*, UpdateDetector (enable false)" → the event names it stands for. */
function eventNames(cell: string, rows: Map<string, Record<string, string>>): string[] {
  const as = /^as (\S+)$/.exec(cell);
  if (as) return eventNames(rows.get(as[1])?.['CloudTrail eventNames'] ?? '', rows);
  if (cell === 'any') return ['*'];
  const out: string[] = [];
  for (const raw of cell.replace(/\\\*/g, '').replace(/\s*\([^)]*\)/g, '').split(/,\s+/)) {
    const slash = /^([A-Z][a-z]+)\/([A-Z][a-z]+)(.*)$/.exec(raw);
    for (const t of slash ? [slash[1] + slash[3], slash[2] + slash[3]] : [raw]) {
      const brace = /^(.*)\{([^}]+)\}(.*)$/.exec(t);
      if (brace) for (const b of brace[2].split(',')) out.push(brace[1] + b + brace[3]);
      else out.push(t);
    }
  }
  return out;
}

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

describe('README rule tables match the rules', () => {
  const events = table('### Real-time (event) rules');
  const posture = table('### Posture (sweep) rules');

  it('list every rule', () => {
    expect(sorted(events.keys())).toEqual(sorted(EVENT_RULES.map((r) => r.id)));
    expect(sorted(posture.keys())).toEqual(sorted(POSTURE_RULES.map((r) => r.id)));
  });

  it.each(EVENT_RULES.map((r) => [r.id, r] as const))('event rule %s: controls and event names', (id, rule) => {
    const row = events.get(id);
    if (!row) throw new Error(`README has no row for ${id}`);
    expect(sorted(rule.controls)).toEqual(sorted(controls(row.Controls)));
    expect(sorted(rule.eventNames.map(baseEventName))).toEqual(sorted(eventNames(row['CloudTrail eventNames'], events)));
  });

  it.each(POSTURE_RULES.map((r) => [r.id, r] as const))('posture rule %s: controls', (id, rule) => {
    const row = posture.get(id);
    if (!row) throw new Error(`README has no row for ${id}`);
    expect(sorted(rule.controls)).toEqual(sorted(controls(row.Controls)));
  });
});
