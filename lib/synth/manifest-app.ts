import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, AppProps, YamlOutputType } from 'cdk8s';
import { duplicateMessage, findDuplicateObjects } from '../validation/identities';
import { PropChecker } from '../validation/prop-checker';
import { checkArgs } from '../validation/prop-kinds';
import { stringifyManifests } from './yaml';

/** cdk8s's default `outputFileExtension`, which ManifestApp's manifest files end with. */
const MANIFEST_EXTENSION = '.k8s.yaml';

/**
 * A cdk8s App that writes one YAML file per API object, named `<order>-<Kind>.<name>.k8s.yaml`,
 * where `<order>` is the object's position in apply order (charts and objects in dependency
 * order, as cdk8s sorts them), so that a listing of the folder, and `kubectl apply -f`, follow it.
 *
 * cdk8s's own `YamlOutputType.FILE_PER_RESOURCE` names files `<Kind>.<name>.k8s.yaml`, which
 * sorts them by kind rather than by apply order, and lets two objects of the same kind and name
 * in different namespaces overwrite each other.
 *
 * It also writes `kustomization.yaml`, which lists the files in apply order with
 * `sortOptions.order: fifo` (kustomize 5.0 and later, kubectl 1.27 and later), so that
 * `kubectl apply -k`, `kubectl kustomize`, Argo CD and Flux consume the folder as it is and
 * apply the objects in the same order. It sets no namespace: `kubectl apply -n` and a GitOps
 * tool's destination namespace still apply to the objects without one.
 */
export class ManifestApp extends App {
  /** The name of the Kustomization file written beside the manifests. */
  public static readonly KUSTOMIZATION_FILE = 'kustomization.yaml';

  /**
   * The name of the one file `synthStream()` writes with the default `outputFileExtension` (the
   * name cdk8s's `YamlOutputType.FILE_PER_APP` uses: `app` and the extension).
   */
  public static readonly STREAM_FILE = 'app.k8s.yaml';

  /** The name of the file of construct metadata written when recording it (as cdk8s's App names it). */
  public static readonly CONSTRUCT_METADATA_FILE = 'construct-metadata.json';

  private readonly recordsConstructMetadata: boolean;

  /**
   * Takes the props of a cdk8s App: `outdir`, `outputFileExtension` (of the manifest files),
   * `resolvers` and `recordConstructMetadata` (default: `CDK8S_RECORD_CONSTRUCT_METADATA=true`,
   * which `cdk8s synth` sets when validation plugins are configured) as the App does; it refuses
   * `yamlOutputType`, since its layout is its own.
   */
  constructor(props: AppProps = {}) {
    checkArgs(new PropChecker('ManifestApp'), 'ManifestApp.constructor', [props]);
    if (props.yamlOutputType !== undefined) {
      const value = YamlOutputType[props.yamlOutputType] === undefined ? String(props.yamlOutputType) : `YamlOutputType.${YamlOutputType[props.yamlOutputType]}`;
      throw new Error(`ManifestApp: invalid yamlOutputType ${value}: it must be unset. ManifestApp writes one file per `
        + 'object, numbered in apply order, and kustomization.yaml; for all objects in one file, call synthStream(); '
        + "for cdk8s's own layouts, use cdk8s's App.");
    }
    super(props);
    this.recordsConstructMetadata = props.recordConstructMetadata ?? process.env.CDK8S_RECORD_CONSTRUCT_METADATA === 'true';
  }

  /** Writes every chart's objects to `outdir`, one file each, in apply order, and `kustomization.yaml`. */
  public synth(): void {
    this.synthFiles();
  }

  /**
   * Like `synth()`, and returns the names of the manifest files in apply order (the ones
   * `kustomization.yaml` lists; not `kustomization.yaml` itself).
   */
  public synthFiles(): string[] {
    const files = this.writeManifests();
    fs.writeFileSync(path.join(this.outdir, ManifestApp.KUSTOMIZATION_FILE), kustomization(files), 'utf-8');
    this.writeMetadataFile();
    return files;
  }

  /**
   * Writes every chart's objects, in apply order, as one YAML stream (documents separated by
   * `---`) to `app.k8s.yaml` (`app` and the `outputFileExtension`) in `outdir`, and nothing else
   * but `construct-metadata.json` when recording it: no `kustomization.yaml`, which is not
   * a Kubernetes object. For `cdk8s synth --stdout`, which prints every `.yaml` file of the output
   * folder one after the other, with no separator between them.
   *
   * @returns the name of the file written, `ManifestApp.STREAM_FILE` by default
   */
  public synthStream(): string {
    const objects = this.objects();
    const fileName = `app${this.outputFileExtension}`;
    fs.mkdirSync(this.outdir, { recursive: true });
    fs.writeFileSync(path.join(this.outdir, fileName), stringifyManifests(...objects), 'utf-8');
    this.writeMetadataFile();
    return fileName;
  }

  /**
   * When recording construct metadata, writes `construct-metadata.json` as cdk8s's App does (its
   * format, which the cdk8s CLI's validation plugins read): each object's name to its construct path.
   */
  private writeMetadataFile(): void {
    if (!this.recordsConstructMetadata) return;
    const resources: { [name: string]: { path: string } } = {};
    for (const construct of this.node.findAll()) {
      if (construct instanceof ApiObject) resources[construct.name] = { path: construct.node.path };
    }
    fs.writeFileSync(path.join(this.outdir, ManifestApp.CONSTRUCT_METADATA_FILE), JSON.stringify({ version: '1.0.0', resources }));
  }

  /**
   * Every chart's objects as JSON, in apply order. Throws when two objects of the app have the
   * same API group, kind, namespace and name: one would replace the other when applied, and
   * kustomize refuses the folder.
   */
  private objects(): any[] {
    const duplicates = findDuplicateObjects(this);
    if (duplicates.length > 0) throw new Error(duplicates.map((d) => `ManifestApp: ${duplicateMessage(d)}`).join('\n'));
    // `this.charts` is in dependency order only once cdk8s has turned the dependencies between
    // objects of different charts into dependencies between the charts, which a chart's toJson()
    // does for the whole app: render one chart first, then read the order.
    this.charts[0]?.toJson();
    return this.charts.flatMap((chart) => chart.toJson());
  }

  private writeManifests(): string[] {
    const objects = this.objects();
    fs.mkdirSync(this.outdir, { recursive: true });
    const width = Math.max(4, String(objects.length - 1).length);
    return objects.map((object, index) => {
      const base = `${object.kind}.${object.metadata?.name ?? ''}`.replace(/[^0-9a-zA-Z-_.]/g, '');
      const fileName = `${String(index).padStart(width, '0')}-${base}${this.outputFileExtension}`;
      fs.writeFileSync(path.join(this.outdir, fileName), stringifyManifests(object), 'utf-8');
      return fileName;
    });
  }
}

/**
 * The names of the manifest files (`*.k8s.yaml`, the extension ManifestApp writes by default) in
 * `folder`, sorted, that is in apply order; not `kustomization.yaml`. None if the folder is missing.
 */
export function listManifestFiles(folder: string): string[] {
  return fs.existsSync(folder) ? fs.readdirSync(folder).filter(isManifestFile).sort() : [];
}

/** Whether a file of ManifestApp's output holds Kubernetes objects (others, such as kustomization.yaml, do not). */
export function isManifestFile(fileName: string): boolean {
  return fileName.endsWith(MANIFEST_EXTENSION);
}

/** A Kustomization that lists `files` as its resources and keeps their order. */
function kustomization(files: string[]): string {
  return '# Written by ManifestApp: the manifests of this folder, in apply order.\n' + stringifyManifests({
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: files,
    // Kustomize's default ("legacy") order sorts by kind; fifo keeps the order of `resources`.
    sortOptions: { order: 'fifo' },
  });
}
