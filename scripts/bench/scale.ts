// One measurement of `npm run bench`'s scale section, in a process of its own:
//   node scripts/bench/scale.js <web|plain> <N> [chart|charts]      (compiled by the bench; or through tsx)
// builds N instances and synthesizes them, then prints one JSON line: { kind, n, layout, ms, cpuMs, maxRssMb, sha256 }
// (`ms` the wall time, `cpuMs` the process's CPU time, user and system, over the same span).
//
// - chart (the default): one chart of N instances, synthesized as `npm run synth` does (below).
// - charts: N charts of one instance each, the common layout of one chart per service, in a plain
//   cdk8s App synthesized by `app.synthYaml()`: cdk8s validates the whole app once per chart.
// - manifest-app: the same N charts in a ManifestApp, synthesized as one stream (`synthStream()`, one
//   file in a temporary folder): ManifestApp validates the whole app once (lib/synth/apply-order.ts).
//
// - web:   N StatefulWebs, like main.ts's (`web-<i>`, Service `nginx-<i>`).
// - plain: the same Service and StatefulSet, N times, as plain ApiObjects written as object
//          literals: what a user would write by hand. The literal is generated from what one
//          StatefulWeb renders, so the two stay identical; the sha256 of the output proves it. The
//          StatefulSet depends on the Service (`addDependency`), as a StatefulWeb's does: the
//          same apply order, which cdk8s keeps through the dependency whatever else the chart holds.
//
// "Synthesize" = what ManifestApp.synth() does but the disk writes: validation (the StatefulWeb
// rules included), the rendering of each object, the YAML of each object. Writing 20,000 files costs
// both kinds the same and, on a virtual disk, mostly measures the disk (0.1-1 ms per file here).
// `ms` is building plus synthesizing; loading the modules is not counted. Both kinds run the same warm-up first (one StatefulWeb
// rendered), so neither pays for compiling code the other has compiled already.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, ApiObjectProps, App, Chart, Yaml } from 'cdk8s';
import { ManifestApp, StatefulWeb } from '../../lib';

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
  const [kind, count, layout = 'chart'] = process.argv.slice(2);
  const n = Number(count);
  if (!['web', 'plain'].includes(kind) || !Number.isInteger(n) || n < 1 || !['chart', 'charts', 'manifest-app'].includes(layout)) {
    throw new Error('usage: scripts/bench/scale.ts <web|plain> <N> [chart|charts|manifest-app]');
  }
  const pair = handWrittenPair(); // the warm-up of both kinds

  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const outdir = layout === 'manifest-app' ? fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scale-')) : undefined;
  const app = outdir ? new ManifestApp({ outdir }) : new App();
  const single = layout === 'chart' ? new Chart(app, 'scale') : undefined;
  for (let i = 0; i < n; i++) {
    const chart = single ?? new Chart(app, `scale-${i}`);
    if (kind === 'plain') {
      const [service, statefulSet] = pair(i);
      const serviceObject = new ApiObject(chart, `web-${i}-service`, service);
      new ApiObject(chart, `web-${i}-statefulset`, statefulSet).node.addDependency(serviceObject);
    } else {
      addStatefulWeb(chart, String(i));
    }
  }
  const manifests = single
    ? single.toJson().map((object) => Yaml.stringify(object))
    : outdir
      ? [fs.readFileSync(path.join(outdir, (app as ManifestApp).synthStream()), 'utf-8')]
      : [app.synthYaml()];
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;

  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  const sha256 = createHash('sha256').update(manifests.join('')).digest('hex');
  if (outdir) fs.rmSync(outdir, { recursive: true, force: true });
  console.log(JSON.stringify({ kind, n, layout, ms, cpuMs, maxRssMb, sha256 }));
}

main();
