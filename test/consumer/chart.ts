// A consumer's cdk8s app, compiled and run by run.js in a fresh project where the packed library
// is installed from its tarball: two StatefulWebs in two namespaces, a cdk8s-plus-28 Ingress that
// routes to one and a cdk8s-plus-28 NetworkPolicy that admits it to the other, with no selector,
// Service name or port written by hand.
import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ManifestApp, StatefulWeb } from 'cdk8s-stateful-web';

const app = new ManifestApp({ outdir: 'dist' });

const shop = new Chart(app, 'shop', { namespace: 'shop' });
const web = new StatefulWeb(shop, 'web', { image: 'bitnami/nginx', replicas: 2, clientService: true });
new kplus.Ingress(shop, 'ingress', {
  rules: [{ host: 'shop.example.com', path: '/', backend: web.ingressBackend() }],
});

const blogChart = new Chart(app, 'blog', { namespace: 'blog' });
const blog = new StatefulWeb(blogChart, 'blog', { image: 'bitnami/nginx', port: 8081, portName: 'web' });
const policy = new kplus.NetworkPolicy(blogChart, 'blog-from-shop', { selector: blog.selectPods() });
policy.addIngressRule(web.selectPods(), [blog.networkPolicyPort()]);

app.synth();
