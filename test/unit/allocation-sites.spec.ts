import { allocationSites, type SamplingNode } from '../../bench/allocation-sites';

const node = (functionName: string, url: string, lineNumber: number, selfSize: number, children: SamplingNode[] = []): SamplingNode => ({
  callFrame: { functionName, url, lineNumber },
  selfSize,
  children,
});

const APP = 'file:///repo/dist/apps/authorizer/src/pipeline/authorization.service.js';
const LIB = '/repo/dist/libs/iso8583/src/decode-iso.js';
const PKG = '/repo/node_modules/@nestjs/microservices/context/rpc-context-creator.js';
const ENGINE = '/repo/node_modules/iso_8583/lib/unpack/unpack_0_127.js';

it('folds a sampling heap profile into sites and areas, largest first, builtins under their caller', () => {
  const head = node('(root)', '', -1, 0, [
    node('authorize', APP, 60, 300, [
      node('join', '', -1, 500), // a builtin: charged to authorize's line, in its area
      node('decodeIso', LIB, 18, 100, [node('module.exports', ENGINE, 8, 700)]),
    ]),
    node('pipesFn', PKG, 134, 200, [node('authorize', APP, 60, 100)]),
    node('slice', 'node:buffer', 634, 50),
    node('(garbage collector)', '', -1, 0),
  ]);
  const sites = allocationSites(head);
  expect(sites.totalBytes).toBe(1_950);
  expect(sites.bySite).toEqual([
    { site: 'module.exports node_modules/iso_8583/lib/unpack/unpack_0_127.js:9', bytes: 700 },
    { site: 'join in authorize dist/apps/authorizer/src/pipeline/authorization.service.js:61', bytes: 500 },
    // The same function reached from two callers is one site.
    { site: 'authorize dist/apps/authorizer/src/pipeline/authorization.service.js:61', bytes: 400 },
    { site: 'pipesFn node_modules/@nestjs/microservices/context/rpc-context-creator.js:135', bytes: 200 },
    { site: 'decodeIso dist/libs/iso8583/src/decode-iso.js:19', bytes: 100 },
    { site: 'slice node:buffer:635', bytes: 50 },
  ]);
  expect(sites.byArea).toEqual([
    { site: 'authorizer/pipeline', bytes: 900 },
    { site: 'iso_8583', bytes: 700 },
    { site: '@nestjs/microservices', bytes: 200 },
    { site: 'libs/iso8583', bytes: 100 },
    { site: 'Node.js', bytes: 50 },
  ]);
});
