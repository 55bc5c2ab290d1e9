import { expect } from 'chai';
import { DateTime } from 'luxon';
import {
  assertTimeZone,
  formatStarted,
  fromJiraStarted,
  parseStarted,
  startedEpochMs,
  toJiraStarted,
} from '../../../../shared/core/started-time.ts';
import { ValidationError } from '../../../../shared/core/tract-error.ts';

function rejection(run: () => unknown): ValidationError {
  try {
    run();
  } catch (err) {
    expect(err).to.be.instanceOf(ValidationError);
    return err as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('parseStarted / formatStarted', () => {
  const accepted: [string, string, number][] = [
    ['2026-02-14T09:00:00.000+01:00', '2026-02-14T09:00:00.000+01:00', 60],
    ['2026-02-14T09:00:00.000+0100', '2026-02-14T09:00:00.000+01:00', 60],
    ['2026-02-14T09:00:00+01:00', '2026-02-14T09:00:00.000+01:00', 60],
    ['2026-02-14T09:00+01:00', '2026-02-14T09:00:00.000+01:00', 60],
    ['2026-02-14T08:00:00.000Z', '2026-02-14T08:00:00.000+00:00', 0],
    ['2026-02-14T08:00:00Z', '2026-02-14T08:00:00.000+00:00', 0],
    ['2026-02-14T08:00:00.000+00:00', '2026-02-14T08:00:00.000+00:00', 0],
    ['2026-02-14T08:00:00.000-00:00', '2026-02-14T08:00:00.000+00:00', 0],
    ['2026-02-14T03:00:00.000-05:00', '2026-02-14T03:00:00.000-05:00', -300],
    ['2026-02-14T13:30:00.000+0530', '2026-02-14T13:30:00.000+05:30', 330],
    ['2026-02-14T09:00:00.123456789+01:00', '2026-02-14T09:00:00.123+01:00', 60],
    ['2026-02-14T09:00:00.5+01:00', '2026-02-14T09:00:00.500+01:00', 60],
    ['2026-02-14T09:00:00.000+14:00', '2026-02-14T09:00:00.000+14:00', 840],
  ];
  for (const [text, canonical, offsetMinutes] of accepted) {
    it(`reads ${text}, keeping its offset`, () => {
      const dt = parseStarted(text);
      expect(dt.offset).to.equal(offsetMinutes);
      expect(formatStarted(dt)).to.equal(canonical);
    });
  }

  const rejected = [
    '2026-02-14T09:00:00.000',
    '2026-02-14T09:00',
    '2026-02-14 09:00:00.000+01:00',
    '2026-02-14',
    '2026-02-14T09:00+01',
    '2026-02-30T09:00:00.000+01:00',
    '2026-02-14T24:00:00.000+01:00',
    '2026-02-14T09:60:00.000+01:00',
    '2026-02-14T09:00:00.000+99:00',
    '2026-02-14T09:00:00.000+19:00',
    '2026-02-14T09:00:00.000+01:75',
    'yesterday',
    '',
  ];
  for (const text of rejected) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      const err = rejection(() => parseStarted(text));
      expect(err.message).to.contain(`"${text}"`).and.to.contain('offset');
      expect(err.reason).to.equal('InvalidStarted');
    });
  }

  it('writes a zone-bound DateTime in its current offset, UTC as +00:00', () => {
    const instant = DateTime.fromISO('2026-07-01T12:00:00.000Z', { setZone: true });
    expect(formatStarted(instant)).to.equal('2026-07-01T12:00:00.000+00:00');
    expect(formatStarted(instant.setZone('Europe/Berlin'))).to.equal('2026-07-01T14:00:00.000+02:00');
    expect(formatStarted(instant.setZone('America/St_Johns'))).to.equal('2026-07-01T09:30:00.000-02:30');
  });
});

describe('startedEpochMs', () => {
  it('gives the same instant for every spelling of it', () => {
    const expected = Date.UTC(2026, 1, 14, 8, 0, 0);
    for (const text of ['2026-02-14T09:00:00.000+01:00', '2026-02-14T08:00Z', '2026-02-14T03:00:00-0500', '2026-02-14T13:30+05:30']) {
      expect(startedEpochMs(text), text).to.equal(expected);
    }
  });

  it('throws ValidationError for a started without offset', () => {
    rejection(() => startedEpochMs('2026-02-14T09:00:00'));
  });
});

describe('toJiraStarted / fromJiraStarted', () => {
  const toJira: [string, string][] = [
    ['2026-02-14T09:00:00.000+01:00', '2026-02-14T09:00:00.000+0100'],
    ['2026-02-14T09:00+01:00', '2026-02-14T09:00:00.000+0100'],
    ['2026-02-14T09:00:00.000Z', '2026-02-14T09:00:00.000+0000'],
    ['2026-02-14T09:00:00.000+00:00', '2026-02-14T09:00:00.000+0000'],
    ['2026-02-14T09:00:00.250-05:00', '2026-02-14T09:00:00.250-0500'],
    ['2026-02-14T09:00:00.000+05:30', '2026-02-14T09:00:00.000+0530'],
    ['2026-02-14T09:00:00.000-03:30', '2026-02-14T09:00:00.000-0330'],
  ];
  for (const [started, jira] of toJira) {
    it(`sends ${started} to Jira as ${jira}`, () => {
      expect(toJiraStarted(started)).to.equal(jira);
      expect(toJiraStarted(started)).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d{4}$/);
    });
  }

  const fromJira: [string, string | undefined, string][] = [
    ['2026-02-14T09:00:00.000+0100', undefined, '2026-02-14T09:00:00.000+01:00'],
    ['2026-02-14T09:00:00.000+0000', undefined, '2026-02-14T09:00:00.000+00:00'],
    ['2026-02-14T09:00:00.000-0500', undefined, '2026-02-14T09:00:00.000-05:00'],
    ['2021-07-10T23:30:00.751+0530', undefined, '2021-07-10T23:30:00.751+05:30'],
    ['2026-02-14T09:00:00.000+01:00', undefined, '2026-02-14T09:00:00.000+01:00'],
    ['2026-02-14T09:00:00.000Z', undefined, '2026-02-14T09:00:00.000+00:00'],
    ['2021-07-10T23:30:00.751+0530', 'Europe/Berlin', '2021-07-10T20:00:00.751+02:00'],
    ['2026-02-14T09:00:00.000+0000', 'America/New_York', '2026-02-14T04:00:00.000-05:00'],
    ['2026-02-14T23:30:00.000-0500', 'Europe/Berlin', '2026-02-15T05:30:00.000+01:00'],
    ['2026-02-14T09:00:00.000+0100', 'UTC', '2026-02-14T08:00:00.000+00:00'],
  ];
  for (const [jira, zone, started] of fromJira) {
    it(`reads Jira's ${jira}${zone === undefined ? '' : ` in ${zone}`} as ${started}`, () => {
      expect(fromJiraStarted(jira, zone)).to.equal(started);
    });
  }

  it('round-trips Tract → Jira → Tract', () => {
    for (const [started] of toJira) {
      expect(fromJiraStarted(toJiraStarted(started))).to.equal(formatStarted(parseStarted(started)));
    }
  });

  it('names Jira when its value cannot be read', () => {
    const err = rejection(() => fromJiraStarted('2026-02-14 09:00'));
    expect(err.message).to.match(/^Jira sent a started time/);
  });

  it('rejects an unknown zone', () => {
    expect(rejection(() => fromJiraStarted('2026-02-14T09:00:00.000+0100', 'Mars/Olympus')).message).to.contain('Mars/Olympus');
  });

  it('rejects a bad Tract started on the way to Jira', () => {
    rejection(() => toJiraStarted('2026-02-14T09:00:00'));
  });
});

describe('assertTimeZone', () => {
  for (const zone of ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'UTC', 'Etc/GMT+5']) {
    it(`accepts ${zone}`, () => {
      expect(assertTimeZone(zone)).to.equal(zone);
    });
  }
  for (const zone of ['Europe/Berln', 'Mars/Olympus', '', '+01:00', 'local', ' Europe/Berlin']) {
    it(`rejects ${JSON.stringify(zone)} naming it`, () => {
      const err = rejection(() => assertTimeZone(zone));
      expect(err.message).to.contain(`"${zone}"`).and.to.contain('IANA');
      expect(err.reason).to.equal('InvalidTimeZone');
    });
  }
});
