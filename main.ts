import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { ManifestApp, StatefulWeb, StatefulWebProps } from './lib';

/** The props of the example's StatefulWeb; the tests make variants of it. */
export const WEB_EXAMPLE_PROPS: StatefulWebProps = {
  image: 'bitnami/nginx',
  serviceName: 'nginx',
  replicas: 2,
  portName: 'web',
  labels: { app: 'nginx' },
  volumeName: 'www',
};

/**
 * The classic StatefulSet example of the Kubernetes documentation, for the bitnami/nginx image
 * (which runs as a non-root user, listens on 8080 and serves /app): a headless Service `nginx`
 * and a StatefulSet `web` of two pods, each with its own 1Gi volume `www` mounted on /app.
 */
export class WebExampleChart extends Chart {
  public readonly web: StatefulWeb;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    this.web = new StatefulWeb(this, 'web', WEB_EXAMPLE_PROPS);
  }
}

/** The app: one chart, synthesized to `outdir` (default: `$CDK8S_OUTDIR`, else `dist`). */
export function buildApp(outdir?: string): ManifestApp {
  const app = new ManifestApp({ outdir });
  new WebExampleChart(app, 'web-example');
  return app;
}

if (require.main === module) {
  buildApp().synth();
}
