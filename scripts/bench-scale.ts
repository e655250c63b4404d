// One measurement of `npm run bench`'s scale section, in a process of its own:
//   node --import tsx scripts/bench-scale.ts <web|plain> <N>
// builds one chart with N instances and synthesizes it, then prints one JSON line:
// { kind, n, ms, maxRssMb, sha256 }.
//
// - web:   N StatefulWebs, like main.ts's (`web-<i>`, Service `nginx-<i>`).
// - plain: the same Service and StatefulSet, N times, as plain ApiObjects written as object
//          literals: what a user would write by hand. The literal is generated from what one
//          StatefulWeb renders, so the two stay identical; the sha256 of the YAML proves it.
//
// "Synthesize" = what ManifestApp.synth does minus the disk: chart.toJson() (dependency order,
// validation, rendering) and the YAML text of every object. Writing 20,000 files would add the
// same cost to both kinds and mostly measure the file system.
import { createHash } from 'crypto';
import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import { StatefulWeb } from '../lib';

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
function handWrittenPair(): (i: number) => any[] {
  const chart = new Chart(new App(), 'reference');
  addStatefulWeb(chart, SLOT);
  const literal = JSON.stringify(chart.toJson()).split(SLOT).join('" + i + "');
  return new Function('i', `return ${literal};`) as (i: number) => any[];
}

function main(): void {
  const [kind, count] = process.argv.slice(2);
  const n = Number(count);
  if (!['web', 'plain'].includes(kind) || !Number.isInteger(n) || n < 1) {
    throw new Error('usage: bench-scale.ts <web|plain> <N>');
  }
  const pair = kind === 'plain' ? handWrittenPair() : undefined;

  const start = process.hrtime.bigint();
  const chart = new Chart(new App(), 'scale');
  for (let i = 0; i < n; i++) {
    if (pair) {
      const [service, statefulSet] = pair(i);
      new ApiObject(chart, `web-${i}-service`, service);
      new ApiObject(chart, `web-${i}-statefulset`, statefulSet);
    } else {
      addStatefulWeb(chart, String(i));
    }
  }
  const yaml = Yaml.stringify(...chart.toJson());
  const ms = Number(process.hrtime.bigint() - start) / 1e6;

  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  const sha256 = createHash('sha256').update(yaml).digest('hex');
  console.log(JSON.stringify({ kind, n, ms, maxRssMb, sha256 }));
}

main();
