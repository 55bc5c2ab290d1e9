import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { verifyGitSignature } from '../../../../controller/server/verify-git-signature.ts';

const SECRET = 'hook-secret';
const BODY = Buffer.from('{"ref":"refs/heads/main"}');
const hex = (secret: string): string => createHmac('sha256', secret).update(BODY).digest('hex');
const headers = (h: Record<string, string>) => (name: string): string | undefined => h[name];

describe('verifyGitSignature', () => {
  it('accepts GitHub, GitLab, Gitea and generic signatures made with the secret', () => {
    expect(verifyGitSignature(headers({ 'x-hub-signature-256': `sha256=${hex(SECRET)}` }), BODY, SECRET)).to.deep.equal({ source: 'github', valid: true });
    expect(verifyGitSignature(headers({ 'x-gitlab-token': SECRET }), BODY, SECRET)).to.deep.equal({ source: 'gitlab', valid: true });
    expect(verifyGitSignature(headers({ 'x-gitea-signature': hex(SECRET) }), BODY, SECRET)).to.deep.equal({ source: 'gitea', valid: true });
    expect(verifyGitSignature(headers({ 'x-signature': `sha256=${hex(SECRET)}` }), BODY, SECRET)).to.deep.equal({ source: 'generic', valid: true });
  });

  it('refuses other secrets, other bodies, and missing signatures', () => {
    expect(verifyGitSignature(headers({ 'x-hub-signature-256': `sha256=${hex('other')}` }), BODY, SECRET).valid).to.equal(false);
    expect(verifyGitSignature(headers({ 'x-hub-signature-256': `sha256=${hex(SECRET)}` }), Buffer.from('{}'), SECRET).valid).to.equal(false);
    expect(verifyGitSignature(headers({ 'x-gitlab-token': `${SECRET}x` }), BODY, SECRET).valid).to.equal(false);
    expect(verifyGitSignature(headers({ 'x-gitea-signature': `sha256=${hex(SECRET)}` }), BODY, SECRET).valid).to.equal(false);
    expect(verifyGitSignature(headers({ 'x-github-event': 'push' }), BODY, SECRET)).to.deep.equal({ source: 'github', valid: false });
    expect(verifyGitSignature(headers({}), BODY, SECRET)).to.deep.equal({ source: 'generic', valid: false });
  });

  it('does not accept the legacy SHA-1 GitHub header', () => {
    const sha1 = `sha1=${createHmac('sha1', SECRET).update(BODY).digest('hex')}`;
    expect(verifyGitSignature(headers({ 'x-hub-signature': sha1 }), BODY, SECRET).valid).to.equal(false);
  });
});
