// No two objects of an app may be the same Kubernetes object: the same API group, kind, namespace
// and name. Applied together, the one applied last silently replaces the other (kubectl apply -f),
// or the whole folder is refused (kustomize: "may not add resource with an already registered id").
//
// The check sees the whole app, so it runs once per synthesis, not once per StatefulWeb (which
// would make synthesis quadratic in the number of StatefulWebs): every StatefulWeb registers its
// objects with one UniqueObjects construct at the root of its app, whose validation (cdk8s runs
// every construct's validations at synth, in any App) refuses a collision that involves one of
// them. ManifestApp checks every object of the app, StatefulWeb's or not (lib/synth/manifest-app.ts).
import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { bracketSyntheses, oncePerSynthesis } from './once-per-synthesis';
import { STATEFUL_WEB_RULES } from './rules';
import { show } from './show';

/** Two objects with the same identity: the first one of the app, and a later one. */
export interface DuplicateObject {
  readonly first: ApiObject;
  readonly second: ApiObject;
}

/**
 * What identifies an object in a cluster: its API group (not its version: `autoscaling/v1` and
 * `autoscaling/v2` objects are the same object), kind, namespace and name. An object without
 * `metadata.namespace` takes its chart's namespace (cdk8s writes it), or has none.
 * (From the constructs' props, not the rendered JSON: a JSON patch of metadata is not seen.)
 */
export function identityOf(object: ApiObject): string {
  const slash = object.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : object.apiVersion.slice(0, slash);
  // metadata.namespace is the object's own or, without one, its chart's (set when it was made).
  // NUL separates the parts: no group, kind, namespace or name holds one.
  return `${group}\0${object.kind}\0${object.metadata.namespace ?? ''}\0${object.metadata.name ?? object.name}`;
}

/** Every ApiObject under `scope` that has the identity of an earlier one, with that earlier one. */
export function findDuplicateObjects(scope: IConstruct): DuplicateObject[] {
  const seen = new Map<string, ApiObject>();
  const duplicates: DuplicateObject[] = [];
  for (const construct of scope.node.findAll()) {
    if (!(construct instanceof ApiObject)) continue;
    const identity = identityOf(construct);
    const first = seen.get(identity);
    if (first === undefined) seen.set(identity, construct);
    else duplicates.push({ first, second: construct });
  }
  return duplicates;
}

/** The message of a duplicate: the rule, then `Found:` the object and both construct paths. */
export function duplicateMessage({ first, second }: DuplicateObject): string {
  const group = first.apiVersion.includes('/') ? first.apiVersion.split('/')[0] : '';
  const namespace = first.metadata.namespace;
  const what =
    `${first.kind}${group ? `.${group}` : ''} ${show(first.metadata.name ?? first.name)}` +
    (namespace === undefined ? ' without a namespace' : ` in namespace ${show(namespace)}`);
  return `${STATEFUL_WEB_RULES.uniqueObjects} Found: ${what}, defined by both ${show(first.node.path)} and ${show(second.node.path)}.`;
}

/** The id of the UniqueObjects construct at the root of an app. */
const UNIQUE_OBJECTS_ID = 'stateful-web-unique-objects';

/**
 * The app-wide check of StatefulWeb's objects: at synth, refuses any object of the app with the
 * identity of one of theirs.
 */
export class UniqueObjects extends Construct {
  /** The one UniqueObjects of the app of `scope`, made on first use. */
  public static of(scope: IConstruct): UniqueObjects {
    const root = scope.node.root;
    const existing = root.node.tryFindChild(UNIQUE_OBJECTS_ID) as UniqueObjects | undefined;
    if (existing !== undefined) return existing;
    // The app's validations run once per chart; the rules of its StatefulWebs and this check, once
    // per synthesis (lib/validation/once-per-synthesis.ts).
    bracketSyntheses(root);
    return new UniqueObjects(root, UNIQUE_OBJECTS_ID);
  }

  private readonly registered = new Set<ApiObject>();

  private constructor(scope: IConstruct, id: string) {
    super(scope, id);
    this.node.addValidation({ validate: () => oncePerSynthesis(this, this, () => this.check()) });
  }

  /** Adds objects (a StatefulWeb's) that no other object of the app may share an identity with. */
  public register(...objects: Array<ApiObject | undefined>): void {
    for (const object of objects) if (object !== undefined) this.registered.add(object);
  }

  private check(): string[] {
    return findDuplicateObjects(this.node.root)
      .filter(({ first, second }) => this.registered.has(first) || this.registered.has(second))
      .map(duplicateMessage);
  }
}
