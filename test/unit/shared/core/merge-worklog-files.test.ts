import { expect } from 'chai';
import { mergeWorklogFiles } from '../../../../shared/core/merge-worklog-files.ts';
import { A1, A2, A_DELETED, B, BROKEN, C, file, HAND, ID_A, line, LINK } from '../../../support/record-versions.ts';

const BOM = '\uFEFF';
const A_LINKED = line(ID_A, { jira: LINK });
const A2_LINKED = line(ID_A, { time: '2h', updated: '2026-02-14T10:00:00.000Z', jira: LINK });
const OTHER_BROKEN = 'not json at all';

describe('mergeWorklogFiles', () => {
  // [name, base, ours, theirs, merged]
  const cases: [string, string, string, string, string][] = [
    ['appends on both sides keep both, ours first', file(A1), file(A1, B), file(A1, C), file(A1, B, C)],
    ['no common base: the union by id', '', file(A1, B), file(B, C), file(A1, B, C)],
    ['the same record appended on both sides stands once', file(A1), file(A1, B), file(A1, B), file(A1, B)],
    ['a delete on one side and an append on the other (issue 12, case 1): the tombstone stays', file(A1), file(A_DELETED), file(A1, B), file(A_DELETED, B)],
    ['the same, sides swapped', file(A1), file(A1, B), file(A_DELETED), file(A_DELETED, B)],
    ['an edit on each side: the later one wins, at ours\' place', file(A1, B), file(B, A1), file(A2, B), file(B, A2)],
    ['an edit older than a tombstone does not revive it', file(A2), file(line(ID_A, { time: '3h', updated: '2026-02-14T10:30:00.000Z' })), file(A_DELETED), file(A_DELETED)],
    ['a version newer than the tombstone wins (a later edit)', file(A2), file(line(ID_A, { time: '3h', updated: '2026-02-14T12:00:00.000Z' })), file(A_DELETED), file(line(ID_A, { time: '3h', updated: '2026-02-14T12:00:00.000Z' }))],
    ['an id one side took out and the other left as in the base stays out (a move)', file(A1, B), file(B), file(A1, B, C), file(B, C)],
    ['an id one side took out and the other changed stays (absence is never a delete)', file(A1, B), file(B), file(A2, B), file(B, A2)],
    ['stale copies one side resolved away stay resolved', file(A1, B, A2), file(A2, B), file(A1, B, A2, C), file(A2, B, C)],
    ['the controller\'s link and a teammate\'s edit of the unlinked line join', file(A1), file(A_LINKED), file(A2), file(A2_LINKED)],
    ['a malformed line stays where it stands in ours', file(A1, BROKEN, B), file(A1, BROKEN, B, C), file(A1, BROKEN, B), file(A1, BROKEN, B, C)],
    ['a malformed line only theirs added goes to the end', file(A1), file(A1, B), file(A1, OTHER_BROKEN), file(A1, B, OTHER_BROKEN)],
    ['a malformed line theirs removed (fixed) and ours left is removed', file(A1, BROKEN), file(A1, BROKEN, B), file(A1, A2), file(A2, B)],
    ['a malformed line ours removed stays removed', file(A1, BROKEN), file(A1), file(A1, BROKEN, B), file(A1, B)],
    ['a hand-written line without id is kept as written', file(HAND), file(HAND, B), file(HAND, C), file(HAND, B, C)],
    ['CRLF in ours is kept for ours\' lines', file(A1), `${A1}\r\n${B}\r\n`, file(A1, C), `${A1}\r\n${B}\r\n${C}\n`],
    ['a BOM in ours stays in front', file(A1), `${BOM}${A1}\n`, file(A1, B), `${BOM}${A1}\n${B}\n`],
    ['a missing final newline gets one', file(A1), `${A1}\n${B}`, file(A1), file(A1, B)],
    ['nothing changed on either side: the base', file(A1, B), file(A1, B), file(A1, B), file(A1, B)],
  ];
  for (const [name, base, ours, theirs, merged] of cases) {
    it(name, () => {
      expect(mergeWorklogFiles(base, ours, theirs)).to.equal(merged);
    });
  }
});
