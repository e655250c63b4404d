// The consumer's cdk8s app of chart.ts on another cdk8s-plus line, through the functions of
// 'cdk8s-stateful-web/cdk8s-plus', which take the chart's own cdk8s-plus module. run.js compiles
// and runs a copy of this file per line, with 'cdk8s-plus-33' replaced by that line, in a project
// where every line is installed: the copy must type-check against its line alone, synthesize the
// same objects as chart.ts, and load no other cdk8s-plus line. The CPU request uses the line's `Cpu`.
import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { ManifestApp, StatefulWeb } from 'cdk8s-stateful-web';
import { ingressBackend, networkPolicyPort, selectPods } from 'cdk8s-stateful-web/cdk8s-plus';

const app = new ManifestApp({ outdir: 'dist' });

const shop = new Chart(app, 'shop', { namespace: 'shop' });
const web = new StatefulWeb(shop, 'web', { image: 'bitnami/nginx', replicas: 2, clientService: true, cpuRequest: kplus.Cpu.millis(100) });
new kplus.Ingress(shop, 'ingress', {
  rules: [{ host: 'shop.example.com', path: '/', backend: ingressBackend(kplus, web) }],
});

const blogChart = new Chart(app, 'blog', { namespace: 'blog' });
const blog = new StatefulWeb(blogChart, 'blog', { image: 'bitnami/nginx', port: 8081, portName: 'web' });
const policy = new kplus.NetworkPolicy(blogChart, 'blog-from-shop', { selector: selectPods(kplus, blog) });
policy.addIngressRule(selectPods(kplus, web), [networkPolicyPort(kplus, blog)]);

app.synth();
