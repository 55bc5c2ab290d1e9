import { expect } from 'chai';
import { randomBytes } from '../../../cli/system/random-bytes.ts';

describe('randomBytes (record ids)', () => {
  it('returns the size asked for, different every time', () => {
    const draws = Array.from({ length: 50 }, () => Buffer.from(randomBytes(16)).toString('hex'));
    expect(draws.every((hex) => hex.length === 32)).to.equal(true);
    expect(new Set(draws).size).to.equal(draws.length);
    expect(randomBytes(0)).to.have.length(0);
    expect(randomBytes(300)).to.have.length(300);
  });
});
