import { expect } from 'chai';
import { jiraCommitMessage } from '../../../../shared/core/jira-commit-message.ts';
import type { AppliedJiraChange } from '../../../../shared/core/plan-jira-changes.ts';

function change(overrides: Partial<AppliedJiraChange> = {}): AppliedJiraChange {
  return { op: 'add', worklogId: '10234', id: 'x', issue: 'APP-1234', author: 'john.mcmullan', time: '2h', ...overrides };
}

describe('jiraCommitMessage', () => {
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
