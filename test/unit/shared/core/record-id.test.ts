import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { deriveRecordId, newRecordId } from '../../../../shared/core/record-id.ts';
import { ValidationError } from '../../../../shared/core/tract-error.ts';

const fixedClock = (iso: string) => ({ now: () => new Date(iso) });

describe('deriveRecordId', () => {
  it('matches the documented vector: sha256("APP-1|john|1771056000000")', () => {
    expect(createHash('sha256').update('APP-1|john|1771056000000').digest('hex').slice(0, 16)).to.equal('5378b1c5537602db');
    expect(deriveRecordId('APP-1', 'john', '2026-02-14T08:00:00.000Z')).to.equal('h-5378b1c5537602db');
  });

  const sameInstant = [
    '2026-02-14T08:00:00.000Z',
    '2026-02-14T08:00:00Z',
    '2026-02-14T08:00Z',
    '2026-02-14T09:00:00.000+01:00',
    '2026-02-14T09:00:00+0100',
    '2026-02-14T03:00:00.000-05:00',
    '2026-02-14T08:00:00.000+00:00',
  ];
  for (const started of sameInstant) {
    it(`is stable for the same instant written as ${started}`, () => {
      expect(deriveRecordId('APP-1', 'john', started)).to.equal('h-5378b1c5537602db');
    });
  }

  const different: [string, string, string][] = [
    ['APP-2', 'john', '2026-02-14T08:00:00.000Z'],
    ['APP-1', 'sarah', '2026-02-14T08:00:00.000Z'],
    ['APP-1', 'john', '2026-02-14T08:00:00.001Z'],
  ];
  for (const [issue, author, started] of different) {
    it(`differs for ${issue} ${author} ${started}`, () => {
      expect(deriveRecordId(issue, author, started)).to.not.equal('h-5378b1c5537602db');
      expect(deriveRecordId(issue, author, started)).to.match(/^h-[0-9a-f]{16}$/);
    });
  }

  it('refuses a started time it cannot read', () => {
    expect(() => deriveRecordId('APP-1', 'john', '2026-02-14 09:00')).to.throw(ValidationError, /started/);
  });
});

describe('newRecordId', () => {
  it('is a UUIDv7 whose time part is the clock time', () => {
    const id = newRecordId(fixedClock('2026-02-14T08:00:00.000Z'));
    expect(id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const msecs = parseInt(id.replaceAll('-', '').slice(0, 12), 16);
    expect(msecs).to.equal(Date.parse('2026-02-14T08:00:00.000Z'));
  });

  it('sorts by creation time', () => {
    const earlier = newRecordId(fixedClock('2026-02-14T08:00:00.000Z'));
    const later = newRecordId(fixedClock('2026-02-14T08:00:00.001Z'));
    expect(earlier < later).to.equal(true);
  });

  it('is unique for the same millisecond', () => {
    const clock = fixedClock('2026-02-14T08:00:00.000Z');
    const ids = new Set(Array.from({ length: 100 }, () => newRecordId(clock)));
    expect(ids.size).to.equal(100);
  });

  it('is fixed when given the random bytes', () => {
    const clock = fixedClock('2026-02-14T08:00:00.000Z');
    const random = new Uint8Array(16).fill(0x11);
    expect(newRecordId(clock, random)).to.equal(newRecordId(clock, random));
  });
});
