/** A node of V8's sampling heap profile (DevTools protocol, HeapProfiler.SamplingHeapProfileNode). */
export interface SamplingNode {
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  /** Bytes allocated by this frame itself, scaled from the samples (V8 counts each sample as its expected share). */
  readonly selfSize: number;
  readonly children: readonly SamplingNode[];
}

export interface AllocationSite {
  readonly site: string;
  readonly bytes: number;
}

export interface AllocationSites {
  readonly totalBytes: number;
  /** By function (file:line); a builtin (Array join, Map set, Buffer slice…) under the function that called it. */
  readonly bySite: readonly AllocationSite[];
  /** By package (node_modules), Node.js itself, or the repo's app folder / lib. */
  readonly byArea: readonly AllocationSite[];
}

/** Folds a sampling heap profile into sites and areas, largest first. */
export function allocationSites(head: SamplingNode): AllocationSites {
  const sites = new Map<string, number>();
  const areas = new Map<string, number>();
  let totalBytes = 0;
  const walk = (node: SamplingNode, caller: { site: string; area: string }) => {
    const own = node.callFrame.url ? { site: siteOf(node), area: areaOf(node.callFrame.url) } : undefined;
    const here = own ?? { site: `${node.callFrame.functionName || '(native)'} in ${caller.site}`, area: caller.area };
    if (node.selfSize > 0) {
      sites.set(here.site, (sites.get(here.site) ?? 0) + node.selfSize);
      areas.set(here.area, (areas.get(here.area) ?? 0) + node.selfSize);
      totalBytes += node.selfSize;
    }
    for (const child of node.children) walk(child, own ?? caller);
  };
  walk(head, { site: '(root)', area: '(V8)' });
  return { totalBytes, bySite: sorted(sites), byArea: sorted(areas) };
}

function siteOf(node: SamplingNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`;
}

function shortUrl(url: string): string {
  return url.replace(/^file:\/\//, '').replace(/^.*?\/(node_modules|dist)\//, '$1/');
}

/** node_modules/<package>, node:*, or the app folder / lib of the built repo (dist/apps/NAME/src/FOLDER, dist/libs/NAME). */
function areaOf(url: string): string {
  const path = shortUrl(url);
  if (path.startsWith('node:')) return 'Node.js';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return pkg[1];
  const app = /^dist\/apps\/([^/]+)\/src\/([^/]+)\//.exec(path);
  if (app) return `${app[1]}/${app[2]}`;
  const lib = /^dist\/libs\/([^/]+)\//.exec(path);
  return lib ? `libs/${lib[1]}` : path;
}

function sorted(m: Map<string, number>): AllocationSite[] {
  return [...m].map(([site, bytes]) => ({ site, bytes })).sort((a, b) => b.bytes - a.bytes);
}
