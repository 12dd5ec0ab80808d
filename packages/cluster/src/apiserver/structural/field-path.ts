/**
 * Field paths as Kubernetes writes them: `spec.template.spec.containers[0].image`. Schema
 * validation names map entries `spec.selector.app`; the list-type and embedded-resource passes
 * (like upstream's `field.Path.Key`) name them `spec.selector[app]`.
 */

/** `base.key`, or `key` at the root. */
export function childPath(base: string, key: string): string {
  return base === '' ? key : `${base}.${key}`;
}

/** `base[index]`. */
export function indexPath(base: string, index: number): string {
  return `${base}[${index}]`;
}

/** `base[key]`, for map entries in the list-type and embedded-resource passes. */
export function keyPath(base: string, key: string): string {
  return `${base}[${key}]`;
}
