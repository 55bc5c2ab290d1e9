/** What a benchmark module's `run()` returns; the harness adds name, date, node, cpus and evaluates goals. */
export type GoalOp = '<=' | '>=' | '<';

export interface Goal {
  op: GoalOp;
  target: number;
}

export interface BenchResult {
  metrics: Record<string, number>;
  /** Keyed by metric name; the value is taken from `metrics`. */
  goals: Record<string, Goal>;
}

export interface EvaluatedGoal extends Goal {
  value: number;
  met: boolean;
}

/** The file `bench/results/<name>.json` (README.md). */
export interface BenchReport {
  name: string;
  date: string;
  node: string;
  cpus: number;
  metrics: Record<string, number>;
  goals: Record<string, EvaluatedGoal>;
}

export interface BenchModule {
  run(): Promise<BenchResult>;
}

export function meets(op: GoalOp, value: number, target: number): boolean {
  if (op === '<=') return value <= target;
  if (op === '>=') return value >= target;
  return value < target;
}

export function evaluateGoals(result: BenchResult): Record<string, EvaluatedGoal> {
  const goals: Record<string, EvaluatedGoal> = {};
  for (const [metric, goal] of Object.entries(result.goals)) {
    const value = result.metrics[metric] ?? Number.NaN;
    goals[metric] = { ...goal, value, met: Number.isFinite(value) && meets(goal.op, value, goal.target) };
  }
  return goals;
}
