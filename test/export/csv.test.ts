import { parse } from 'csv-parse/sync';
import { toCsv, CSV_COLUMNS, safeCell } from '../../lib/export/csv';
import { eventFinding, postureFinding } from './fixtures';

describe('toCsv', () => {
  it('writes a header and one RFC 4180 row per finding; a CSV parser reads the values back', () => {
    const tricky = postureFinding({
      message: 'Policy "Admin, all" grants *:*\non every resource',
      status: 'suppressed',
      suppression: { reason: 'Accepted, see "SEC-1"', owner: 'sec', expires: '2027-01-31', rule: '*', resource: '*' },
    });
    const text = toCsv([tricky, eventFinding()]);
    expect(text.split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text).toContain('"Policy ""Admin, all"" grants *:*\non every resource"');
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      ruleId: 'access-key-not-rotated',
      status: 'suppressed',
      message: 'Policy "Admin, all" grants *:*\non every resource',
      controls: 'IAM.3 CIS-1.14',
      suppressionReason: 'Accepted, see "SEC-1"',
      suppressionOwner: 'sec',
      suppressionExpires: '2027-01-31',
      resolvedAt: '',
    });
    expect(JSON.parse(rows[0].evidence)).toEqual(tricky.evidence);
    expect(rows[0].fixConsole.split('\n')).toEqual(tricky.fix.console);
    expect(rows[1]).toMatchObject({ kind: 'event', severity: 'high', suppressionReason: '' });
  });

  it('neutralises spreadsheet formulas at the start of a cell', () => {
    expect(safeCell('=HYPERLINK("http://x")')).toBe('\'=HYPERLINK("http://x")');
    expect(safeCell('+1')).toBe("'+1");
    expect(safeCell('-x')).toBe("'-x");
    expect(safeCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(safeCell('arn:aws:iam::1:user/=x')).toBe('arn:aws:iam::1:user/=x');
    const rows = parse(toCsv([postureFinding({ title: '=cmd|calc' })]), { columns: true }) as Record<string, string>[];
    expect(rows[0].title).toBe("'=cmd|calc");
  });

  it('no findings → header only', () => {
    expect(toCsv([])).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });
});
