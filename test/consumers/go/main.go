// The example of main.ts, from Go: a headless Service `nginx` and a StatefulSet `web` of two
// pods, each with its own volume `www`. Writes its manifests to the folder given as the first
// argument (default: dist) with ManifestApp, as `npm run synth` writes dist/.
package main

import (
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
		ServiceName: jsii.String("nginx"),
		Replicas:    jsii.Number(2),
		PortName:    jsii.String("web"),
		Labels:      &map[string]*string{"app": jsii.String("nginx")},
		VolumeName:  jsii.String("www"),
	})
	return chart
}

func main() {
	outdir := "dist"
	if len(os.Args) > 1 {
		outdir = os.Args[1]
	}
	app := cdk8sstatefulweb.NewManifestApp(&cdk8s.AppProps{Outdir: jsii.String(outdir)})
	NewWebExampleChart(app, "web-example")
	app.Synth()
}
