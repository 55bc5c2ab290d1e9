import { expect } from 'chai';
import { RepoMailbox } from '../../../../controller/workqueue/repo-mailbox.ts';

/** How a post settled, once it has: `ok <result>` or `failed <message>`. */
function outcome(post: Promise<string>): { value: string | undefined } {
  const seen: { value: string | undefined } = { value: undefined };
  post.then((result) => { seen.value = `ok ${result}`; }, (err: Error) => { seen.value = `failed ${err.message}`; });
  return seen;
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('RepoMailbox', () => {
  it('keeps each key’s batches apart, oldest first, until that key’s pass takes them and answers each', async () => {
    const mailbox = new RepoMailbox<string, string>();
    const a1 = outcome(mailbox.post('ns/a', 'a1'));
    const b1 = outcome(mailbox.post('ns/b', 'b1'));
    const a2 = outcome(mailbox.post('ns/a', 'a2'));
    expect(mailbox.waiting('ns/a')).to.equal(2);
    expect(mailbox.waiting()).to.equal(3);
    const letters = mailbox.take('ns/a');
    expect(letters.map((l) => l.batch)).to.deep.equal(['a1', 'a2']);
    expect(mailbox.take('ns/a'), 'taken once').to.deep.equal([]);
    for (const letter of letters) letter.resolve(`pushed ${letter.batch}`);
    await tick();
    expect([a1.value, a2.value, b1.value]).to.deep.equal(['ok pushed a1', 'ok pushed a2', undefined]);
    expect(mailbox.waiting()).to.equal(1);
  });

  it('a batch posted while its key’s pass runs waits for the next pass', () => {
    const mailbox = new RepoMailbox<string, string>();
    void mailbox.post('ns/a', 'first');
    expect(mailbox.take('ns/a').map((l) => l.batch)).to.deep.equal(['first']);
    void mailbox.post('ns/a', 'during the pass');
    expect(mailbox.take('ns/a').map((l) => l.batch)).to.deep.equal(['during the pass']);
  });

  it('fails only the failed key’s batches', async () => {
    const mailbox = new RepoMailbox<string, string>();
    const a = outcome(mailbox.post('ns/a', 'a'));
    const b = outcome(mailbox.post('ns/b', 'b'));
    mailbox.fail('ns/a', new Error('TractRepo ns/a is suspended'));
    await tick();
    expect(a.value).to.equal('failed TractRepo ns/a is suspended');
    expect(b.value).to.equal(undefined);
    expect(mailbox.waiting()).to.equal(1);
  });

  it('close fails every batch left and refuses later posts with the same answer', async () => {
    const mailbox = new RepoMailbox<string, string>();
    const a = outcome(mailbox.post('ns/a', 'a'));
    const b = outcome(mailbox.post('ns/b', 'b'));
    mailbox.close(new Error('shutting down'));
    const late = outcome(mailbox.post('ns/a', 'late'));
    await tick();
    expect([a.value, b.value, late.value]).to.deep.equal(['failed shutting down', 'failed shutting down', 'failed shutting down']);
    expect(mailbox.waiting(), 'nothing parked after close').to.equal(0);
    expect(mailbox.take('ns/a')).to.deep.equal([]);
  });
});
