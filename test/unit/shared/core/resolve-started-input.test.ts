import { expect } from 'chai';
import { parseStarted, resolveStartedInput } from '../../../../shared/core/started-time.ts';
import { ValidationError } from '../../../../shared/core/tract-error.ts';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
// Saturday 2026-02-14, 13:34:56.789 in Berlin.
const NOW = new Date('2026-02-14T12:34:56.789Z');

function rejection(input: string | undefined, zone: string, now: Date): ValidationError {
  try {
    resolveStartedInput(input, zone, now);
  } catch (err) {
    expect(err).to.be.instanceOf(ValidationError);
    return err as ValidationError;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
}

describe('resolveStartedInput', () => {
  const cases: [string | undefined, string, Date, string][] = [
    [undefined, BERLIN, NOW, '2026-02-14T13:34:00.000+01:00'],
    ['now', BERLIN, NOW, '2026-02-14T13:34:00.000+01:00'],
    [undefined, NEW_YORK, NOW, '2026-02-14T07:34:00.000-05:00'],
    ['10:15', BERLIN, NOW, '2026-02-14T10:15:00.000+01:00'],
    ['9:05', BERLIN, NOW, '2026-02-14T09:05:00.000+01:00'],
    [' 10:15 ', BERLIN, NOW, '2026-02-14T10:15:00.000+01:00'],
    ['10:15', NEW_YORK, NOW, '2026-02-14T10:15:00.000-05:00'],
    ['today 08:00', BERLIN, NOW, '2026-02-14T08:00:00.000+01:00'],
    ['today', BERLIN, NOW, '2026-02-14T09:00:00.000+01:00'],
    ['yesterday', BERLIN, NOW, '2026-02-13T09:00:00.000+01:00'],
    ['yesterday 17:45', BERLIN, NOW, '2026-02-13T17:45:00.000+01:00'],
    ['Yesterday 17:45', BERLIN, NOW, '2026-02-13T17:45:00.000+01:00'],
    ['2026-02-10', BERLIN, NOW, '2026-02-10T09:00:00.000+01:00'],
    ['2026-07-10', BERLIN, NOW, '2026-07-10T09:00:00.000+02:00'],
    ['2026-02-10 14:30', BERLIN, NOW, '2026-02-10T14:30:00.000+01:00'],
    ['2026-02-10T14:30', BERLIN, NOW, '2026-02-10T14:30:00.000+01:00'],
    ['2026-02-14T09:00+05:30', BERLIN, NOW, '2026-02-14T09:00:00.000+05:30'],
    ['2026-02-14T08:00:00Z', BERLIN, NOW, '2026-02-14T08:00:00.000+00:00'],
    ['2026-02-14T08:00:00.000-0500', BERLIN, NOW, '2026-02-14T08:00:00.000-05:00'],
    // Already the next day in Berlin, still the 14th in New York.
    ['10:15', BERLIN, new Date('2026-02-14T23:30:00Z'), '2026-02-15T10:15:00.000+01:00'],
    ['10:15', NEW_YORK, new Date('2026-02-14T23:30:00Z'), '2026-02-14T10:15:00.000-05:00'],
  ];
  for (const [input, zone, now, expected] of cases) {
    it(`resolves ${JSON.stringify(input)} in ${zone} at ${now.toISOString()} to ${expected}`, () => {
      expect(resolveStartedInput(input, zone, now)).to.equal(expected);
    });
  }

  describe('around DST changes', () => {
    const dst: [string | undefined, string, string, string][] = [
      ['2026-03-29 01:59', BERLIN, '2026-03-30T10:00:00Z', '2026-03-29T01:59:00.000+01:00'],
      ['2026-03-29 03:00', BERLIN, '2026-03-30T10:00:00Z', '2026-03-29T03:00:00.000+02:00'],
      // The repeated hour: the earlier of the two instants (still summer time).
      ['2026-10-25 02:30', BERLIN, '2026-10-26T10:00:00Z', '2026-10-25T02:30:00.000+02:00'],
      ['2026-10-25T02:00', BERLIN, '2026-10-26T10:00:00Z', '2026-10-25T02:00:00.000+02:00'],
      ['2026-10-25 03:00', BERLIN, '2026-10-26T10:00:00Z', '2026-10-25T03:00:00.000+01:00'],
      ['2026-11-01 01:30', NEW_YORK, '2026-11-02T10:00:00Z', '2026-11-01T01:30:00.000-04:00'],
      // yesterday across a DST change: the offset is that day's, not today's.
      ['yesterday', BERLIN, '2026-03-30T10:00:00Z', '2026-03-29T09:00:00.000+02:00'],
      ['yesterday 01:30', BERLIN, '2026-03-30T10:00:00Z', '2026-03-29T01:30:00.000+01:00'],
      ['yesterday 02:30', BERLIN, '2026-10-26T10:00:00Z', '2026-10-25T02:30:00.000+02:00'],
      ['yesterday', NEW_YORK, '2026-03-09T15:00:00Z', '2026-03-08T09:00:00.000-04:00'],
      ['yesterday', BERLIN, '2026-03-29T22:30:00Z', '2026-03-29T09:00:00.000+02:00'],
      [undefined, BERLIN, '2026-10-25T00:30:00Z', '2026-10-25T02:30:00.000+02:00'],
      [undefined, BERLIN, '2026-10-25T01:30:00Z', '2026-10-25T02:30:00.000+01:00'],
    ];
    for (const [input, zone, now, expected] of dst) {
      it(`resolves ${JSON.stringify(input)} in ${zone} at ${now} to ${expected}`, () => {
        expect(resolveStartedInput(input, zone, new Date(now))).to.equal(expected);
      });
    }

    const gaps: [string, string, string][] = [
      ['2026-03-29 02:30', BERLIN, '2026-03-30T10:00:00Z'],
      ['2026-03-29T02:00', BERLIN, '2026-03-30T10:00:00Z'],
      ['2026-03-29 02:59', BERLIN, '2026-03-30T10:00:00Z'],
      ['yesterday 02:30', BERLIN, '2026-03-30T10:00:00Z'],
      ['02:30', BERLIN, '2026-03-29T05:00:00Z'],
      ['2026-03-08 02:30', NEW_YORK, '2026-03-09T15:00:00Z'],
    ];
    for (const [input, zone, now] of gaps) {
      it(`rejects ${JSON.stringify(input)} in ${zone}: skipped by DST`, () => {
        const err = rejection(input, zone, new Date(now));
        expect(err.message).to.contain(`does not exist in ${zone}`);
        expect(err.reason).to.equal('InvalidStarted');
      });
    }
  });

  const rejected: [string, RegExp][] = [
    ['', /use HH:MM, yesterday \[HH:MM\], YYYY-MM-DD \[HH:MM\]/],
    ['blah', /use HH:MM, yesterday \[HH:MM\], YYYY-MM-DD \[HH:MM\]/],
    ['tomorrow', /use HH:MM/],
    ['9', /use HH:MM/],
    ['2026-02-14 9', /use HH:MM/],
    ['2026-02-14T09:00+01', /use HH:MM/],
    ['25:00', /25:00 is not a time of day/],
    ['12:60', /12:60 is not a time of day/],
    ['2026-02-30', /2026-02-30 is not a calendar date/],
    ['2026-13-01 10:00', /is not a calendar date/],
    ['2026-02-30T09:00:00+01:00', /expected ISO 8601 with an offset/],
  ];
  for (const [input, message] of rejected) {
    it(`rejects ${JSON.stringify(input)} with a one-line message`, () => {
      const err = rejection(input, BERLIN, NOW);
      expect(err.message).to.match(message);
      expect(err.message).not.to.contain('\n');
    });
  }

  it('rejects an unknown zone, naming it', () => {
    expect(rejection('10:15', 'Europe/Berln', NOW).message).to.contain('"Europe/Berln"');
  });

  it('always returns a canonical started that parseStarted reads back', () => {
    for (const [input, zone, now] of cases) {
      const started = resolveStartedInput(input, zone, now);
      expect(started).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000[+-]\d\d:\d\d$/);
      expect(parseStarted(started).isValid).to.equal(true);
    }
  });
});
