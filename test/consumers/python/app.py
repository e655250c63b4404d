"""The example of main.ts, from Python: a headless Service `nginx` and a StatefulSet `web` of two
pods, each with its own volume `www`. Writes its manifests to the folder given as the first
argument (default: dist) with ManifestApp, as `npm run synth` writes dist/.

run.js runs it again with CONSUMER_SERVICE_NAME set, a change Kubernetes refuses on a StatefulSet,
to see the upgrade guard refuse it, and with CONSUMER_ALLOW_BREAKING_CHANGES=code to see the
opt-out in Python's syntax let it through."""
import os
import sys

from cdk8s import Chart
from constructs import Construct

from cdk8s_stateful_web import ManifestApp, StatefulWeb


class WebExampleChart(Chart):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        self.web = StatefulWeb(
            self,
            "web",
            image="bitnami/nginx",
            service_name=os.environ.get("CONSUMER_SERVICE_NAME", "nginx"),
            replicas=2,
            port_name="web",
            labels={"app": "nginx"},
            volume_name="www",
        )


app = ManifestApp(outdir=sys.argv[1] if len(sys.argv) > 1 else "dist")
if os.environ.get("CONSUMER_ALLOW_BREAKING_CHANGES") == "code":
    app.allow_breaking_changes = True
WebExampleChart(app, "web-example")
# What the upgrade guard says, and the exit code: a refusal is a message and exit code 1, with no
# traceback (app.synth() would raise it as an exception).
report = app.synth_and_report()
sys.stderr.write(report.message)
sys.exit(report.exit_code)
