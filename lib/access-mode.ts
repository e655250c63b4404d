/**
 * The access modes a PersistentVolumeClaim can request.
 *
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes
 */
export enum AccessMode {
  /** The volume can be mounted as read-write by a single node; pods on that node can share it. */
  READ_WRITE_ONCE = 'ReadWriteOnce',
  /** The volume can be mounted as read-only by many nodes. */
  READ_ONLY_MANY = 'ReadOnlyMany',
  /** The volume can be mounted as read-write by many nodes. */
  READ_WRITE_MANY = 'ReadWriteMany',
  /**
   * The volume can be mounted as read-write by a single pod. Kubernetes does not allow it to be
   * combined with any other access mode.
   */
  READ_WRITE_ONCE_POD = 'ReadWriteOncePod',
}
