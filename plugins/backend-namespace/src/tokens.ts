/**
 * Service identifiers of what this backend composes. Own symbols rather than the
 * CgroupResources class itself: the cgroup plugin binds that class in the same container
 * when both plugins are loaded, and two bindings of one identifier would be ambiguous.
 */
export const NAMESPACE_CGROUPS: unique symbol = Symbol.for('@lmctfy/backend-namespace:CgroupResources');
/** A CgroupBackend over NAMESPACE_CGROUPS, for the operations that only touch cgroups. */
export const NAMESPACE_CGROUP_OPS: unique symbol = Symbol.for('@lmctfy/backend-namespace:CgroupOps');
