import { expect, test } from './fixtures.ts';

test.describe('the cluster behind the console', () => {
  test('an object kubectl creates in the test namespace is read back through the signed-in console', async ({
    podvisor,
    namespace,
    signedInPage,
  }) => {
    expect(namespace).toMatch(/^e2e-[0-9a-f]{8}$/);
    const args = ['create', 'configmap', 'probe', '-n', namespace, '--from-literal=greeting=hello'];
    const created = await podvisor.kubectl(args);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const path = `/api/kubernetes/api/v1/namespaces/${namespace}/configmaps/probe`;
    const read = await signedInPage.evaluate(async (url) => {
      const response = await fetch(url);
      return { status: response.status, body: await response.json() };
    }, path);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ data: { greeting: 'hello' } });
  });
});
