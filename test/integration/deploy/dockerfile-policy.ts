/**
 * The project's rules for its Dockerfile, on top of dockerfile-utils' validator (syntax and semantics).
 * Rule ids `DLxxxx` are hadolint's (https://github.com/hadolint/hadolint#rules) for the checks hadolint
 * makes; `TRACT-*` are the issue's requirements. hadolint itself is not packaged for npm or Debian 12.
 */
import { DockerfileParser } from 'dockerfile-ast';
import type { Dockerfile, ImageTemplate, Instruction } from 'dockerfile-ast';

export interface DockerfileFinding {
  rule: string;
  line: number;
  message: string;
}

type Check = (file: Dockerfile, stages: readonly ImageTemplate[]) => DockerfileFinding[];

export function checkDockerfilePolicy(text: string): DockerfileFinding[] {
  const file = DockerfileParser.parse(text);
  const stages = file.getFROMs().map((from) => file.getContainingImage(from.getRange().start)).filter((s): s is ImageTemplate => s !== null);
  return CHECKS.flatMap((check) => check(file, stages)).sort((a, b) => a.line - b.line);
}

const at = (instruction: Instruction, rule: string, message: string): DockerfileFinding => ({ rule, line: instruction.getRange().start.line + 1, message });

/** ARG defaults declared before the first FROM, which FROM lines may use. */
function initialArgs(file: Dockerfile): Map<string, string> {
  const args = new Map<string, string>();
  for (const arg of file.getInitialARGs()) {
    const property = arg.getProperty();
    const value = property?.getValue();
    if (property && value) args.set(property.getName(), value);
  }
  return args;
}

function baseImages(file: Dockerfile): { instruction: Instruction; image: string }[] {
  const args = initialArgs(file);
  const stageNames = new Set(file.getFROMs().map((f) => f.getBuildStage()).filter(Boolean));
  return file
    .getFROMs()
    .map((from) => ({ instruction: from as Instruction, image: (from.getImage() ?? '').replace(/\$\{?(\w+)\}?/g, (_m, name: string) => args.get(name) ?? '') }))
    .filter(({ image }) => !stageNames.has(image));
}

const runs = (stage: ImageTemplate): Instruction[] => stage.getInstructions().filter((i) => i.getKeyword() === 'RUN');

const CHECKS: Check[] = [
  (file) => baseImages(file).flatMap(({ instruction, image }) => {
    const tag = /:([^/@]+)$/.exec(image)?.[1];
    if (!tag) return [at(instruction, 'DL3006', `Always tag the image explicitly: ${image}`)];
    if (tag === 'latest') return [at(instruction, 'DL3007', 'Using latest is prone to errors: pin a version')];
    if (!/^node:24(\.\d+){0,2}-(\w+-)?slim$/.test(image)) return [at(instruction, 'TRACT-BASE', `Base image must be Node.js 24 slim, not ${image}`)];
    return [];
  }),
  (_file, stages) => (stages.length >= 2 && stages.at(-1)?.getCOPYs().some((c) => c.getFromFlag() !== null)
    ? []
    : [{ rule: 'TRACT-MULTISTAGE', line: 1, message: 'Build in a separate stage and COPY --from it into the runtime stage' }]),
  (file, stages) => {
    const final = stages.at(-1);
    const users = final?.getInstructions().filter((i) => i.getKeyword() === 'USER') ?? [];
    const last = users.at(-1);
    if (!last) return [{ rule: 'DL3002', line: file.getFROMs().at(-1)!.getRange().start.line + 1, message: 'The runtime stage must switch to a non-root USER' }];
    const user = last.getArgumentsContent() ?? '';
    if (/^(root|0)(:|$)/.test(user)) return [at(last, 'DL3002', 'Last USER should not be root')];
    if (!/^[1-9]\d*(:\d+)?$/.test(user)) return [at(last, 'TRACT-NUMERIC-USER', 'USER must be numeric (uid:gid) so Kubernetes runAsNonRoot can verify it')];
    return [];
  },
  (file) => file.getInstructions().filter((i) => i.getKeyword() === 'ADD').map((i) => at(i, 'DL3020', 'Use COPY instead of ADD for files and folders')),
  (file) => file.getInstructions()
    .filter((i) => ['CMD', 'ENTRYPOINT'].includes(i.getKeyword()) && !(i.getArgumentsContent() ?? '').trim().startsWith('['))
    .map((i) => at(i, 'DL3025', 'Use JSON notation for CMD and ENTRYPOINT, so signals reach the process')),
  (_file, stages) => stages.flatMap(runs).flatMap((run) => aptFindings(run)),
  (_file, stages) => stages.flatMap(runs).filter((run) => /(^|&&|;)\s*cd\s/.test(run.getArgumentsContent() ?? '')).map((run) => at(run, 'DL3003', 'Use WORKDIR to switch to a directory')),
  (file, stages) => {
    const final = stages.at(-1);
    const checks = final?.getHEALTHCHECKs() ?? [];
    if (checks.length === 0) return [{ rule: 'TRACT-HEALTHCHECK', line: file.getFROMs().at(-1)!.getRange().start.line + 1, message: 'The runtime stage needs a HEALTHCHECK' }];
    return [];
  },
  (file, stages) => {
    const installed = (stages.at(-1) ? runs(stages.at(-1)!) : []).map((r) => r.getArgumentsContent() ?? '').join(' ');
    return ['git', 'openssh-client']
      .filter((pkg) => !new RegExp(`apt-get install[^&;]*\\s${pkg}(\\s|$)`).test(installed))
      .map((pkg) => ({ rule: 'TRACT-PACKAGES', line: file.getFROMs().at(-1)!.getRange().start.line + 1, message: `The runtime stage must install ${pkg}` }));
  },
];

function aptFindings(run: Instruction): DockerfileFinding[] {
  const command = (run.getArgumentsContent() ?? '').replace(/\\\n/g, ' ');
  if (!/apt-get install/.test(command)) return [];
  const findings: DockerfileFinding[] = [];
  if (!/--no-install-recommends/.test(command)) findings.push(at(run, 'DL3015', 'Avoid additional packages by specifying --no-install-recommends'));
  if (!/apt-get install[^&;]*\s-(y|-yes|-assume-yes)\b/.test(command)) findings.push(at(run, 'DL3014', 'Use the -y switch to avoid manual input'));
  if (!/rm -rf \/var\/lib\/apt\/lists/.test(command)) findings.push(at(run, 'DL3009', 'Delete the apt-get lists after installing something'));
  return findings;
}
