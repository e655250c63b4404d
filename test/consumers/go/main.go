// The example of main.ts, from Go: a headless Service `nginx` and a StatefulSet `web` of two
// pods, each with its own volume `www`. Writes its manifests to the folder given as the first
// argument (default: dist) with ManifestApp, as `npm run synth` writes dist/. run.js runs it again
// with CONSUMER_SERVICE_NAME set, a change Kubernetes refuses on a StatefulSet, to see the upgrade
// guard refuse it, and with CONSUMER_ALLOW_BREAKING_CHANGES=code to see the opt-out in Go let it through.
package main

import (
	"fmt"
	"os"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdk8s-stateful-web/cdk8s-stateful-web-go/cdk8sstatefulweb"
	"github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2"
)

func NewWebExampleChart(scope constructs.Construct, id string) cdk8s.Chart {
	chart := cdk8s.NewChart(scope, jsii.String(id), nil)
	cdk8sstatefulweb.NewStatefulWeb(chart, jsii.String("web"), &cdk8sstatefulweb.StatefulWebProps{
		Image:       jsii.String("bitnami/nginx"),
		ServiceName: jsii.String(serviceName()),
		Replicas:    jsii.Number(2),
		PortName:    jsii.String("web"),
		Labels:      &map[string]*string{"app": jsii.String("nginx")},
		VolumeName:  jsii.String("www"),
	})
	return chart
}

func serviceName() string {
	if name := os.Getenv("CONSUMER_SERVICE_NAME"); name != "" {
		return name
	}
	return "nginx"
}

func main() {
	outdir := "dist"
	if len(os.Args) > 1 {
		outdir = os.Args[1]
	}
	app := cdk8sstatefulweb.NewManifestApp(&cdk8s.AppProps{Outdir: jsii.String(outdir)})
	if os.Getenv("CONSUMER_ALLOW_BREAKING_CHANGES") == "code" {
		app.SetAllowBreakingChanges(jsii.Bool(true))
	}
	NewWebExampleChart(app, "web-example")
	// What the upgrade guard says, and the exit code: a refusal is a message and exit code 1, with
	// no panic (app.Synth() would panic with it).
	report := app.SynthAndReport()
	fmt.Fprint(os.Stderr, *report.Message)
	os.Exit(int(*report.ExitCode))
}
