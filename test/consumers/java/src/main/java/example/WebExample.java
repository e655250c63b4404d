package example;

import java.util.Map;

import io.github.cdk8sstatefulweb.ManifestApp;
import io.github.cdk8sstatefulweb.StatefulWeb;
import io.github.cdk8sstatefulweb.SynthReport;
import org.cdk8s.AppProps;
import org.cdk8s.Chart;
import software.constructs.Construct;

/**
 * The example of main.ts, from Java: a headless Service `nginx` and a StatefulSet `web` of two
 * pods, each with its own volume `www`. Writes its manifests to the folder given as the first
 * argument (default: dist) with ManifestApp, as `npm run synth` writes dist/. run.js runs it again
 * with CONSUMER_SERVICE_NAME set, a change Kubernetes refuses on a StatefulSet, to see the upgrade
 * guard refuse it, and with CONSUMER_ALLOW_BREAKING_CHANGES=code to see the opt-out in Java let it through.
 */
public final class WebExample {
    static final class WebExampleChart extends Chart {
        final StatefulWeb web;

        WebExampleChart(final Construct scope, final String id) {
            super(scope, id);
            this.web = StatefulWeb.Builder.create(this, "web")
                    .image("bitnami/nginx")
                    .serviceName(System.getenv().getOrDefault("CONSUMER_SERVICE_NAME", "nginx"))
                    .replicas(2)
                    .portName("web")
                    .labels(Map.of("app", "nginx"))
                    .volumeName("www")
                    .build();
        }
    }

    public static void main(final String[] args) {
        ManifestApp app = new ManifestApp(AppProps.builder().outdir(args.length > 0 ? args[0] : "dist").build());
        if ("code".equals(System.getenv("CONSUMER_ALLOW_BREAKING_CHANGES"))) {
            app.setAllowBreakingChanges(true);
        }
        new WebExampleChart(app, "web-example");
        // What the upgrade guard says, and the exit code: a refusal is a message and exit code 1,
        // with no stack trace (app.synth() would throw it as an exception).
        SynthReport report = app.synthAndReport();
        System.err.print(report.getMessage());
        System.exit(report.getExitCode().intValue());
    }
}
