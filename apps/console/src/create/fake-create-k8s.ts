// Test support: the VM pages' fake data layer (`../vms/fake-vm-k8s.ts`) plus what the Create page
// uses: `k8sCreate`.
import { vi } from 'vitest';
import { fakeVmK8s, fakeVmK8sModule } from '../vms/fake-vm-k8s.ts';

/** The spy of the Create page's POST. */
export const fakeCreateK8s = {
  k8sCreate: vi.fn<(locator: unknown, body: unknown) => Promise<unknown>>(),
  /** Everything allowed, every write succeeds. */
  reset(): void {
    fakeVmK8s.reset();
    fakeCreateK8s.k8sCreate
      .mockReset()
      .mockImplementation((_locator, body) => Promise.resolve(body));
  },
};

/** The fake module: pass it as the factory result of `vi.mock('../k8s/index.ts')`. */
export const fakeCreateK8sModule = {
  ...fakeVmK8sModule,
  k8sCreate: (locator: unknown, body: unknown): Promise<unknown> =>
    fakeCreateK8s.k8sCreate(locator, body),
};
