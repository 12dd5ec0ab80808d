import type { Service } from './service.ts';

/**
 * Whether `service` selects a pod labelled `podLabels`: it has a selector with at least one key
 * (a Service without one selects no pods; its Endpoints are managed by hand) and every key of it
 * is on the pod with the same value.
 */
export function serviceSelects(
  service: Service,
  podLabels: Readonly<Record<string, string>>,
): boolean {
  const selector = Object.entries(service.spec?.selector ?? {});
  return (
    selector.length > 0 &&
    selector.every(([key, value]) => Object.hasOwn(podLabels, key) && podLabels[key] === value)
  );
}

/** The Services (in their order) that select a pod labelled `podLabels`; see {@link serviceSelects}. */
export function servicesSelecting<S extends Service>(
  services: readonly S[],
  podLabels: Readonly<Record<string, string>>,
): S[] {
  return services.filter((service) => serviceSelects(service, podLabels));
}
