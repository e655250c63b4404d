import { KubeStatefulSet } from '../imports/k8s';

/**
 * A KubeStatefulSet whose claim templates carry `apiVersion: v1` and `kind: PersistentVolumeClaim`.
 *
 * The API server adds both to every claim template it stores. A manifest without them differs from
 * the live object forever, and Argo CD reports the StatefulSet as OutOfSync. The generated
 * `KubeStatefulSet` drops any field its schema does not list, escape-hatch patches included, so
 * they are added after its own rendering.
 */
export class StatefulSetObject extends KubeStatefulSet {
  public override toJson(): any {
    const json = super.toJson();
    const templates = json.spec?.volumeClaimTemplates;
    if (Array.isArray(templates)) {
      json.spec.volumeClaimTemplates = templates.map((template: object) => ({
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        ...template,
      }));
    }
    return json;
  }
}
