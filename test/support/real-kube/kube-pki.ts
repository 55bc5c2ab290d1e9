/**
 * What a test kube-apiserver needs on disk before it starts (docs/operator.md, "The real Kubernetes API
 * server"): the service-account signing key pair (TokenRequest tokens for the controller), a static token
 * for the test's own admin (group system:masters) and an audit policy that records every request of a
 * service account (the real server's request log). Its serving certificate it generates itself into
 * `--cert-dir`; the tests trust that certificate.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface KubePki {
  serviceAccountKey: string;
  serviceAccountPub: string;
  tokenFile: string;
  adminToken: string;
  auditPolicy: string;
}

/** The audit policy: service accounts' requests at Metadata level (who, verb, resource, response code), nothing else. */
const AUDIT_POLICY = [
  'apiVersion: audit.k8s.io/v1',
  'kind: Policy',
  'omitStages: [RequestReceived]',
  'rules:',
  '  - level: Metadata',
  '    userGroups: [system:serviceaccounts]',
  '  - level: None',
  '',
].join('\n');

export function writeKubePki(dir: string): KubePki {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pki: KubePki = {
    serviceAccountKey: join(dir, 'sa.key'),
    serviceAccountPub: join(dir, 'sa.pub'),
    tokenFile: join(dir, 'tokens.csv'),
    adminToken: randomBytes(24).toString('hex'),
    auditPolicy: join(dir, 'audit-policy.yaml'),
  };
  writeFileSync(pki.serviceAccountKey, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(pki.serviceAccountPub, publicKey.export({ type: 'spki', format: 'pem' }));
  writeFileSync(pki.tokenFile, `${pki.adminToken},tract-test-admin,tract-test-admin,"system:masters"\n`, { mode: 0o600 });
  writeFileSync(pki.auditPolicy, AUDIT_POLICY);
  return pki;
}
