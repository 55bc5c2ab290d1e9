/**
 * Builds the file set of the Dockerfile's image without a Docker engine: every stage's COPY runs for
 * real (from the build context, filtered by .dockerignore, or from an earlier stage), and the build
 * stages' RUN commands run in bash with the stage's WORKDIR. The runtime stage's RUN (apt-get, useradd)
 * changes the operating system and is NOT emulated. Image paths are mapped under one folder per stage.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import type { ImageTemplate, Instruction } from 'dockerfile-ast';

export interface EmulatedImage {
  /** Folder that stands for `/` of the runtime stage. */
  root: string;
  /** The runtime stage's ENV, its WORKDIR and its ENTRYPOINT and HEALTHCHECK commands (exec form). */
  env: Record<string, string>;
  workdir: string;
  entrypoint: string[];
  healthcheck: string[];
}

export function parseDockerignore(text: string): { pattern: RegExp; negate: boolean }[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const negate = line.startsWith('!');
      const glob = (negate ? line.slice(1) : line).replace(/\/$/, '');
      const source = glob.split('**/').map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')).join('(.*/)?');
      return { pattern: new RegExp(`^${source}(/.*)?$`), negate };
    });
}

/** Docker's rule: the last matching line decides; a path is excluded when that line is not negated. */
export function isIgnored(path: string, rules: readonly { pattern: RegExp; negate: boolean }[]): boolean {
  let ignored = false;
  for (const rule of rules) if (rule.pattern.test(path)) ignored = !rule.negate;
  return ignored;
}

const argsOf = (i: Instruction): string[] => i.getArguments().map((a) => a.getValue());
const jsonArgs = (i: Instruction): string[] => JSON.parse((i.getArgumentsContent() ?? '[]').replace(/^CMD\s+/, '')) as string[];

export function emulateImage(contextDir: string, outDir: string, runEnv: Record<string, string | undefined>): EmulatedImage {
  const text = readFileSync(join(contextDir, 'Dockerfile'), 'utf8');
  const file = DockerfileParser.parse(text);
  const ignore = parseDockerignore(readFileSync(join(contextDir, '.dockerignore'), 'utf8'));
  const stages = file.getFROMs().map((from) => file.getContainingImage(from.getRange().start) as ImageTemplate);
  const names = file.getFROMs().map((from, index) => from.getBuildStage() ?? String(index));
  const stageRoot = (name: string): string => join(outDir, name);
  let image: EmulatedImage | undefined;
  stages.forEach((stage, index) => {
    const name = names[index]!;
    const isFinal = index === stages.length - 1;
    let workdir = '/';
    const env: Record<string, string> = {};
    for (const instruction of stage.getInstructions()) {
      const keyword = instruction.getKeyword();
      if (keyword === 'WORKDIR') mkdirSync(join(stageRoot(name), (workdir = instruction.getArgumentsContent() ?? '/')), { recursive: true });
      if (keyword === 'ENV') for (const arg of argsOf(instruction)) { const [k, ...v] = arg.split('='); env[k!] = v.join('='); }
      if (keyword === 'COPY') copy(instruction, { contextDir, ignore, into: stageRoot(name), workdir, stageRoot });
      if (keyword === 'RUN' && !isFinal) execFileSync('bash', ['-euo', 'pipefail', '-c', (instruction.getArgumentsContent() ?? '').replace(/\\\n/g, ' ')], { cwd: join(stageRoot(name), workdir), env: runEnv, stdio: 'pipe' });
    }
    if (isFinal) {
      const entrypoint = stage.getENTRYPOINTs().at(-1);
      const healthcheck = stage.getHEALTHCHECKs().at(-1);
      const cmd = healthcheck?.getArgumentsContent() ?? '';
      image = { root: stageRoot(name), env, workdir, entrypoint: entrypoint ? jsonArgs(entrypoint) : [], healthcheck: JSON.parse(cmd.slice(cmd.indexOf('['))) as string[] };
    }
  });
  return image!;
}

interface CopyContext {
  contextDir: string;
  ignore: { pattern: RegExp; negate: boolean }[];
  into: string;
  workdir: string;
  stageRoot(name: string): string;
}

function copy(instruction: Instruction, ctx: CopyContext): void {
  const args = argsOf(instruction).filter((a) => !a.startsWith('--'));
  const from = (instruction as unknown as { getFromFlag(): { getValue(): string | null } | null }).getFromFlag()?.getValue();
  const dest = args.at(-1)!;
  const target = join(ctx.into, dest.startsWith('/') ? dest : join(ctx.workdir, dest));
  for (const source of args.slice(0, -1)) {
    const origin = from ? join(ctx.stageRoot(from), source) : join(ctx.contextDir, source);
    const into = dest.endsWith('/') && !statSync(origin).isDirectory() ? join(target, source.split('/').at(-1)!) : target;
    mkdirSync(dest.endsWith('/') ? target : join(into, '..'), { recursive: true });
    cpSync(origin, into, {
      recursive: true,
      filter: (path) => from !== undefined || !isIgnored(relative(ctx.contextDir, path) || '.', ctx.ignore) || relative(ctx.contextDir, path) === '',
    });
  }
}
