/**
 * Git push webhook authentication for the common forges, all compared in constant time
 * (docs/operator.md; Flux notification-controller's receivers):
 * - GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, raw body)>` (SHA-1 is not accepted),
 * - GitLab: `X-Gitlab-Token: <secret>` (the secret itself),
 * - Gitea / Forgejo: `X-Gitea-Signature: <hex HMAC-SHA256>`,
 * - generic: `X-Signature: sha256=<hex HMAC-SHA256>`.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type GitWebhookSource = 'github' | 'gitlab' | 'gitea' | 'generic';

export interface GitSignatureCheck {
  source: GitWebhookSource;
  valid: boolean;
}

type Header = (name: string) => string | undefined;

export function verifyGitSignature(header: Header, body: Buffer, secret: string): GitSignatureCheck {
  const hmac = (): string => createHmac('sha256', secret).update(body).digest('hex');
  const github = header('x-hub-signature-256');
  if (github !== undefined) return { source: 'github', valid: safeEqual(github, `sha256=${hmac()}`) };
  const gitlab = header('x-gitlab-token');
  if (gitlab !== undefined) return { source: 'gitlab', valid: safeEqual(gitlab, secret) };
  const gitea = header('x-gitea-signature');
  if (gitea !== undefined) return { source: 'gitea', valid: safeEqual(gitea, hmac()) };
  const generic = header('x-signature');
  if (generic !== undefined) return { source: 'generic', valid: safeEqual(generic, `sha256=${hmac()}`) };
  return { source: detectSource(header), valid: false };
}

/** Which forge sent a delivery, from its event header (for metrics when nothing is signed). */
export function detectSource(header: Header): GitWebhookSource {
  if (header('x-github-event') !== undefined) return 'github';
  if (header('x-gitlab-event') !== undefined) return 'gitlab';
  if (header('x-gitea-event') !== undefined) return 'gitea';
  return 'generic';
}

/** Constant time whatever the lengths: both sides are hashed to the same length first. */
function safeEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given.trim()).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
