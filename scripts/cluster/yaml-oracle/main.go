// yaml-oracle reads YAML documents as kubectl, the API server and kustomize read them, and prints
// what each reader makes of them as JSON: the oracle of the cluster test of ManifestApp's YAML
// writer (test/cluster/yaml-readers.cluster.test.ts). scripts/cluster/build.sh builds it with the
// versions of sigs.k8s.io/yaml, kyaml and go-yaml that the pinned Kubernetes requires.
//
// Input (stdin): a JSON array of YAML documents. Output (stdout): a JSON array with, for each
// document, one entry per reader: {"json": <the document as JSON>} or {"error": "<message>"}.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"sigs.k8s.io/kustomize/kyaml/kio"
	sigsyaml "sigs.k8s.io/yaml"
)

type result struct {
	JSON  json.RawMessage `json:"json,omitempty"`
	Error string          `json:"error,omitempty"`
}

func outcome(out []byte, err error) result {
	if err != nil {
		return result{Error: err.Error()}
	}
	return result{JSON: out}
}

// kubectl apply -f, kubectl create, the API server's YAML bodies and Helm: sigs.k8s.io/yaml
// (go-yaml v2), each document converted to JSON.
func sigs(doc []byte) result {
	return outcome(sigsyaml.YAMLToJSON(doc))
}

// kustomize (kubectl apply -k, Argo CD, Flux): kyaml (go-yaml v3) reads the resources as
// kustomize's resource factory does, and a resource goes to the API server as JSON.
func kyaml(doc []byte) result {
	nodes, err := kio.FromBytes(doc)
	if err != nil {
		return result{Error: err.Error()}
	}
	if len(nodes) != 1 {
		return result{Error: fmt.Sprintf("%d documents read, not 1", len(nodes))}
	}
	return outcome(nodes[0].MarshalJSON())
}

// kustomize build's output (kubectl kustomize, what Argo CD and Flux render) read again by
// kubectl: kyaml reads and writes the YAML, sigs.k8s.io/yaml reads what it wrote.
func kustomizeBuild(doc []byte) result {
	nodes, err := kio.FromBytes(doc)
	if err != nil {
		return result{Error: err.Error()}
	}
	out, err := kio.StringAll(nodes)
	if err != nil {
		return result{Error: err.Error()}
	}
	return sigs([]byte(out))
}

func main() {
	in, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "yaml-oracle:", err)
		os.Exit(1)
	}
	var docs []string
	if err := json.Unmarshal(in, &docs); err != nil {
		fmt.Fprintln(os.Stderr, "yaml-oracle: the input must be a JSON array of YAML documents:", err)
		os.Exit(1)
	}
	results := make([]map[string]result, len(docs))
	for i, doc := range docs {
		results[i] = map[string]result{
			"sigs.k8s.io/yaml": sigs([]byte(doc)),
			"kyaml":            kyaml([]byte(doc)),
			"kustomize build":  kustomizeBuild([]byte(doc)),
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(results); err != nil {
		fmt.Fprintln(os.Stderr, "yaml-oracle:", err)
		os.Exit(1)
	}
}
