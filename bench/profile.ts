/**
 * Reads a V8 `.cpuprofile` written by `node --cpu-prof` and says where the time went during one
 * window (the measured /api/me round): self time by area (package, Node core, our own source) and
 * by function, and inclusive time of Attune's own functions.
 */
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Window {
  label: string;
  start: number;
  end: number;
}

function areaOf(url: string, functionName: string, repoRoot: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node core';
  const file = url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url;
  const pkg = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (pkg?.[1]) return pkg[1];
  if (file.startsWith(repoRoot)) return path.relative(repoRoot, file).split('/').slice(0, 4).join('/');
  return file;
}

function shortUrl(url: string, repoRoot: string): string {
  const file = url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url;
  const inModules = file.lastIndexOf('node_modules/');
  if (inModules >= 0) return file.slice(inModules + 'node_modules/'.length);
  return file.startsWith(repoRoot) ? path.relative(repoRoot, file) : file;
}

const top = (counts: Map<string, number>, n: number) => [...counts.entries()].sort((x, y) => y[1] - x[1]).slice(0, n);

/** Returns '' for a profile with no busy sample in the window (e.g. the thread of tsx's module loader). */
export function summariseProfile(file: string, window: Window | undefined, repoRoot: string): string {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const key = (n: ProfileNode) => {
    const { functionName, url, lineNumber } = n.callFrame;
    return `${functionName || '(anonymous)'}  ${url ? `${shortUrl(url, repoRoot)}:${lineNumber + 1}` : ''}`.trim();
  };

  const selfByArea = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  const inclusiveOwn = new Map<string, number>();
  let total = 0;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    if (window && (t < window.start || t > window.end)) continue;
    const node = byId.get(profile.samples[i] ?? -1);
    if (!node || node.callFrame.functionName === '(idle)') continue;
    total++;
    const area = areaOf(node.callFrame.url, node.callFrame.functionName, repoRoot);
    selfByArea.set(area, (selfByArea.get(area) ?? 0) + 1);
    selfByFunction.set(key(node), (selfByFunction.get(key(node)) ?? 0) + 1);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id);
      if (!frame?.callFrame.url.includes('/src/server/')) continue;
      const k = key(frame);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusiveOwn.set(k, (inclusiveOwn.get(k) ?? 0) + 1);
    }
  }
  if (total === 0) return '';
  const share = (n: number) => `${((100 * n) / Math.max(1, total)).toFixed(1).padStart(5)} %`;
  const out = [
    `\nCPU profile ${path.relative(repoRoot, file)}${window ? ` during ${window.label}` : ''}: ${total} busy samples`,
    '  self time by area:',
    ...top(selfByArea, 14).map(([k, n]) => `    ${share(n)}  ${k}`),
    '  self time by function:',
    ...top(selfByFunction, 20).map(([k, n]) => `    ${share(n)}  ${k}`),
    "  inclusive time of Attune's own functions:",
    ...top(inclusiveOwn, 16).map(([k, n]) => `    ${share(n)}  ${k}`),
  ];
  return out.join('\n');
}
