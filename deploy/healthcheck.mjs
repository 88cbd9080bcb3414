// The image's HEALTHCHECK: exit 0 when the app answers 200 on GET /health/ready, else 1.
//
// The port and address are read from the sockets the app listens on (/proc), not from its
// variables: PORT / HEALTH_PORT may be 0 (any free port) and HOST / HEALTH_HOST any address, and
// the answer is right for every valid value. In a container the app is the one process running
// dist/apps/<app>/src/main.js; elsewhere (tests) its pid is the first argument.
//
//   node deploy/healthcheck.mjs [pid]
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

const TIMEOUT_MS = 2_500;
const LISTEN = '0A';

function appPids() {
  if (process.argv[2]) return [process.argv[2]];
  return readdirSync('/proc').filter((entry) => {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) return false;
    try {
      return /\/?dist\/apps\/[^/]+\/src\/main\.js/.test(readFileSync(`/proc/${entry}/cmdline`, 'utf8'));
    } catch {
      return false; // gone meanwhile, or not ours
    }
  });
}

function socketInodes(pid) {
  const inodes = new Set();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]);
    } catch {
      // closed meanwhile
    }
  }
  return inodes;
}

/** `http://host:port` of every listening TCP socket among `inodes` (/proc/net/tcp and tcp6). */
function listeningUrls(inodes) {
  const urls = [];
  for (const [file, decode] of [
    ['/proc/net/tcp', ipv4],
    ['/proc/net/tcp6', ipv6],
  ]) {
    let table;
    try {
      table = readFileSync(file, 'utf8');
    } catch {
      continue; // no IPv6 in this network namespace
    }
    for (const line of table.split('\n').slice(1)) {
      const columns = line.trim().split(/\s+/);
      if (columns.length < 10 || columns[3] !== LISTEN || !inodes.has(columns[9])) continue;
      const [addressHex, portHex] = columns[1].split(':');
      urls.push(`http://${decode(addressHex)}:${parseInt(portHex, 16)}`);
    }
  }
  return urls;
}

// /proc/net/tcp holds the address as the kernel's 32-bit words in host (little-endian) order.
function ipv4(hex) {
  const bytes = hex
    .match(/../g)
    .map((b) => parseInt(b, 16))
    .reverse();
  return bytes.every((b) => b === 0) ? '127.0.0.1' : bytes.join('.');
}

function ipv6(hex) {
  if (/^0+$/.test(hex)) return '[::1]';
  const words = hex.match(/.{8}/g).map((word) => word.match(/../g).reverse().join(''));
  const groups = words.join('').match(/.{4}/g);
  if (groups.slice(0, 5).every((g) => g === '0000') && groups[5] === 'ffff') {
    return ipv4(words[3].match(/../g).reverse().join('')); // an IPv4-mapped address
  }
  return `[${groups.join(':')}]`;
}

async function ready(url) {
  try {
    const response = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    return response.status === 200;
  } catch {
    return false;
  }
}

const urls = appPids().flatMap((pid) => {
  try {
    return listeningUrls(socketInodes(pid));
  } catch {
    return [];
  }
});
const results = await Promise.all(urls.map(ready));
process.exit(results.some(Boolean) ? 0 : 1);
