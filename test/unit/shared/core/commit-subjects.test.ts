import { expect } from 'chai';
import { commitMessage } from '../../../../shared/core/commit-subjects.ts';
import type { AppliedJiraChange } from '../../../../shared/core/plan-jira-changes.ts';

function change(overrides: Partial<AppliedJiraChange> = {}): AppliedJiraChange {
  return { op: 'add', worklogId: '10234', id: 'x', issue: 'APP-1234', author: 'john.mcmullan', time: '2h', ...overrides };
}

const jiraCommitMessage = (changes: AppliedJiraChange[]): string | undefined => commitMessage({ kind: 'from-jira', changes });

describe('commitMessage: the subjects docs/git.md states', () => {
  it('tract init, log, edit and delete', () => {
    expect(commitMessage({ kind: 'init' })).to.equal('[tract] Initialise tract');
    expect(commitMessage({ kind: 'log', issue: 'APP-1234', time: '2h' })).to.equal('[tract] Log 2h to APP-1234');
    expect(commitMessage({ kind: 'edit', issue: { before: 'APP-1', after: 'APP-1' }, time: { before: '2h', after: '3h' } })).to.equal('[tract] Edit worklog on APP-1 (2h → 3h)');
    expect(commitMessage({ kind: 'edit', issue: { before: 'APP-1', after: 'APP-2' }, time: { before: '2h', after: '2h' } })).to.equal('[tract] Edit worklog on APP-1 → APP-2 (2h)');
    expect(commitMessage({ kind: 'delete', issue: 'APP-1234', time: '1d 2h' })).to.equal('[tract] Delete worklog on APP-1234 (1d 2h)');
  });

  it("the controller's write-back, one body line per new link, counting dequeued records too", () => {
    const link = { issue: 'APP-1', author: 'sarah', time: '2h', worklogId: '10234' };
    expect(commitMessage({ kind: 'link-to-jira', count: 1, links: [link] })).to.equal('[tract-sync] Link 1 worklog to Jira\n\nAPP-1 sarah 2h → Jira worklog 10234\n');
    expect(commitMessage({ kind: 'link-to-jira', count: 3, links: [link, { ...link, worklogId: '7' }] })).to.equal(
      '[tract-sync] Link 3 worklogs to Jira\n\nAPP-1 sarah 2h → Jira worklog 10234\nAPP-1 sarah 2h → Jira worklog 7\n',
    );
    expect(commitMessage({ kind: 'link-to-jira', count: 2, links: [] })).to.equal('[tract-sync] Link 2 worklogs to Jira\n\n\n');
  });

  it("the demo's unlink", () => {
    expect(commitMessage({ kind: 'demo-unlink', count: 4 })).to.equal('[tract] Unlink 4 worklogs from the previous demo Jira');
  });
});

describe('commitMessage: from Jira', () => {
  it('uses the documented exact subjects for one change', () => {
    expect(jiraCommitMessage([change()])).to.equal('[tract-sync] Add worklog from Jira (APP-1234, john.mcmullan, 2h)');
    expect(jiraCommitMessage([change({ op: 'update', fromTime: '2h', time: '3h' })])).to.equal('[tract-sync] Update worklog from Jira (APP-1234, john.mcmullan, 2h → 3h)');
    expect(jiraCommitMessage([change({ op: 'delete' })])).to.equal('[tract-sync] Delete worklog from Jira (APP-1234, john.mcmullan, 2h)');
  });

  it('reads like the write-back for a line that only got its link', () => {
    expect(jiraCommitMessage([change({ op: 'link' })])).to.equal('[tract-sync] Link 1 worklog to Jira\n\nLink APP-1234 john.mcmullan 2h (Jira worklog 10234)\n');
  });

  it('coalesces N changes into one subject with a body line each', () => {
    const message = jiraCommitMessage([change(), change({ op: 'update', fromTime: '1h', time: '1.5h', worklogId: '2' }), change({ op: 'delete', worklogId: '3' })]);
    expect(message).to.equal([
      '[tract-sync] Apply 3 worklog changes from Jira',
      '',
      'Add APP-1234 john.mcmullan 2h (Jira worklog 10234)',
      'Update APP-1234 john.mcmullan 1h → 1.5h (Jira worklog 2)',
      'Delete APP-1234 john.mcmullan 2h (Jira worklog 3)',
      '',
    ].join('\n'));
  });

  it('keeps line breaks and control characters from Jira out of the subject', () => {
    const message = jiraCommitMessage([change({ author: 'jira:evil\n\nSigned-off-by: x\u0000' })]);
    expect(message).to.equal('[tract-sync] Add worklog from Jira (APP-1234, jira:evil Signed-off-by: x, 2h)');
  });

  it('has no message for no change', () => {
    expect(jiraCommitMessage([])).to.equal(undefined);
  });
});
