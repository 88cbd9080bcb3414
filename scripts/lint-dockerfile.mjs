// Lints the Dockerfile. hadolint is not packaged for our machines (neither Debian nor npm), so:
// dockerfile-utils (the parser and validator behind VS Code's Dockerfile support) for syntax and
// deprecated or malformed instructions, plus the few rules this project promises (docs/operations.md):
// pinned base images, a non-root USER and a HEALTHCHECK for every app stage, exec-form CMD.
import { readFileSync } from 'node:fs';
import { validate } from 'dockerfile-utils';

const file = process.argv[2] ?? 'Dockerfile';
const text = readFileSync(file, 'utf8');
const problems = validate(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);

const stages = [];
for (const [index, line] of text.split('\n').entries()) {
  const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
  if (from) {
    const [, image, name] = from;
    stages.push({ image, name, line: index + 1, user: undefined, healthcheck: false, cmd: undefined });
    if (!stages.some((s) => s.name === image) && (!image.includes(':') || image.endsWith(':latest'))) {
      problems.push(`line ${index + 1}: base image ${image} is not pinned to a version tag`);
    }
    continue;
  }
  const stage = stages.at(-1);
  if (!stage) continue;
  const user = /^USER\s+(\S+)/i.exec(line);
  if (user) stage.user = user[1];
  if (/^HEALTHCHECK\s/i.test(line)) stage.healthcheck = true;
  const cmd = /^CMD\s+(.*)/i.exec(line);
  if (cmd) stage.cmd = { form: cmd[1].trim().startsWith('[') ? 'exec' : 'shell', line: index + 1 };
}

const userOf = (stage) =>
  stage.user ??
  (stages.find((s) => s.name === stage.image)
    ? userOf(stages.find((s) => s.name === stage.image))
    : undefined);
for (const stage of stages.filter((s) => s.cmd)) {
  const user = userOf(stage);
  if (!user || user === 'root' || user === '0')
    problems.push(`stage ${stage.name}: runs as root (add a USER)`);
  if (!stage.healthcheck) problems.push(`stage ${stage.name}: no HEALTHCHECK`);
  if (stage.cmd.form !== 'exec')
    problems.push(`line ${stage.cmd.line}: CMD in shell form would not pass SIGTERM to node`);
}

if (problems.length > 0) {
  console.error(`${file}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(
  `${file}: ${stages
    .filter((s) => s.cmd)
    .map((s) => s.name)
    .join(', ')} stages pass the lint`,
);
