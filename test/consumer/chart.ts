// A consumer's cdk8s app, compiled and run by run.js in a fresh project where the packed library
// is installed from its tarball: two StatefulWebs in two namespaces, a cdk8s-plus-28 Ingress that
// routes to one and a cdk8s-plus-28 NetworkPolicy that admits it to the other, with no selector,
// Service name or port written by hand. run.js runs it again with CONSUMER_SERVICE_NAME set, a
// change Kubernetes refuses on a StatefulSet, to see the upgrade guard refuse it.
import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ManifestApp, StatefulWeb } from 'cdk8s-stateful-web';

// The project compiles without Node.js's types, as the library's declarations must.
declare const process: { readonly env: { readonly [name: string]: string | undefined } };

const app = new ManifestApp({ outdir: 'dist' });

const shop = new Chart(app, 'shop', { namespace: 'shop' });
const web = new StatefulWeb(shop, 'web', {
  image: 'bitnami/nginx',
  replicas: 2,
  clientService: true,
  serviceName: process.env.CONSUMER_SERVICE_NAME,
});
new kplus.Ingress(shop, 'ingress', {
  rules: [{ host: 'shop.example.com', path: '/', backend: web.ingressBackend() }],
});

const blogChart = new Chart(app, 'blog', { namespace: 'blog' });
const blog = new StatefulWeb(blogChart, 'blog', { image: 'bitnami/nginx', port: 8081, portName: 'web' });
const policy = new kplus.NetworkPolicy(blogChart, 'blog-from-shop', { selector: blog.selectPods() });
policy.addIngressRule(web.selectPods(), [blog.networkPolicyPort()]);

app.synth();
