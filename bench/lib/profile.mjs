import fs from 'node:fs';
import path from 'node:path';

/** Where a script lives, for grouping: a package name from node_modules, else our own file. */
function ownerOf(url) {
  if (!url) return '(native / V8)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.startsWith('node:')) return 'node (core)';
  const dist = url.indexOf('/dist/');
  return dist >= 0
    ? `eventline ${url
        .slice(dist + 6)
        .split('/')
        .slice(0, 2)
        .join('/')}`
    : path.basename(url);
}

/**
 * The package a sample belongs to once native and Node-core frames are charged to the nearest
 * JavaScript caller above them (a Buffer copy made for NATS counts as NATS). GC stays on its own.
 */
function attributedOwner(id, nodes, parents) {
  for (let cur = id; cur !== undefined; cur = parents.get(cur)) {
    const { callFrame } = nodes.get(cur);
    if (callFrame.functionName === '(garbage collector)') return '(garbage collector)';
    const file = callFrame.url.replace(/^file:\/\//, '');
    if (file && !file.startsWith('node:')) return ownerOf(file);
  }
  return '(native / V8)';
}

/**
 * Self time of a V8 .cpuprofile, summed per function and per package: the figure's limit, read
 * from a profile rather than guessed.
 */
export function summarizeProfile(file, top = 15) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parents = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parents.set(child, n.id);
  const selfByNode = new Map();
  profile.samples.forEach((id, i) =>
    selfByNode.set(id, (selfByNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
  );
  const byFunction = new Map();
  const byOwner = new Map();
  const byCaller = new Map();
  let total = 0;
  let idle = 0;
  for (const [id, micros] of selfByNode) {
    const { callFrame } = nodes.get(id);
    if (callFrame.functionName === '(idle)') {
      idle += micros;
      continue;
    }
    const caller = attributedOwner(id, nodes, parents);
    if (caller === 'cpu-profile.preload.mjs') continue; // the profiler stopping itself
    total += micros;
    const file = callFrame.url.replace(/^file:\/\//, '');
    const where = file ? `${ownerOf(file)} ${path.basename(file)}:${callFrame.lineNumber + 1}` : '';
    const key = `${callFrame.functionName || '(anonymous)'} ${where}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
    const owner = ownerOf(file);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + micros);
    byCaller.set(caller, (byCaller.get(caller) ?? 0) + micros);
  }
  const share = (m) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, percent: (100 * us) / total }));
  return {
    file,
    busySeconds: total / 1e6,
    idleSeconds: idle / 1e6,
    topFunctions: share(byFunction),
    byPackage: share(byOwner),
    byPackageWithNative: share(byCaller),
  };
}

export function renderProfile(summary) {
  const lines = [
    `${path.basename(summary.file)}: ${summary.busySeconds.toFixed(1)} s busy, ${summary.idleSeconds.toFixed(1)} s idle`,
  ];
  lines.push('  self time by package:');
  for (const p of summary.byPackage.slice(0, 10))
    lines.push(`    ${p.percent.toFixed(1).padStart(5)}%  ${p.name}`);
  lines.push('  self time by package, native and Node-core time charged to the JS caller:');
  for (const p of summary.byPackageWithNative.slice(0, 10))
    lines.push(`    ${p.percent.toFixed(1).padStart(5)}%  ${p.name}`);
  lines.push('  top functions (self time):');
  for (const f of summary.topFunctions) lines.push(`    ${f.percent.toFixed(1).padStart(5)}%  ${f.name}`);
  return lines.join('\n');
}
