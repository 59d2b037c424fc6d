/**
 * The HTML report's inline SVG charts (lib/report/html.ts): geometry, colours and labels for given scores, so a change
 * in how a score is drawn is seen by a test, not only by a reader.
 */
import { gaugeSvg, severitySvg, SEVERITY_COLORS, trendRange, trendSvg } from '../../lib/report/html';
import type { TrendPoint } from '../../lib/report/model';

const GREEN = '#12805c';
const AMBER = '#c4850a';
const RED = '#b42318';
const GREY = '#98a2b3';

/** The coloured arc of the gauge: its end point and stroke, or undefined when there is none. */
function arc(svg: string): { x: number; y: number; color: string } | undefined {
  const arcs = [...svg.matchAll(/<path d="M20 100 A80 80 0 0 1 ([\d.]+) ([\d.]+)" fill="none" stroke="(#[0-9a-f]+)" stroke-width="16"/g)]
    .map((m) => ({ x: Number(m[1]), y: Number(m[2]), color: m[3] }))
    .filter((a) => a.color !== '#e4e7ec'); // the grey background semicircle
  expect(arcs.length).toBeLessThanOrEqual(1);
  return arcs[0];
}
const valueText = (svg: string) => /font-size="36" font-weight="700" fill="(#[0-9a-f]+)">([^<]*)<\/text>/.exec(svg)?.slice(1);

describe('gaugeSvg', () => {
  test('the arc ends on the semicircle at the score: 0 → left, 50 → top, 100 → right', () => {
    expect(arc(gaugeSvg(50))).toEqual({ x: 100, y: 20, color: AMBER });
    expect(arc(gaugeSvg(100))).toEqual({ x: 180, y: 100, color: GREEN });
    expect(arc(gaugeSvg(25))).toEqual({ x: 43.43, y: 43.43, color: RED });
    expect(gaugeSvg(25)).toContain('A80 80 0 0 1 43.43 43.43"');
  });
  test('colour bands: green from 80, amber from 50, red below', () => {
    expect(valueText(gaugeSvg(80))).toEqual([GREEN, '80']);
    expect(valueText(gaugeSvg(79.9))).toEqual([AMBER, '79.9']);
    expect(valueText(gaugeSvg(50))).toEqual([AMBER, '50']);
    expect(valueText(gaugeSvg(49.96))).toEqual([RED, '50']);
    expect(valueText(gaugeSvg(12.34))).toEqual([RED, '12.3']);
  });
  test('no score: no arc, a dash, grey, "n/a" in the label; zero: no arc, "0"', () => {
    const none = gaugeSvg(undefined);
    expect(arc(none)).toBeUndefined();
    expect(valueText(none)).toEqual([GREY, '–']);
    expect(none).toContain('aria-label="Posture score n/a out of 100"');
    expect(none).toContain('<title>Posture score n/a / 100</title>');
    const zero = gaugeSvg(0);
    expect(arc(zero)).toBeUndefined();
    expect(valueText(zero)).toEqual([RED, '0']);
    expect(zero).toContain('aria-label="Posture score 0 out of 100"');
  });
  test('out-of-range scores are drawn clamped to 0–100', () => {
    expect(arc(gaugeSvg(140))).toEqual({ x: 180, y: 100, color: GREEN });
    expect(valueText(gaugeSvg(140))).toEqual([GREEN, '100']);
    expect(arc(gaugeSvg(-3))).toBeUndefined();
    expect(valueText(gaugeSvg(-3))).toEqual([RED, '0']);
  });
});

describe('trendRange', () => {
  const pts = (...scores: Array<number | undefined>): TrendPoint[] => scores.map((score, i) => ({ weekEnding: `2026-10-${10 + i}T00:00:00.000Z`, score }));
  test('no scores: the whole 0–100', () => {
    expect(trendRange([])).toEqual({ lo: 0, hi: 100 });
    expect(trendRange(pts(undefined, undefined))).toEqual({ lo: 0, hi: 100 });
  });
  test('the scores widened by 5 to whole tens, at least 20 points, within 0–100', () => {
    expect(trendRange(pts(60, 62))).toEqual({ lo: 50, hi: 70 });
    expect(trendRange(pts(55))).toEqual({ lo: 50, hi: 70 });
    expect(trendRange(pts(98))).toEqual({ lo: 80, hi: 100 });
    expect(trendRange(pts(2))).toEqual({ lo: 0, hi: 20 });
    expect(trendRange(pts(10, undefined, 90))).toEqual({ lo: 0, hi: 100 });
    expect(trendRange(pts(41, 73))).toEqual({ lo: 30, hi: 80 });
  });
});

describe('trendSvg', () => {
  const weeks = (scores: Array<number | undefined>): TrendPoint[] =>
    scores.map((score, i) => ({ weekEnding: new Date(Date.UTC(2026, 8, 6 + 7 * i)).toISOString(), score }));

  test('a line per run of consecutive weeks with a score; a lone point is a dot only', () => {
    const svg = trendSvg(weeks([60, 62, undefined, 64, 66, undefined, 70]));
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg.match(/<circle /g)).toHaveLength(5);
    expect(svg).toContain('aria-label="Posture score per week, last 7 weeks (5 with a sweep)"');
  });

  test('points sit at x from 28 to 330 and y within the range (40–80 here: 80 at the top, y 12; 40 at the bottom, y 144)', () => {
    const svg = trendSvg(weeks([50, 70]));
    expect(svg).toContain('<polyline points="28.0,111.0 330.0,45.0"');
    expect(svg).toContain('<circle cx="28.0" cy="111.0" r="3" fill="#1d6fd8"><title>Week ending 2026-09-06: 50</title></circle>');
    expect(svg).toContain(`<circle cx="330.0" cy="45.0" r="4.5" fill="${AMBER}"><title>Week ending 2026-09-13: 70</title></circle>`);
    expect(svg).toContain('<line x1="28" x2="330" y1="12.0" y2="12.0"');
  });

  test('the y axis: ticks every 10 points up to a 40-point range, every 20 above; labelled on the left', () => {
    const narrow = trendSvg(weeks([55, 65]));
    expect([...narrow.matchAll(/text-anchor="end" font-size="10" fill="#98a2b3">(\d+)</g)].map((m) => Number(m[1]))).toEqual([50, 60, 70]);
    expect(narrow).toContain('<line x1="28" x2="330" y1="144.0" y2="144.0"');
    expect(narrow).toContain('<text x="23" y="147.5" text-anchor="end"');
    const forty = trendSvg(weeks([45, 75]));
    expect([...forty.matchAll(/text-anchor="end" font-size="10" fill="#98a2b3">(\d+)</g)].map((m) => Number(m[1]))).toEqual([40, 50, 60, 70, 80]);
    const wide = trendSvg(weeks([10, 90]));
    expect([...wide.matchAll(/text-anchor="end" font-size="10" fill="#98a2b3">(\d+)</g)].map((m) => Number(m[1]))).toEqual([0, 20, 40, 60, 80, 100]);
  });

  test('x labels: first (start), middle and last (end) week, as MM-DD', () => {
    const svg = trendSvg(weeks([50, 55, 60, 65, 70]));
    const labels = [...svg.matchAll(/<text x="([\d.]+)" y="162" text-anchor="(\w+)" font-size="10" fill="#667085">([^<]*)<\/text>/g)].map((m) => [m[1], m[2], m[3]]);
    expect(labels).toEqual([
      ['28.0', 'start', '09-06'],
      ['179.0', 'middle', '09-20'],
      ['330.0', 'end', '10-04'],
    ]);
  });

  test('no weeks: an empty chart, no points, no labels', () => {
    const svg = trendSvg([]);
    expect(svg).not.toContain('<circle');
    expect(svg).not.toContain('<polyline');
    expect(svg).not.toContain('fill="#667085"');
    expect(svg).toContain('last 0 weeks (0 with a sweep)');
  });
});

describe('severitySvg', () => {
  const counts = { critical: 4, high: 2, medium: 0, low: 1000, info: 1 };
  test('one row per severity, critical first, bars scaled to the largest count (at least 3 px when not zero)', () => {
    const svg = severitySvg({ critical: 4, high: 2, medium: 0, low: 0, info: 0 });
    const names = [...svg.matchAll(/<text x="0" y="(\d+)" font-size="11" fill="#344054">(\w+)<\/text>/g)].map((m) => [Number(m[1]), m[2]]);
    expect(names).toEqual([
      [20, 'critical'],
      [46, 'high'],
      [72, 'medium'],
      [98, 'low'],
      [124, 'info'],
    ]);
    expect(svg).toContain(`<rect x="64" y="8" width="236.0" height="16" rx="3" fill="${SEVERITY_COLORS.critical}"><title>critical: 4</title></rect>`);
    expect(svg).toContain(`<rect x="64" y="34" width="118.0" height="16" rx="3" fill="${SEVERITY_COLORS.high}"><title>high: 2</title></rect>`);
    expect(svg).not.toContain('<title>medium');
    expect(svg.match(/fill="#f2f4f7"/g)).toHaveLength(5);
    expect(svg).toContain('viewBox="0 0 340 136"');
    expect(svg).toContain('<text x="338" y="20" text-anchor="end" font-size="11" font-weight="600" fill="#101828">4</text>');
    const tiny = severitySvg(counts);
    expect(tiny).toContain(`<rect x="64" y="112" width="3.0" height="16" rx="3" fill="${SEVERITY_COLORS.info}"><title>info: 1</title></rect>`);
    expect(tiny).toContain(`width="236.0" height="16" rx="3" fill="${SEVERITY_COLORS.low}"><title>low: 1000</title>`);
  });
  test('all zero: no coloured bars, no division by zero', () => {
    const svg = severitySvg({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });
    expect(svg).not.toContain('<title>critical');
    expect(svg).not.toMatch(/NaN|Infinity/);
  });
});
