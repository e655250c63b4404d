// Which files of ManifestApp's output hold Kubernetes objects.
import * as fs from 'fs';

/** cdk8s's default `outputFileExtension`, which ManifestApp's manifest files end with. */
export const MANIFEST_EXTENSION = '.k8s.yaml';

/**
 * The names of the manifest files (`*.k8s.yaml`, the extension ManifestApp writes by default) in
 * `folder`, sorted, that is in apply order; not the Kustomization. None if the folder is missing.
 */
export function listManifestFiles(folder: string): string[] {
  return fs.existsSync(folder) ? fs.readdirSync(folder).filter(isManifestFile).sort() : [];
}

/** Whether a file of ManifestApp's output holds Kubernetes objects (others, such as the Kustomization, do not). */
export function isManifestFile(fileName: string): boolean {
  return fileName.endsWith(MANIFEST_EXTENSION);
}
