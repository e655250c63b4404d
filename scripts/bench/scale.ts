// One measurement of `npm run bench`'s scale section, in a process of its own:
//   node scripts/bench/scale.js <web|plain> <N>      (compiled by the bench; or through tsx)
// builds one chart with N instances and synthesizes it as `npm run synth` does, then prints one
// JSON line: { kind, n, ms, maxRssMb, sha256 }.
//
// - web:   N StatefulWebs, like main.ts's (`web-<i>`, Service `nginx-<i>`).
// - plain: the same Service and StatefulSet, N times, as plain ApiObjects written as object
//          literals: what a user would write by hand. The literal is generated from what one
//          StatefulWeb renders, so the two stay identical; the sha256 of the output proves it.
//
// "Synthesize" = what ManifestApp.synth() does but the disk writes: validation (the StatefulWeb
// rules included), the rendering of each object, the YAML of each object. Writing 20,000 files costs
// both kinds the same and, on a virtual disk, mostly measures the disk (0.1-1 ms per file here).
// `ms` is building plus synthesizing; loading the modules is not counted. Both kinds run the same warm-up first (one StatefulWeb
// rendered), so neither pays for compiling code the other has compiled already.
import { createHash } from 'crypto';
import { ApiObject, ApiObjectProps, App, Chart, Yaml } from 'cdk8s';
import { StatefulWeb } from '../../lib';

/** A name part that marks where the instance number goes in the generated literal. */
const SLOT = 'zqzq';

function addStatefulWeb(chart: Chart, i: string): void {
  new StatefulWeb(chart, `web-${i}`, {
    image: 'bitnami/nginx',
    serviceName: `nginx-${i}`,
    replicas: 2,
    portName: 'web',
    labels: { app: `nginx-${i}` },
    volumeName: 'www',
  });
}

/**
 * A function `(i) => [service, statefulSet]` that returns the objects one StatefulWeb renders, as
 * a hand-written object literal would (`{ metadata: { name: 'web-' + i, ... }, ... }`).
 */
function handWrittenPair(): (i: number) => ApiObjectProps[] {
  const chart = new Chart(new App(), 'reference');
  addStatefulWeb(chart, SLOT);
  const literal = JSON.stringify(chart.toJson()).split(SLOT).join('" + i + "');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the point: the literal compiled as if written in the source
  return new Function('i', `return ${literal};`) as (i: number) => ApiObjectProps[];
}

function main(): void {
  const [kind, count] = process.argv.slice(2);
  const n = Number(count);
  if (!['web', 'plain'].includes(kind) || !Number.isInteger(n) || n < 1) {
    throw new Error('usage: scripts/bench/scale.ts <web|plain> <N>');
  }
  const pair = handWrittenPair(); // the warm-up of both kinds

  const start = process.hrtime.bigint();
  const chart = new Chart(new App(), 'scale');
  for (let i = 0; i < n; i++) {
    if (kind === 'plain') {
      const [service, statefulSet] = pair(i);
      new ApiObject(chart, `web-${i}-service`, service);
      new ApiObject(chart, `web-${i}-statefulset`, statefulSet);
    } else {
      addStatefulWeb(chart, String(i));
    }
  }
  const manifests = chart.toJson().map((object) => Yaml.stringify(object));
  const ms = Number(process.hrtime.bigint() - start) / 1e6;

  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  const sha256 = createHash('sha256').update(manifests.join('')).digest('hex');
  console.log(JSON.stringify({ kind, n, ms, maxRssMb, sha256 }));
}

main();
