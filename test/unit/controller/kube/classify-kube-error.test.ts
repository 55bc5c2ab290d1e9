import { ApiException } from '@kubernetes/client-node';
import { expect } from 'chai';
import { AuthError, ConflictError, TransientError, ValidationError } from '../../../../shared/core/tract-error.ts';
import { classifyKubeError, kubeStatusCode } from '../../../../controller/kube/classify-kube-error.ts';

function apiError(code: number, message: string, headers: Record<string, string> = {}): ApiException<string> {
  const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, code });
  return new ApiException(code, `HTTP-Code: ${code}\nMessage: Unknown API Status Code!\nBody: ${body}\nHeaders: ${JSON.stringify(headers)}`, body, headers);
}

describe('classifyKubeError', () => {
  it('403 and 401 are AuthErrors that point at RBAC, with the API server\'s message on one line', () => {
    const err = classifyKubeError(apiError(403, 'secrets "jira" is forbidden:\nUser "system:serviceaccount:tract:tract" cannot get resource "secrets"'), 'read Secret team-a/jira');
    expect(err).to.be.instanceOf(AuthError);
    expect(err.message).to.equal('Kubernetes API refused to read Secret team-a/jira: 403 secrets "jira" is forbidden: User "system:serviceaccount:tract:tract" cannot get resource "secrets"; check the controller\'s credentials and RBAC');
    expect(classifyKubeError(apiError(401, 'Unauthorized'), 'x')).to.be.instanceOf(AuthError);
  });

  it('409 is a ConflictError', () => {
    expect(classifyKubeError(apiError(409, 'the object has been modified'), 'patch')).to.be.instanceOf(ConflictError);
  });

  it('429 and 5xx are TransientErrors, honouring Retry-After', () => {
    const busy = classifyKubeError(apiError(429, 'too many requests', { 'retry-after': '3' }), 'list TractRepos');
    expect(busy).to.be.instanceOf(TransientError);
    expect((busy as TransientError).retryAfterMs).to.equal(3000);
    expect(classifyKubeError(apiError(503, 'etcd down'), 'x')).to.be.instanceOf(TransientError);
  });

  it('other 4xx are ValidationErrors; 404 has its own reason', () => {
    expect(classifyKubeError(apiError(422, 'invalid'), 'x')).to.be.instanceOf(ValidationError);
    expect(classifyKubeError(apiError(404, 'not found'), 'x').reason).to.equal('KubeNotFound');
  });

  it('no answer at all (connection refused) is a TransientError naming the network code', () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' }) });
    const err = classifyKubeError(refused, 'list TractRepos');
    expect(err).to.be.instanceOf(TransientError);
    expect(err.message).to.equal('Kubernetes API unreachable (list TractRepos): ECONNREFUSED');
    expect(kubeStatusCode(refused)).to.equal(undefined);
  });

  it('a string code (Node system errors) is not an HTTP status', () => {
    expect(kubeStatusCode(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).to.equal(undefined);
    expect(kubeStatusCode(apiError(404, 'x'))).to.equal(404);
  });
});
