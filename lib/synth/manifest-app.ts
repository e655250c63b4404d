import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, AppProps, YamlOutputType } from 'cdk8s';
import { duplicateMessage, findDuplicateObjects } from '../validation/identities';
import { PropChecker } from '../validation/prop-checker';
import { checkArgs } from '../validation/prop-kinds';
import { applyOrder, ApplyOrder } from './apply-order';
import { cliHandoff } from './cli-folders';
import { escapeForHelm } from './helm-text';
import { ClusterUnreachable, clusterGuardAskedBy, GUARD_CLUSTER_ENV } from './cluster-baseline';
import { reportWhenUncaught } from './refusal-exit';
import {
  acceptInPackage,
  ALLOW_BREAKING_CHANGES_ENV,
  allowedMessage,
  breakingChangesAllowedBy,
  BreakingChangesRefused,
  Environment,
  guardNotice,
  OutputLayout,
  PublicSynthMethod,
  synthesizeInto,
  SynthesizeResult,
} from './safe-synth';
import { synthesizing } from '../validation/once-per-synthesis';
import type { RenderedObject } from './upgrade-guard';
import { stringifyManifests } from './yaml';

export { isManifestFile, listManifestFiles } from './manifest-files';

/**
 * What `synthAndReport()` did: whether the upgrade guard let the output be written, and what it
 * says, for the app to print and exit with.
 */
export interface SynthReport {
  /**
   * The exit code for the app's process: 0 when the output was written; 1 when the upgrade guard
   * refused it, or could not read the cluster it was asked to compare with (nothing was written).
   */
  readonly exitCode: number;

  /**
   * What the upgrade guard says, for standard error: the one line that names what it compared
   * with, the breaking changes written as allowed, the refusal's message, or why the cluster
   * could not be read. Empty (`cdk8s synth --stdout`, which has no guard), or ends with a newline.
   */
  readonly message: string;

  /**
   * The names of the manifest files written, in apply order, as `synthFiles()` returns them;
   * empty when nothing was written.
   */
  readonly files: string[];
}

/** How `_synthesize()` reports: the internal entry of `npm run synth` (scripts/synth/synth.ts). */
export interface SynthesizeAppOptions {
  readonly allowBreakingChanges?: boolean;
  readonly guardAgainstCluster?: boolean;
  readonly compareWithGit?: boolean;
  readonly display?: string;
  /** The environment that says what the cdk8s CLI asks for (CDK8S_OUTDIR). @default process.env */
  readonly env?: Environment;
}

/**
 * A cdk8s App that writes one YAML file per API object, named
 * `<level>-<rank>-<Kind>.[<namespace>.]<name>.k8s.yaml`, so that a listing of the folder, and
 * `kubectl apply -f`, follow the apply order: `<rank>` is the kind's place in Kubernetes' usual
 * install order (kustomize's: Namespace 01, ..., ConfigMap 11, Secret 12, Service 14, ...,
 * StatefulSet 20, PodDisruptionBudget 22, other kinds 50, webhook configurations last), and
 * `<level>` is 0 unless a dependency you declare (`addDependency`, between objects or charts) puts
 * the object after one that would otherwise come later. A file's name depends only on its object
 * (and what it depends on): adding an object adds a file and changes no other.
 *
 * cdk8s's own `YamlOutputType.FILE_PER_RESOURCE` names files `<Kind>.<name>.k8s.yaml`, which
 * sorts them by kind name rather than by apply order, and lets two objects of the same kind and
 * name in different namespaces overwrite each other.
 *
 * It also writes `Kustomization`, which lists the files in apply order, so that `kubectl apply
 * -k`, `kubectl kustomize`, Argo CD and Flux consume the folder as it is and apply the objects in
 * the same order: kustomize's own order, which `kubectl apply -k` always applies, keeps it, so the
 * Kustomization sets no `sortOptions` (with them, kubectl prints a warning on every run), unless a
 * declared dependency goes against the kinds' order: then `sortOptions.order: fifo` keeps it.
 * kustomize, Argo CD and Flux recognize that name as they do `kustomization.yaml`, and
 * `kubectl apply -f <folder>` skips it (it reads only `.json`, `.yaml` and `.yml` files), so that
 * it applies exactly the objects too. It sets no namespace: `kubectl apply -n` and a GitOps
 * tool's destination namespace still apply to the objects without one.
 *
 * `synth()` runs the upgrade guard: it refuses (throws, and leaves `outdir` as it was) an output
 * with a change to a StatefulSet that Kubernetes would refuse or that would leave claims behind,
 * compared with the output already in `outdir` (or with `outdir` as committed in git when it
 * holds none, since `cdk8s synth` deletes it first). See `allowBreakingChanges`.
 *
 * Run by `cdk8s synth --stdout`, `synth()` writes the objects as one YAML stream
 * (`synthStream()`); run by `cdk8s synth --format helm`, the manifest files alone, into the
 * chart's templates/ folder.
 */
export class ManifestApp extends App {
  /** The name of the Kustomization file written beside the manifests. */
  public static readonly KUSTOMIZATION_FILE = 'Kustomization';

  /**
   * The name of the one file `synthStream()` writes with the default `outputFileExtension` (the
   * name cdk8s's `YamlOutputType.FILE_PER_APP` uses: `app` and the extension).
   */
  public static readonly STREAM_FILE = 'app.k8s.yaml';

  /** The name of the file of construct metadata written when recording it (as cdk8s's App names it). */
  public static readonly CONSTRUCT_METADATA_FILE = 'construct-metadata.json';

  private readonly recordsConstructMetadata: boolean;
  private allowsBreakingChanges?: boolean;
  private comparesWithCluster?: boolean;

  /**
   * Takes the props of a cdk8s App: `outdir`, `outputFileExtension` (of the manifest files),
   * `resolvers` and `recordConstructMetadata` (default: `CDK8S_RECORD_CONSTRUCT_METADATA=true`,
   * which `cdk8s synth` sets when validation plugins are configured) as the App does; it refuses
   * `yamlOutputType`, since its layout is its own.
   */
  constructor(props: AppProps = {}) {
    checkArgs(new PropChecker('ManifestApp'), 'ManifestApp.constructor', [props]);
    if (props.yamlOutputType !== undefined) {
      const value =
        YamlOutputType[props.yamlOutputType] === undefined
          ? String(props.yamlOutputType)
          : `YamlOutputType.${YamlOutputType[props.yamlOutputType]}`;
      throw new Error(
        `ManifestApp: invalid yamlOutputType ${value}: it must be unset. ManifestApp writes one file per ` +
          `object, numbered in apply order, and ${ManifestApp.KUSTOMIZATION_FILE}; for all objects in one file, call synthStream(); ` +
          "for cdk8s's own layouts, use cdk8s's App.",
      );
    }
    super(props);
    this.recordsConstructMetadata = props.recordConstructMetadata ?? process.env.CDK8S_RECORD_CONSTRUCT_METADATA === 'true';
  }

  /**
   * Write the output even when, compared with the output already in `outdir` (or, when `outdir`
   * holds none, with `outdir` as committed in git), it holds a change to a StatefulSet that
   * Kubernetes refuses (selector, `serviceName`, `podManagementPolicy`, claim templates) or that
   * leaves claims behind (a renamed StatefulSet or claim template, moved ordinals). Set it once
   * the change is migrated, or while nothing runs on a cluster yet: `app.allowBreakingChanges = true`
   * before `app.synth()`. (A property rather than a prop, so that the constructor keeps taking
   * cdk8s's `AppProps` in every language.)
   *
   * @default - false, unless the environment variable STATEFUL_WEB_ALLOW_BREAKING_CHANGES is `true` or `1`
   */
  public get allowBreakingChanges(): boolean | undefined {
    return this.allowsBreakingChanges;
  }

  public set allowBreakingChanges(allow: boolean | undefined) {
    if (allow !== undefined && allow !== null && typeof allow !== 'boolean') {
      throw new Error(
        `ManifestApp: invalid allowBreakingChanges ${JSON.stringify(allow)}: it must be true or false ` +
          `(default: false, unless the environment variable ${ALLOW_BREAKING_CHANGES_ENV} is true).`,
      );
    }
    this.allowsBreakingChanges = allow ?? undefined;
  }

  /**
   * Compare with the StatefulSets running in the cluster of the current kubeconfig context, rather
   * than with the output already in `outdir`, the lock file or git: read-only (`kubectl get
   * statefulsets`, with the kubectl of the environment variable KUBECTL, else the one on the
   * PATH), in the namespaces of the output. If the cluster cannot be read within 15 seconds, the
   * synth stops and says why; it never passes unchecked. `app.guardAgainstCluster = true` before
   * `app.synth()`; `false` keeps to the files whatever the environment variable says.
   *
   * @default - false, unless the environment variable STATEFUL_WEB_GUARD_CLUSTER is `true` or `1`
   */
  public get guardAgainstCluster(): boolean | undefined {
    return this.comparesWithCluster;
  }

  public set guardAgainstCluster(compare: boolean | undefined) {
    if (compare !== undefined && compare !== null && typeof compare !== 'boolean') {
      throw new Error(
        `ManifestApp: invalid guardAgainstCluster ${JSON.stringify(compare)}: it must be true or false ` +
          `(default: false, unless the environment variable ${GUARD_CLUSTER_ENV} is true).`,
      );
    }
    this.comparesWithCluster = compare ?? undefined;
  }

  /**
   * Writes every chart's objects to `outdir`, one file each, in apply order, and `Kustomization`,
   * unless the upgrade guard refuses the output: it then throws, and `outdir` is left as it was.
   * What the guard compared with is said in one line on standard error.
   */
  public synth(): void {
    this.synthFiles();
  }

  /**
   * Like `synth()`, and returns the names of the manifest files in apply order, the ones that
   * `Kustomization` lists (run by `cdk8s synth --stdout`, the name of the stream file).
   */
  public synthFiles(): string[] {
    const outcome = this.guardedSynthesis('synth');
    if (outcome.refusal) throw reportWhenUncaught(outcome.refusal);
    process.stderr.write(outcome.message);
    return outcome.files;
  }

  /**
   * Synthesizes as `synth()` does, and returns what the upgrade guard said with the exit code for
   * the process, rather than printing the one and throwing on a refusal: the end of an app's main
   * in Python, Java or Go. There, a refusal thrown by `synth()` reaches the app as an exception,
   * which the language prints with its stack trace, and what the library prints itself goes
   * through jsii's runtime, which may drop it when the process ends (as under `mvn exec:java`). The
   * app prints `message` on standard error and exits with `exitCode`:
   *
   * - Python: `report = app.synth_and_report()`, `sys.stderr.write(report.message)`, `sys.exit(report.exit_code)`;
   * - Java: `System.err.print(report.getMessage())`, `System.exit(report.getExitCode().intValue())`;
   * - Go: `fmt.Fprint(os.Stderr, *report.Message)`, `os.Exit(int(*report.ExitCode))`.
   *
   * Any other error (an invalid object, a failed validation) is thrown, as by `synth()`.
   */
  public synthAndReport(): SynthReport {
    const outcome = this.guardedSynthesis('synthAndReport');
    return outcome.refusal
      ? { exitCode: 1, message: `${outcome.refusal.message}\n`, files: [] }
      : { exitCode: 0, message: outcome.message, files: outcome.files };
  }

  /**
   * Writes every chart's objects, in apply order, as one YAML stream (documents separated by
   * `---`) to `app.k8s.yaml` (`app` and the `outputFileExtension`) in `outdir`, and nothing else
   * but `construct-metadata.json` when recording it: no `Kustomization`, which is not a
   * Kubernetes object. For `cdk8s synth --stdout`, which prints every `.yaml` file of the output
   * folder one after the other, with no separator between them. No upgrade guard: a stream has
   * no previous output to compare with.
   *
   * @returns the name of the file written, `ManifestApp.STREAM_FILE` by default
   */
  public synthStream(): string {
    const objects = this.ordered().manifests.map((manifest) => manifest.json);
    const fileName = `app${this.outputFileExtension}`;
    fs.mkdirSync(this.outdir, { recursive: true });
    fs.writeFileSync(path.join(this.outdir, fileName), stringifyManifests(...objects), 'utf-8');
    this.writeMetadataFile(this.outdir);
    return fileName;
  }

  /**
   * The synthesis as `synth()` does it, returning its result instead of throwing on a refusal:
   * for this repository's `npm run synth`, which words its own messages.
   *
   * @internal
   */
  public _synthesize(options: SynthesizeAppOptions): SynthesizeResult {
    const env = options.env ?? process.env;
    const handoff = cliHandoff(this.outdir, env);
    if (handoff.kind === 'stream') {
      const file = this.synthStream();
      return { written: true, files: [file], changes: [], restoredFromGit: false, display: this.outdir, guarded: false };
    }
    const layout: OutputLayout = handoff.kind === 'helm' ? 'helm' : 'folder';
    return synthesizeInto(handoff.kind === 'helm' ? handoff.chart : this.outdir, (dir) => this.writeOutput(dir, layout).objects, {
      allowBreakingChanges: options.allowBreakingChanges ?? this.allowBreakingChanges ?? breakingChangesAllowedBy(env),
      compareWithGit: options.compareWithGit,
      display: options.display,
      layout,
      manifestExtension: this.outputFileExtension,
      cluster: (options.guardAgainstCluster ?? this.guardAgainstCluster ?? clusterGuardAskedBy(env)) ? env : undefined,
    });
  }

  /**
   * The synthesis of `synth()` and `synthAndReport()`: either the guard's refusal (or the cluster
   * it could not read), or what it says of the output it wrote and the manifest files' names.
   * `method` is the one the app called, which the refusal names beside the opt-out.
   */
  private guardedSynthesis(method: PublicSynthMethod): { refusal?: Error; message: string; files: string[] } {
    let result: SynthesizeResult;
    try {
      result = this._synthesize({});
    } catch (error) {
      if (error instanceof ClusterUnreachable) return { refusal: error, message: '', files: [] };
      throw error;
    }
    if (!result.written)
      return { refusal: new BreakingChangesRefused(result, acceptInPackage(process.env, method)), message: '', files: [] };
    const message = result.changes.length > 0 ? allowedMessage(result) : result.guarded !== false ? `${guardNotice(result)}\n` : '';
    const files = result.files.map((file) => path.basename(file)).filter((file) => file.endsWith(this.outputFileExtension));
    return { message, files };
  }

  /**
   * Writes the output into `dir`, without the upgrade guard: the manifest files and, but for a
   * Helm chart's templates/ (where Helm renders every file as objects), the Kustomization.
   *
   * @internal
   */
  public _writeOutput(dir: string, layout: OutputLayout = 'folder'): string[] {
    return this.writeOutput(dir, layout).files;
  }

  private writeOutput(dir: string, layout: OutputLayout): { files: string[]; objects: RenderedObject[] } {
    const { manifests, fifo } = this.ordered();
    const objects = manifests.map((manifest) => manifest.json);
    const files = this.writeManifests(dir, manifests);
    if (layout === 'folder') fs.writeFileSync(path.join(dir, ManifestApp.KUSTOMIZATION_FILE), kustomization(files, fifo), 'utf-8');
    // Helm renders templates/ as Go templates: a `{{` of a value must come out as written.
    if (layout === 'helm') {
      for (const file of files)
        fs.writeFileSync(path.join(dir, file), escapeForHelm(fs.readFileSync(path.join(dir, file), 'utf-8')), 'utf-8');
    }
    this.writeMetadataFile(dir);
    return { files, objects };
  }

  /**
   * When recording construct metadata, writes `construct-metadata.json` as cdk8s's App does (its
   * format, which the cdk8s CLI's validation plugins read): each object's name to its construct path.
   */
  private writeMetadataFile(dir: string): void {
    if (!this.recordsConstructMetadata) return;
    const resources: { [name: string]: { path: string } } = {};
    for (const construct of this.node.findAll()) {
      if (construct instanceof ApiObject) resources[construct.name] = { path: construct.node.path };
    }
    fs.writeFileSync(path.join(dir, ManifestApp.CONSTRUCT_METADATA_FILE), JSON.stringify({ version: '1.0.0', resources }));
  }

  /**
   * Every chart's objects as JSON in apply order, with their file names (lib/synth/apply-order.ts).
   * Throws when two objects of the app have the same API group, kind, namespace and name: one
   * would replace the other when applied, and kustomize refuses the folder.
   */
  private ordered(): ApplyOrder {
    // One synthesis: the app is validated once per chart, its rules computed once (./synthesis.ts).
    return synthesizing(this, () => this.orderCharts());
  }

  private orderCharts(): ApplyOrder {
    const duplicates = findDuplicateObjects(this);
    if (duplicates.length > 0) throw new Error(duplicates.map((d) => `ManifestApp: ${duplicateMessage(d)}`).join('\n'));
    return applyOrder(this, this.outputFileExtension);
  }

  private writeManifests(dir: string, manifests: ApplyOrder['manifests']): string[] {
    fs.mkdirSync(dir, { recursive: true });
    return manifests.map(({ json, file }) => {
      fs.writeFileSync(path.join(dir, file), stringifyManifests(json), 'utf-8');
      return file;
    });
  }
}

/**
 * A Kustomization that lists `files` as its resources, in apply order. kustomize's own order
 * (`kubectl apply -k` always applies it) keeps it, unless `fifo` (a declared dependency against
 * the kinds' order): then `sortOptions` keeps it, and kubectl prints a warning about them.
 */
function kustomization(files: string[], fifo: boolean): string {
  return (
    '# Written by ManifestApp: the manifests of this folder, in apply order.\n' +
    stringifyManifests({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: files,
      ...(fifo ? { sortOptions: { order: 'fifo' } } : {}),
    })
  );
}
