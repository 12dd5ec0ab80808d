import { describe, expect, it } from 'vitest';
import { installedGeneratedDirectory } from './client-node-schema-source.ts';
import { ModelCatalog } from './model-catalog.ts';
import {
  APIMACHINERY_MODELS,
  componentName,
  packageOfGroup,
  splitModelName,
  SUBRESOURCE_MODELS,
} from './upstream-names.ts';

describe('splitModelName', () => {
  it.each([
    ['V1Pod', { packageName: undefined, version: 'v1', kind: 'Pod' }],
    ['V1APIService', { packageName: undefined, version: 'v1', kind: 'APIService' }],
    ['V1beta1DeviceClass', { packageName: undefined, version: 'v1beta1', kind: 'DeviceClass' }],
    ['CoreV1Event', { packageName: 'core', version: 'v1', kind: 'Event' }],
    ['FlowcontrolV1Subject', { packageName: 'flowcontrol', version: 'v1', kind: 'Subject' }],
    ['VersionInfo', undefined],
  ])('splits %s', (model, parts) => {
    expect(splitModelName(model)).toEqual(parts);
  });
});

describe('component names', () => {
  it.each([
    ['', 'core'],
    ['apps', 'apps'],
    ['rbac.authorization.k8s.io', 'rbac'],
    ['flowcontrol.apiserver.k8s.io', 'flowcontrol'],
    ['internal.apiserver.k8s.io', 'apiserverinternal'],
  ])('takes the package of group "%s" to be %s', (group, packageName) => {
    expect(packageOfGroup(group)).toBe(packageName);
  });

  it.each([
    ['core', 'io.k8s.api.core.v1.Pod'],
    ['apiextensions', 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.Pod'],
    ['apiregistration', 'io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.Pod'],
  ])('spells the %s package as upstream does', (packageName, name) => {
    expect(componentName(packageName, 'v1', 'Pod')).toBe(name);
  });
});

describe('model ownership in the installed client', () => {
  const catalog = new ModelCatalog(installedGeneratedDirectory());
  const closures = new Map(
    catalog.groupVersions.map((gv) => [gv.groupVersion, catalog.closure(gv.roots)]),
  );
  const reached = new Set([...closures.values()].flatMap((closure) => [...closure]));

  it('finds at most one non-core group reaching each unprefixed model of a version', () => {
    const ambiguous = [...reached].flatMap((model) => {
      const parts = splitModelName(model);
      if (APIMACHINERY_MODELS.has(model) || SUBRESOURCE_MODELS.has(model)) return [];
      if (parts === undefined || parts.packageName !== undefined) return [];
      const groups = catalog.groupVersions
        .filter((gv) => gv.version === parts.version)
        .filter((gv) => closures.get(gv.groupVersion)?.has(model) === true)
        .map((gv) => gv.group);
      return groups.includes('') || groups.length <= 1 ? [] : [`${model}: ${groups.join(', ')}`];
    });

    expect(ambiguous).toEqual([]);
  });

  it('gives every model an upstream name', () => {
    expect([...reached].filter((model) => catalog.componentOf(model) === undefined)).toEqual([]);
  });

  it('gives no two models the same upstream name', () => {
    const names = [...reached].map((model) => catalog.componentOf(model));

    expect(new Set(names).size).toBe(names.length);
  });

  it.each([
    ['V1Pod', 'v1'],
    ['V1PodTemplateSpec', 'v1'],
    ['V1Deployment', 'apps/v1'],
    ['V1UserInfo', 'authentication.k8s.io/v1'],
    ['V1Scale', 'autoscaling/v1'],
    ['AuthenticationV1TokenRequest', 'authentication.k8s.io/v1'],
    ['V1LabelSelector', undefined],
  ])('assigns %s to %s', (model, groupVersion) => {
    expect(catalog.ownerOf(model)?.groupVersion).toBe(groupVersion);
  });
});
