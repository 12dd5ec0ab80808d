import { describe, expect, it } from 'vitest';
import { statusBody } from '../testing/start-fake-api-server.ts';
import { useFakeApiServer } from '../testing/use-fake-api-server.ts';

const kubevirt = '/apis/kubevirt.io/v1/namespaces/team-a';
const services = '/api/v1/namespaces/team-a/services';
const fake = useFakeApiServer(['expose']);
const run = fake.run;

describe('kubectl virt expose', () => {
  it('reads the VMI and creates the Service in the namespace, printing virtctl’s message', async () => {
    fake.server().answer('GET', `${kubevirt}/virtualmachineinstances/web`, {
      status: 200,
      body: { metadata: { name: 'web', labels: { app: 'web', 'kubevirt.io/nodeName': 'n1' } } },
    });
    fake.server().answer('POST', services, { status: 201, body: {} });
    const result = await run(['VMI', 'web', '--name', 'web-svc', '--port', '8080']);
    expect(result).toEqual({
      code: 0,
      stdout: 'Service web-svc successfully created for vmi web\n',
      stderr: '',
    });
    const created = fake.server().requests.at(-1);
    expect(created?.method).toBe('POST');
    expect(JSON.parse(created?.body ?? '')).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web-svc', namespace: 'team-a' },
      spec: {
        ports: [{ protocol: 'TCP', port: 8080, targetPort: 8080 }],
        selector: { app: 'web' },
        type: 'ClusterIP',
      },
    });
  });

  it.each([
    [['vmi', 'web', '--port', '80'], 'required flag(s) "name" not set'],
    [['vmi', 'web', '--name', 's', '--port', 'x'], 'invalid argument "x" for "--port" flag'],
    [['pod', 'web', '--name', 's', '--port', '80'], 'unsupported resource type "pod"'],
    [
      ['vmi', '--name', 's', '--port', '80'],
      'accepts 2 arguments ((vm|vmi|vmirs) NAME), received 1',
    ],
    [['vmi', 'web', '--name', 's', '--selector', 'a=b'], 'unknown flag: --selector'],
  ])('refuses %j before calling the server (exit 2)', async (argv, message) => {
    const before = fake.server().requests.length;
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: ${message}`);
    expect(result.stderr).toContain("See 'kubectl virt expose --help' for usage.");
    expect(fake.server().requests.length).toBe(before);
  });

  it('says which object could not be read', async () => {
    fake.server().answer('GET', `${kubevirt}/virtualmachines/gone`, {
      status: 404,
      body: statusBody(404, 'NotFound', 'virtualmachines.kubevirt.io "gone" not found'),
    });
    const result = await run(['vm', 'gone', '--name', 's', '--port', '80']);
    expect(result).toMatchObject({
      code: 1,
      stderr: 'error fetching VirtualMachine: virtualmachines.kubevirt.io "gone" not found\n',
    });
  });

  it('reports a Service that cannot be created with the server’s reason', async () => {
    fake.server().answer('GET', `${kubevirt}/virtualmachineinstancereplicasets/pool`, {
      status: 200,
      body: { spec: { selector: { matchLabels: { app: 'pool' } } } },
    });
    fake.server().answer('POST', services, {
      status: 409,
      body: statusBody(409, 'AlreadyExists', 'services "s" already exists'),
    });
    const result = await run(['vmirs', 'pool', '--name', 's', '--port', '80']);
    expect(result).toMatchObject({
      code: 1,
      stderr: 'service creation failed: services "s" already exists\n',
    });
  });

  it('lists its flags in --help', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: kubectl virt expose (vm|vmi|vmirs) NAME [flags]');
    for (const flag of ['--name NAME', '--port PORT', '--target-port PORT', '--type TYPE']) {
      expect(result.stdout).toContain(flag);
    }
  });
});
