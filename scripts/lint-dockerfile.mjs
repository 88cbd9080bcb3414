// Lints the Dockerfile and its .dockerignore. hadolint is not packaged for our machines (neither
// Debian nor npm), so: dockerfile-utils (the parser and validator behind VS Code's Dockerfile
// support) for syntax and deprecated or malformed instructions, @balena/dockerignore (a port of
// Docker's own matcher) for the build context, plus the rules this project promises
// (docs/operations.md, "The image"):
//   - base images come from one ARG holding an exact release (x.y.z), optionally with its digest;
//   - `npm ci` only, always with --ignore-scripts; the runtime's node_modules from `--omit=dev`;
//   - every app stage runs as a non-root USER, has a HEALTHCHECK and an exec-form CMD;
//   - the context holds every file the Dockerfile copies and none of .env, .git, docs, bench, tests.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import dockerignore from '@balena/dockerignore';
import { validate } from 'dockerfile-utils';

const file = process.argv[2] ?? 'Dockerfile';
const text = readFileSync(file, 'utf8');
const problems = validate(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);

// `name:1.2.3[-variant][@sha256:<64 hex>]`: a floating tag (`24-slim`, `latest`) is refused.
const EXACT_RELEASE = /^[\w./-]+:\d+\.\d+\.\d+[\w.-]*(@sha256:[0-9a-f]{64})?$/;

// Continuation lines joined, comments dropped: one entry per instruction, with its first line.
const instructions = [];
let pending;
for (const [index, raw] of text.split('\n').entries()) {
  if (!pending && (/^\s*#/.test(raw) || raw.trim() === '')) continue;
  const line = raw.replace(/\\\s*$/, '');
  pending = pending
    ? { ...pending, text: `${pending.text} ${line.trim()}` }
    : { line: index + 1, text: line.trim() };
  if (!/\\\s*$/.test(raw)) {
    instructions.push(pending);
    pending = undefined;
  }
}

const globalArgs = new Map();
const stages = [];
for (const { line, text: instruction } of instructions) {
  const [keyword, ...rest] = instruction.split(/\s+/);
  const args = rest.join(' ');
  const stage = stages.at(-1);
  switch (keyword.toUpperCase()) {
    case 'ARG': {
      const [, name, value] = /^(\w+)(?:=(\S*))?/.exec(args) ?? [];
      if (!stage) globalArgs.set(name, value);
      break;
    }
    case 'FROM': {
      const [, image, name] = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(args) ?? [];
      const parent = stages.find((s) => s.name === image);
      stages.push({ image, name, parent, line, npm: [], copiesFrom: [], healthcheck: false });
      if (parent) break;
      const variable = /^\$\{?(\w+)\}?$/.exec(image)?.[1];
      if (!variable) problems.push(`line ${line}: FROM ${image}: take the base image from the one ARG`);
      else if (!EXACT_RELEASE.test(globalArgs.get(variable) ?? ''))
        problems.push(
          `line ${line}: ARG ${variable}=${globalArgs.get(variable)} is not an exact release (x.y.z[@sha256:…])`,
        );
      break;
    }
    case 'RUN':
      for (const command of args.split(/&&|;/).map((c) => c.trim())) {
        if (/^npm\s+(install|i|add)\b/.test(command))
          problems.push(`line ${line}: use npm ci, not: ${command}`);
        if (/^npm\s+ci\b/.test(command)) {
          stage.npm.push(command);
          if (!command.includes('--ignore-scripts'))
            problems.push(`line ${line}: npm ci without --ignore-scripts`);
        }
      }
      break;
    case 'COPY': {
      const from = /--from=(\S+)/.exec(args)?.[1];
      const paths = args.replace(/--\S+/g, '').trim().split(/\s+/);
      if (from) stage.copiesFrom.push({ from, sources: paths.slice(0, -1), line });
      else stage.contextSources = [...(stage.contextSources ?? []), ...paths.slice(0, -1)];
      break;
    }
    case 'USER':
      stage.user = args.trim();
      break;
    case 'HEALTHCHECK':
      stage.healthcheck = !/^NONE\b/i.test(args.trim());
      break;
    case 'CMD':
      stage.cmd = { form: args.trim().startsWith('[') ? 'exec' : 'shell', line };
      break;
  }
}

const inherited = (stage, key) => stage[key] || (stage.parent ? inherited(stage.parent, key) : undefined);
for (const stage of stages.filter((s) => s.cmd)) {
  const user = inherited(stage, 'user');
  if (!user || user === 'root' || user === '0')
    problems.push(`stage ${stage.name}: runs as root (add a USER)`);
  if (!inherited(stage, 'healthcheck')) problems.push(`stage ${stage.name}: no HEALTHCHECK`);
  if (stage.cmd.form !== 'exec')
    problems.push(`line ${stage.cmd.line}: CMD in shell form would not pass SIGTERM to node`);
}
for (const stage of stages) {
  for (const copy of stage.copiesFrom.filter((c) => c.sources.some((s) => /node_modules/.test(s)))) {
    const source = stages.find((s) => s.name === copy.from);
    if (!source?.npm.some((command) => command.includes('--omit=dev')))
      problems.push(
        `line ${copy.line}: node_modules copied from ${copy.from}, which does not install with --omit=dev`,
      );
  }
}

// The build context, as `docker build` would send it.
const ignoreFile = join(dirname(file), '.dockerignore');
if (!existsSync(ignoreFile)) problems.push(`${ignoreFile} is missing: the whole checkout would be sent`);
else {
  const ignored = dockerignore().add(readFileSync(ignoreFile, 'utf8'));
  for (const source of new Set(stages.flatMap((s) => s.contextSources ?? []))) {
    if (ignored.ignores(source))
      problems.push(`.dockerignore excludes ${source}, which the Dockerfile copies`);
  }
  const mustStayOut = [
    '.env',
    '.env.production',
    'apps/gateway/.env',
    '.git/config',
    'docs/operations.md',
    'bench/run.mjs',
    'test/support/eventually.ts',
    'apps/gateway/src/main.spec.ts',
    'node_modules/x/index.js',
    'dist/apps/gateway/src/main.js',
    'backup/events/stream.tar.s2',
    'README.md',
    '.cache/bin/nats-server',
    '.local/services/nats.log',
    'config/local.env',
  ];
  for (const path of mustStayOut) {
    if (!ignored.ignores(path)) problems.push(`.dockerignore lets ${path} into the build context`);
  }
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
