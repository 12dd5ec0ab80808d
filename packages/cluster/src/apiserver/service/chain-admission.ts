import type { Admission } from './service-context.ts';

/**
 * Runs admission stages in order, as kube-apiserver runs its built-in plugins before the
 * webhooks: each mutating stage sees the object the previous one returned, every validating
 * stage sees the final object; the first refusal wins and the warnings add up.
 */
export function chainAdmission(...stages: readonly Admission[]): Admission {
  return {
    mutate: async (attributes) => {
      let object = attributes.object;
      const warnings: string[] = [];
      for (const stage of stages) {
        const outcome = await stage.mutate({ ...attributes, object });
        object = outcome.object ?? object;
        warnings.push(...outcome.warnings);
      }
      return { object, warnings };
    },
    validate: async (attributes) => {
      const warnings: string[] = [];
      for (const stage of stages) warnings.push(...(await stage.validate(attributes)).warnings);
      return { warnings };
    },
  };
}
