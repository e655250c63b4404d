// Helm renders every file of a chart's templates/ as a Go template before it parses the YAML: a
// `{{` in a value (an annotation holding a template of another tool, a command with `{{.Name}}`)
// would start an action, and `helm template` would fail or write something else. In the files
// ManifestApp writes into templates/, each `{{` is written as the action `{{ "{{" }}`, which Helm
// renders as `{{` again. `}}` alone is plain text to Go templates.

const OPEN = '{{';
const ESCAPED_OPEN = '{{ "{{" }}';

/** The text of a manifest as Helm must find it in templates/ to render it as `text`. */
export function escapeForHelm(text: string): string {
  return text.split(OPEN).join(ESCAPED_OPEN);
}

/** The manifest Helm renders from a file of templates/ that ManifestApp wrote: `escapeForHelm` undone. */
export function unescapeFromHelm(text: string): string {
  return text.split(ESCAPED_OPEN).join(OPEN);
}
