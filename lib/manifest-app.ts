import * as fs from 'fs';
import * as path from 'path';
import { App, AppProps, Yaml } from 'cdk8s';

/**
 * A cdk8s App that writes one YAML file per API object, named `<order>-<Kind>.<name>.k8s.yaml`,
 * where `<order>` is the object's position in apply order (charts and objects in dependency
 * order, as cdk8s sorts them), so that a listing of the folder, and `kubectl apply -f`, follow it.
 *
 * cdk8s's own `YamlOutputType.FILE_PER_RESOURCE` names files `<Kind>.<name>.k8s.yaml`, which
 * sorts them by kind rather than by apply order, and lets two objects of the same kind and name
 * in different namespaces overwrite each other.
 */
export class ManifestApp extends App {
  constructor(props: AppProps = {}) {
    super(props);
  }

  /** Writes every chart's objects to `outdir`, one file each, in apply order. */
  public synth(): void {
    this.synthFiles();
  }

  /** Like `synth()`, and returns the names of the written files in apply order. */
  public synthFiles(): string[] {
    fs.mkdirSync(this.outdir, { recursive: true });
    const objects = this.charts.flatMap((chart) => chart.toJson());
    const width = Math.max(4, String(objects.length - 1).length);
    return objects.map((object, index) => {
      const base = `${object.kind}.${object.metadata?.name ?? ''}`.replace(/[^0-9a-zA-Z-_.]/g, '');
      const fileName = `${String(index).padStart(width, '0')}-${base}${this.outputFileExtension}`;
      fs.writeFileSync(path.join(this.outdir, fileName), Yaml.stringify(object), 'utf-8');
      return fileName;
    });
  }
}
