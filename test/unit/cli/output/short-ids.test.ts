import { expect } from 'chai';
import { idMatches, randomPart, shortIds } from '../../../../cli/output/short-ids.ts';

describe('short ids: prefixes of the random part of an id', () => {
  // Two UUIDv7 of the same millisecond: the first 12 hex digits (the time) are equal.
  const a = '0199a3f2-1c2d-7abc-8def-0123456789ab';
  const b = '0199a3f2-1c2d-7abc-9fff-ffffffffffff';
  const c = '0199a3f2-1c2d-7123-8000-000000000000';

  it('takes the digits after the time and the version digit', () => {
    expect(randomPart(a)).to.equal('abc8def0123456789ab');
    expect(randomPart('h-0123456789abcdef')).to.equal('h-0123456789abcdef');
  });

  it('gives ids of the same minute different 8-digit short ids, longer only where the random parts share a prefix', () => {
    const short = shortIds([a, b, c]);
    expect(short.get(c)).to.equal('12380000');
    expect(short.get(a)).to.equal('abc8def0');
    expect(short.get(b)).to.equal('abc9ffff');
    const clash = shortIds([a, '0199a3f3-0000-7abc-8def-0123aaaaaaaa']);
    expect(clash.get(a)).to.equal('abc8def01234');
  });

  it('matches a prefix of the whole id or of its random part, nothing else', () => {
    expect(idMatches(a, 'abc8def0')).to.equal(true);
    expect(idMatches(a, '0199a3f2')).to.equal(true);
    expect(idMatches(a, '1c2d7abc')).to.equal(false);
  });
});
