import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseAllDocuments, parseDocument } from 'yaml';
import { loadServiceConfig, SERVICE_ENV_VARS, type ServiceConfig } from '@zoneledger/platform';
import {
  databaseSchema,
  defaultPort,
  routeLimitVariables,
  serviceDirectories,
} from './service-sources';

// The Kubernetes manifests (infra/k8s) cannot be applied in CI (no cluster, and kustomize is no
// dependency of the project), so this builds them as kustomize would, for the features they use,
// and checks the result against the repository: one base per service, its port, probes,
// environment, resources and security, and overlays that build from the base. A kustomization
// feature the builder below does not model fails the test rather than being skipped.

const root = resolve(__dirname, '..');
const k8sDir = join(root, 'infra', 'k8s');
const baseDir = join(k8sDir, 'base');
const overlaysDir = join(k8sDir, 'overlays');

/** /health/ready waits at most 2 s for PostgreSQL and for Kafka, 1 s for projection lags (in parallel). */
const READINESS_CHECK_DEADLINE_SECONDS = 2;
/** Migrations may wait for another replica's migration lock: the startup probe allows this long. */
const MIN_STARTUP_SECONDS = 120;
/** After preStop: the relay's batch in flight, consumers leaving their groups, open requests. */
const MIN_SHUTDOWN_SECONDS = 30;
/** What operators put in each <service>-secrets; values only need to be valid. */
// The notifier's Secret also holds the key its webhook secrets are encrypted with.
const NOTIFIER_SECRET_KEY = Buffer.alloc(32, 7).toString('base64');
const SECRET_WITH_JWKS = {
  DATABASE_URL: 'postgres://zoneledger@postgres.example:5432/zoneledger',
  AUTH_JWKS_URL: 'https://identity.example/.well-known/jwks.json',
  NOTIFIER_SECRET_KEY,
};
const SECRET_WITH_JWT_SECRET = {
  DATABASE_URL: 'postgres://zoneledger@postgres.example:5432/zoneledger',
  AUTH_JWT_SECRET: 'a-shared-secret-of-32-characters',
  NOTIFIER_SECRET_KEY,
};

// ---------------------------------------------------------------------------------------------
// Manifests, as far as these checks read them

interface Metadata {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
}

interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: Metadata;
}

interface HttpProbe {
  readonly httpGet?: { readonly path: string; readonly port: number | string };
  readonly periodSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly failureThreshold?: number;
}

interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: {
    readonly secretKeyRef?: { readonly name: string; readonly key: string; optional?: boolean };
  };
}

type Resources = Record<'cpu' | 'memory', string | number | undefined>;

interface Container {
  readonly name: string;
  image: string;
  readonly ports?: readonly { readonly name?: string; readonly containerPort: number }[];
  readonly env?: readonly EnvVar[];
  readonly envFrom?: readonly { readonly configMapRef?: { readonly name: string } }[];
  readonly startupProbe?: HttpProbe;
  readonly livenessProbe?: HttpProbe;
  readonly readinessProbe?: HttpProbe;
  readonly lifecycle?: { readonly preStop?: { readonly exec?: { readonly command: string[] } } };
  readonly resources?: { readonly requests?: Resources; readonly limits?: Resources };
  readonly securityContext?: {
    readonly allowPrivilegeEscalation?: boolean;
    readonly readOnlyRootFilesystem?: boolean;
    readonly capabilities?: { readonly drop?: readonly string[] };
  };
  readonly volumeMounts?: readonly { readonly name: string; readonly mountPath: string }[];
}

interface Deployment extends Manifest {
  readonly spec: {
    replicas?: number;
    readonly selector: { readonly matchLabels: Record<string, string> };
    readonly template: {
      readonly metadata: { readonly labels: Record<string, string> };
      readonly spec: {
        readonly terminationGracePeriodSeconds?: number;
        readonly securityContext?: { readonly runAsNonRoot?: boolean; readonly runAsUser?: number };
        readonly containers: Container[];
        readonly volumes?: readonly { readonly name: string; readonly emptyDir?: object }[];
      };
    };
  };
}

interface Service extends Manifest {
  readonly spec: {
    readonly type?: string;
    readonly selector: Record<string, string>;
    readonly ports: readonly { readonly port: number; readonly targetPort?: number | string }[];
  };
}

interface PodDisruptionBudget extends Manifest {
  readonly spec: {
    readonly selector: { readonly matchLabels: Record<string, string> };
    readonly maxUnavailable?: number | string;
    readonly minAvailable?: number | string;
  };
}

interface ConfigMap extends Manifest {
  data: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// Kustomizations, built as kustomize builds them for the features used here

interface Kustomization {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly resources?: readonly string[];
  readonly labels?: readonly {
    readonly pairs: Record<string, string>;
    readonly includeSelectors?: boolean;
  }[];
  readonly configMapGenerator?: readonly {
    readonly name: string;
    readonly behavior?: 'create' | 'merge' | 'replace';
    readonly literals?: readonly string[];
  }[];
  readonly images?: readonly {
    readonly name: string;
    readonly newName?: string;
    readonly newTag?: string;
    readonly digest?: string;
  }[];
  readonly replicas?: readonly { readonly name: string; readonly count: number }[];
  readonly patches?: readonly {
    readonly patch: string;
    readonly target: { readonly kind: string; readonly name?: string };
  }[];
}

const MODELLED_FIELDS = [
  'apiVersion',
  'kind',
  'namespace',
  'resources',
  'labels',
  'configMapGenerator',
  'images',
  'replicas',
  'patches',
];

function parseYaml(path: string): unknown[] {
  const documents = parseAllDocuments(readFileSync(path, 'utf8'));
  const problems = documents.flatMap((document) =>
    [...document.errors, ...document.warnings].map((error) => error.message),
  );
  if (problems.length > 0) throw new Error(`${relative(root, path)}: ${problems.join('; ')}`);
  return documents.map((document) => document.toJS() as unknown);
}

function readKustomization(dir: string): Kustomization {
  const path = join(dir, 'kustomization.yaml');
  const document = parseDocument(readFileSync(path, 'utf8'));
  if (document.errors.length > 0) {
    throw new Error(`${relative(root, path)}: ${document.errors.map((error) => error.message)}`);
  }
  const kustomization = document.toJS() as Kustomization;
  const unmodelled = Object.keys(kustomization).filter((key) => !MODELLED_FIELDS.includes(key));
  if (unmodelled.length > 0) {
    throw new Error(`${relative(root, path)}: this check does not model ${unmodelled.join(', ')}`);
  }
  return kustomization;
}

/** `name[:tag][@digest]`; a registry port's colon comes before the last slash. */
function parseImage(reference: string): { name: string; tag?: string; digest?: string } {
  const [withTag, digest] = reference.split('@');
  const colon = withTag.lastIndexOf(':');
  const tagged = colon > withTag.lastIndexOf('/');
  return {
    name: tagged ? withTag.slice(0, colon) : withTag,
    ...(tagged && { tag: withTag.slice(colon + 1) }),
    ...(digest && { digest }),
  };
}

/** A JSON pointer's parent and last key, throwing when the parent does not exist. */
function pointer(
  document: unknown,
  path: string,
): { parent: Record<string, unknown>; key: string } {
  const keys = path
    .split('/')
    .slice(1)
    .map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'));
  let parent = document as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) {
    parent = parent?.[key] as Record<string, unknown>;
    if (typeof parent !== 'object' || parent === null) throw new Error(`no ${path}`);
  }
  return { parent, key: keys[keys.length - 1] };
}

/** JSON6902 `replace` and `add` (the operations kustomize patches here use). */
function applyJsonPatch(manifest: Manifest, patch: string): void {
  const operations = parseDocument(patch).toJS() as { op: string; path: string; value: unknown }[];
  for (const { op, path, value } of operations) {
    if (op !== 'replace' && op !== 'add') throw new Error(`this check does not model op ${op}`);
    const { parent, key } = pointer(manifest, path);
    if (op === 'replace' && !(key in parent)) throw new Error(`replace: no ${path}`);
    parent[key] = value;
  }
}

function literals(entries: readonly string[] = []): Record<string, string> {
  return Object.fromEntries(
    entries.map((entry) => [
      entry.slice(0, entry.indexOf('=')),
      entry.slice(entry.indexOf('=') + 1),
    ]),
  );
}

/** What `kustomize build <dir>` gives, for the fields listed in MODELLED_FIELDS. */
function build(dir: string): Manifest[] {
  const kustomization = readKustomization(dir);
  const manifests: Manifest[] = (kustomization.resources ?? []).flatMap((entry) => {
    const path = resolve(dir, entry);
    return statSync(path).isDirectory() ? build(path) : (parseYaml(path) as Manifest[]);
  });

  for (const generator of kustomization.configMapGenerator ?? []) {
    const existing = manifests.find(
      (manifest): manifest is ConfigMap =>
        manifest.kind === 'ConfigMap' && manifest.metadata.name === generator.name,
    );
    const behavior = generator.behavior ?? 'create';
    if ((behavior === 'create') !== (existing === undefined)) {
      throw new Error(`${relative(root, dir)}: configMapGenerator ${generator.name} ${behavior}`);
    }
    const data = literals(generator.literals);
    if (existing === undefined) {
      manifests.push({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: generator.name },
        data,
      } as ConfigMap);
    } else {
      existing.data = behavior === 'merge' ? { ...existing.data, ...data } : data;
    }
  }

  for (const { target, patch } of kustomization.patches ?? []) {
    const targets = manifests.filter(
      (manifest) =>
        manifest.kind === target.kind &&
        (target.name === undefined || manifest.metadata.name === target.name),
    );
    if (targets.length === 0) throw new Error(`${relative(root, dir)}: a patch targets nothing`);
    for (const manifest of targets) applyJsonPatch(manifest, patch);
  }

  const deployments = manifests.filter(isDeployment);
  for (const { name, newName, newTag, digest } of kustomization.images ?? []) {
    const containers = deployments
      .flatMap((deployment) => deployment.spec.template.spec.containers)
      .filter((container) => parseImage(container.image).name === name);
    if (containers.length === 0) throw new Error(`${relative(root, dir)}: no image ${name}`);
    for (const container of containers) {
      const current = parseImage(container.image);
      const tag = newTag ?? current.tag;
      container.image = `${newName ?? name}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
    }
  }

  for (const { name, count } of kustomization.replicas ?? []) {
    const deployment = deployments.find((candidate) => candidate.metadata.name === name);
    if (!deployment) throw new Error(`${relative(root, dir)}: replicas for unknown ${name}`);
    deployment.spec.replicas = count;
  }

  for (const { pairs, includeSelectors } of kustomization.labels ?? []) {
    if (includeSelectors) throw new Error('this check does not model labels in selectors');
    for (const manifest of manifests) {
      Object.assign(manifest.metadata, { labels: { ...manifest.metadata.labels, ...pairs } });
    }
  }

  if (kustomization.namespace !== undefined) {
    for (const manifest of manifests) {
      Object.assign(manifest.metadata, { namespace: kustomization.namespace });
    }
  }
  return manifests;
}

function isDeployment(manifest: Manifest): manifest is Deployment {
  return manifest.kind === 'Deployment';
}

function only<T extends Manifest>(manifests: readonly Manifest[], kind: string, name: string): T {
  const found = manifests.filter(
    (manifest) => manifest.kind === kind && manifest.metadata.name === name,
  );
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  return found[0] as T;
}

// ---------------------------------------------------------------------------------------------
// The repository

function subdirectories(dir: string): string[] {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => statSync(join(dir, name)).isDirectory())
        .sort()
    : [];
}

/** Every directory under infra/k8s holding a kustomization.yaml. */
function kustomizationDirs(dir: string = k8sDir): string[] {
  const here = existsSync(join(dir, 'kustomization.yaml')) ? [dir] : [];
  return [...here, ...subdirectories(dir).flatMap((name) => kustomizationDirs(join(dir, name)))];
}

function yamlFiles(dir: string): string[] {
  const files = readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => join(dir, name));
  return [...files, ...subdirectories(dir).flatMap((name) => yamlFiles(join(dir, name)))];
}

/** A probe's or Service's port, by number or by the container port's name. */
function resolvePort(container: Container, port: number | string | undefined): number | undefined {
  if (typeof port === 'number') return port;
  return container.ports?.find((candidate) => candidate.name === port)?.containerPort;
}

/** Kubernetes quantities: cpu in cores ("100m", "1"), memory in bytes ("256Mi", "1Gi", "512M"). */
function quantity(value: string | number | undefined): number {
  const match = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|k|M|G)?$/.exec(String(value ?? ''));
  if (!match) return Number.NaN;
  const factors: Record<string, number> = {
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
  };
  return Number(match[1]) * (match[2] ? factors[match[2]] : 1);
}

/**
 * The environment a container starts with: its ConfigMaps (envFrom), its own values, and the keys
 * it takes from `secret` (a required key missing from it throws, as the kubelet refuses to start).
 */
function containerEnvironment(
  container: Container,
  manifests: readonly Manifest[],
  secret: Record<string, string>,
): Record<string, string> {
  const fromConfigMaps = (container.envFrom ?? []).map((source) => {
    if (!source.configMapRef) throw new Error('this check models envFrom of ConfigMaps only');
    return only<ConfigMap>(manifests, 'ConfigMap', source.configMapRef.name).data;
  });
  const own = (container.env ?? []).flatMap(({ name, value, valueFrom }): [string, string][] => {
    if (value !== undefined) return [[name, value]];
    const reference = valueFrom?.secretKeyRef;
    if (!reference) throw new Error(`${name}: this check models values and secretKeyRef only`);
    const secretValue = secret[reference.key];
    if (secretValue === undefined && !reference.optional) {
      throw new Error(`${name}: the Secret has no ${reference.key}`);
    }
    return secretValue === undefined ? [] : [[name, secretValue]];
  });
  return Object.assign({}, ...fromConfigMaps, Object.fromEntries(own)) as Record<string, string>;
}

function theContainer(deployment: Deployment): Container {
  const { containers } = deployment.spec.template.spec;
  if (containers.length !== 1)
    throw new Error(`${deployment.metadata.name}: expected one container`);
  return containers[0];
}

// ---------------------------------------------------------------------------------------------

/** How the service's config loader reads the container's environment (throws as it would). */
function serviceConfig(
  service: string,
  container: Container,
  manifests: readonly Manifest[],
  secret: Record<string, string>,
): ServiceConfig {
  return loadServiceConfig(containerEnvironment(container, manifests, secret), {
    service,
    port: defaultPort(service),
    databaseSchema: databaseSchema(service),
  });
}

interface ServiceBase {
  /** The service's own manifests and the ConfigMap the parent base shares with it. */
  readonly manifests: readonly Manifest[];
  readonly deployment: Deployment;
  readonly container: Container;
  readonly kubeService: Service;
  readonly budget: PodDisruptionBudget;
}

function serviceBase(service: string): ServiceBase {
  const shared = build(baseDir).filter((manifest) => manifest.kind === 'ConfigMap');
  const manifests = [...build(join(baseDir, service)), ...shared];
  const deployment = only<Deployment>(manifests, 'Deployment', service);
  return {
    manifests,
    deployment,
    container: theContainer(deployment),
    kubeService: only<Service>(manifests, 'Service', service),
    budget: only<PodDisruptionBudget>(manifests, 'PodDisruptionBudget', service),
  };
}

// ---------------------------------------------------------------------------------------------
// Builds run in beforeAll: a kustomization that does not build fails the tests that need it.

const services = serviceDirectories();
const overlays = subdirectories(overlaysDir);

describe('infra/k8s kustomizations', () => {
  const dirs = kustomizationDirs().map((dir) => relative(k8sDir, dir));

  it('has a base for every directory under services/, and the base lists exactly those', () => {
    expect(services.length).toBeGreaterThan(0);
    expect(dirs).toEqual(expect.arrayContaining(services.map((service) => `base/${service}`)));
    expect([...(readKustomization(baseDir).resources ?? [])].sort()).toEqual(services);
  });

  it.each(dirs)('%s lists only files and kustomizations that exist', (dir) => {
    for (const entry of readKustomization(join(k8sDir, dir)).resources ?? []) {
      const path = resolve(k8sDir, dir, entry);
      const exists = existsSync(path);
      const target =
        exists && statSync(path).isDirectory() ? join(path, 'kustomization.yaml') : path;
      expect({ entry, exists: existsSync(target) }).toEqual({ entry, exists: true });
    }
  });

  it.each(dirs)('%s lists every manifest beside it', (dir) => {
    const listed = readKustomization(join(k8sDir, dir)).resources ?? [];
    const manifests = readdirSync(join(k8sDir, dir)).filter(
      (name) => /\.ya?ml$/.test(name) && name !== 'kustomization.yaml',
    );
    expect(manifests.filter((name) => !listed.includes(name))).toEqual([]);
  });

  it('has overlays, each built on the base only', () => {
    expect(overlays.length).toBeGreaterThanOrEqual(2);
    for (const overlay of overlays) {
      const resources = readKustomization(join(overlaysDir, overlay)).resources ?? [];
      expect(resources.map((entry) => resolve(overlaysDir, overlay, entry))).toEqual([baseDir]);
    }
  });

  it('has no manifest that no overlay reaches', () => {
    const reached = new Set<string>();
    const visit = (dir: string) => {
      reached.add(dir);
      for (const entry of readKustomization(dir).resources ?? []) {
        const path = resolve(dir, entry);
        if (existsSync(path) && statSync(path).isDirectory()) visit(path);
      }
    };
    overlays.forEach((overlay) => visit(join(overlaysDir, overlay)));
    const unreached = yamlFiles(k8sDir).filter((file) => !reached.has(dirname(file)));
    expect(unreached.map((file) => relative(k8sDir, file))).toEqual([]);
  });
});

describe('infra/k8s/base', () => {
  let manifests: Manifest[];
  beforeAll(() => {
    manifests = build(baseDir);
  });

  it('shares one ConfigMap whose keys are all variables the services read, brokers included', () => {
    const configMaps = manifests.filter(
      (manifest): manifest is ConfigMap => manifest.kind === 'ConfigMap',
    );
    expect(configMaps).toHaveLength(1);
    const keys = Object.keys(configMaps[0].data);
    expect(keys.filter((key) => !(SERVICE_ENV_VARS as readonly string[]).includes(key))).toEqual(
      [],
    );
    expect(keys).toContain('KAFKA_BROKERS');
  });

  it('labels everything as part of zoneledger', () => {
    expect(
      manifests
        .filter(
          (manifest) => manifest.metadata.labels?.['app.kubernetes.io/part-of'] !== 'zoneledger',
        )
        .map(({ kind, metadata }) => `${kind} ${metadata.name}`),
    ).toEqual([]);
  });

  it('holds a Deployment, a Service and a PodDisruptionBudget per service, and nothing else but the ConfigMap', () => {
    const held = manifests
      .filter((manifest) => manifest.kind !== 'ConfigMap')
      .map(({ kind, metadata }) => `${kind} ${metadata.name}`)
      .sort();
    expect(held).toEqual(
      services
        .flatMap((service) =>
          ['Deployment', 'Service', 'PodDisruptionBudget'].map((kind) => `${kind} ${service}`),
        )
        .sort(),
    );
  });
});

describe.each(services)('infra/k8s/base/%s', (service) => {
  const port = defaultPort(service);
  let base: ServiceBase;
  beforeAll(() => {
    base = serviceBase(service);
  });

  it(`runs the image zoneledger/${service}, two replicas by default`, () => {
    expect(parseImage(base.container.image).name).toBe(`zoneledger/${service}`);
    expect(base.deployment.spec.replicas).toBe(2);
  });

  it('listens on its default port: container port, PORT and the Service all agree', () => {
    const { container, kubeService } = base;
    expect(container.ports?.map((entry) => entry.containerPort)).toEqual([port]);
    expect(container.env?.find((entry) => entry.name === 'PORT')?.value).toBe(String(port));
    expect(kubeService.spec.type ?? 'ClusterIP').toBe('ClusterIP');
    expect(
      kubeService.spec.ports.map((entry) => ({
        port: entry.port,
        target: resolvePort(container, entry.targetPort ?? entry.port),
      })),
    ).toEqual([{ port, target: port }]);
  });

  it('selects its own pods from the Deployment, the Service and the disruption budget', () => {
    const { deployment, kubeService, budget } = base;
    const podLabels = deployment.spec.template.metadata.labels;
    expect(podLabels['app.kubernetes.io/name']).toBe(service);
    for (const selector of [
      deployment.spec.selector.matchLabels,
      kubeService.spec.selector,
      budget.spec.selector.matchLabels,
    ]) {
      expect(Object.keys(selector).length).toBeGreaterThan(0);
      expect(podLabels).toEqual(expect.objectContaining(selector));
    }
  });

  it('lets a drain evict one replica at a time', () => {
    const { maxUnavailable, minAvailable } = base.budget.spec;
    const replicas = base.deployment.spec.replicas ?? 1;
    const evictable =
      maxUnavailable !== undefined ? Number(maxUnavailable) : replicas - Number(minAvailable);
    expect(evictable).toBe(1);
  });

  it('is probed on /health/live and /health/ready at its port, with time to migrate', () => {
    const { container } = base;
    const { startupProbe, livenessProbe, readinessProbe } = container;
    const target = (probe: HttpProbe | undefined) => ({
      path: probe?.httpGet?.path,
      port: resolvePort(container, probe?.httpGet?.port),
    });
    expect(target(startupProbe)).toEqual({ path: '/health/live', port });
    expect(target(livenessProbe)).toEqual({ path: '/health/live', port });
    expect(target(readinessProbe)).toEqual({ path: '/health/ready', port });
    const startupSeconds =
      (startupProbe?.periodSeconds ?? 10) * (startupProbe?.failureThreshold ?? 3);
    expect(startupSeconds).toBeGreaterThanOrEqual(MIN_STARTUP_SECONDS);
    expect(readinessProbe?.timeoutSeconds ?? 1).toBeGreaterThan(READINESS_CHECK_DEADLINE_SECONDS);
  });

  it('sets only variables the service reads, each once, from the ConfigMap, values or its Secret', () => {
    const { container, manifests } = base;
    const fromConfigMap = (container.envFrom ?? []).flatMap((source) =>
      Object.keys(only<ConfigMap>(manifests, 'ConfigMap', `${source.configMapRef?.name}`).data),
    );
    const names = [...fromConfigMap, ...(container.env ?? []).map((entry) => entry.name)];
    const read = [...SERVICE_ENV_VARS, ...routeLimitVariables(service)];
    expect(names.filter((name) => !read.includes(name))).toEqual([]);
    expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(['PORT', 'KAFKA_BROKERS', 'DATABASE_URL']));
  });

  it(`takes DATABASE_URL and either auth setting from the Secret ${service}-secrets`, () => {
    const { container, manifests } = base;
    const secretRefs = Object.fromEntries(
      (container.env ?? []).flatMap((entry) =>
        entry.valueFrom?.secretKeyRef ? [[entry.name, entry.valueFrom.secretKeyRef]] : [],
      ),
    );
    // A service's own secret variables (e.g. the notifier's NOTIFIER_SECRET_KEY) come from it too.
    const ownSecrets = routeLimitVariables(service).filter((name) => name.includes('SECRET'));
    expect(secretRefs).toEqual({
      DATABASE_URL: { name: `${service}-secrets`, key: 'DATABASE_URL' },
      AUTH_JWKS_URL: { name: `${service}-secrets`, key: 'AUTH_JWKS_URL', optional: true },
      AUTH_JWT_SECRET: { name: `${service}-secrets`, key: 'AUTH_JWT_SECRET', optional: true },
      ...Object.fromEntries(
        ownSecrets.map((name) => [name, { name: `${service}-secrets`, key: name }]),
      ),
    });
    for (const secret of [SECRET_WITH_JWKS, SECRET_WITH_JWT_SECRET]) {
      expect(() => serviceConfig(service, container, manifests, secret)).not.toThrow();
    }
    // Neither auth setting: the service refuses to start, so the Secret must hold one.
    const withoutAuth = { DATABASE_URL: SECRET_WITH_JWKS.DATABASE_URL, NOTIFIER_SECRET_KEY };
    expect(() => serviceConfig(service, container, manifests, withoutAuth)).toThrow(
      /AUTH_JWT_SECRET/,
    );
  });

  it('requests and limits CPU and memory, requests within limits', () => {
    const { requests, limits } = base.container.resources ?? {};
    for (const resource of ['cpu', 'memory'] as const) {
      const requested = quantity(requests?.[resource]);
      const limit = quantity(limits?.[resource]);
      expect({ resource, requested: requested > 0, limited: limit > 0 }).toEqual({
        resource,
        requested: true,
        limited: true,
      });
      expect(requested).toBeLessThanOrEqual(limit);
    }
    // Node alone needs about 100 MiB: a limit below 256 MiB would be killed under load.
    expect(quantity(limits?.memory)).toBeGreaterThanOrEqual(quantity('256Mi'));
  });

  it('runs as a numeric non-root user on a read-only filesystem, with a writable /tmp', () => {
    const { container } = base;
    const pod = base.deployment.spec.template.spec;
    // The image's USER is a name ("node"): the kubelet enforces runAsNonRoot only with a uid.
    expect(pod.securityContext?.runAsNonRoot).toBe(true);
    expect(pod.securityContext?.runAsUser).toBeGreaterThan(0);
    expect(container.securityContext).toEqual(
      expect.objectContaining({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true }),
    );
    expect(container.securityContext?.capabilities?.drop).toEqual(['ALL']);
    const tmp = container.volumeMounts?.find((mount) => mount.mountPath === '/tmp');
    expect(pod.volumes?.find((volume) => volume.name === tmp?.name)?.emptyDir).toBeDefined();
  });

  it('gives shutdown time beyond preStop for the relay and consumers to stop', () => {
    const [command, seconds] = base.container.lifecycle?.preStop?.exec?.command ?? [];
    expect(command).toBe('sleep');
    expect(
      base.deployment.spec.template.spec.terminationGracePeriodSeconds ?? 30,
    ).toBeGreaterThanOrEqual(Number(seconds) + MIN_SHUTDOWN_SECONDS);
  });
});

describe.each(overlays)('infra/k8s/overlays/%s', (overlay) => {
  let manifests: Manifest[];
  let deployments: Deployment[];
  beforeAll(() => {
    manifests = build(join(overlaysDir, overlay));
    deployments = manifests.filter(isDeployment);
  });

  it('deploys every service into one namespace of its own', () => {
    expect(deployments.map((deployment) => deployment.metadata.name).sort()).toEqual(services);
    const namespaces = new Set(manifests.map((manifest) => manifest.metadata.namespace));
    expect([...namespaces]).toEqual([expect.stringMatching(/^[a-z0-9-]+$/)]);
  });

  it('pins every image to a tag or digest other than latest', () => {
    const images = deployments.map((deployment) => parseImage(theContainer(deployment).image));
    expect(
      images.filter(
        ({ tag, digest }) => digest === undefined && (tag === undefined || tag === 'latest'),
      ),
    ).toEqual([]);
  });

  it.each(services)('configures %s so that it starts (with either auth setting)', (service) => {
    const container = theContainer(only<Deployment>(manifests, 'Deployment', service));
    for (const secret of [SECRET_WITH_JWKS, SECRET_WITH_JWT_SECRET]) {
      expect(() => serviceConfig(service, container, manifests, secret)).not.toThrow();
    }
  });

  it('creates topics with at least as many partitions as any service has replicas', () => {
    for (const deployment of deployments) {
      const service = deployment.metadata.name;
      const config = serviceConfig(service, theContainer(deployment), manifests, SECRET_WITH_JWKS);
      const replicas = deployment.spec.replicas ?? 1;
      expect({ service, replicas, enough: config.kafkaTopics.partitions >= replicas }).toEqual({
        service,
        replicas,
        enough: true,
      });
    }
  });

  it('keeps requests within limits after its patches', () => {
    for (const deployment of deployments) {
      const { requests, limits } = theContainer(deployment).resources ?? {};
      expect(quantity(requests?.cpu)).toBeLessThanOrEqual(quantity(limits?.cpu));
      expect(quantity(requests?.memory)).toBeLessThanOrEqual(quantity(limits?.memory));
    }
  });
});

describe('the production overlay', () => {
  let manifests: Manifest[];
  beforeAll(() => {
    manifests = build(join(overlaysDir, 'production'));
  });

  it.each(services)('runs %s on at least two replicas, with topics on three brokers', (service) => {
    const deployment = only<Deployment>(manifests, 'Deployment', service);
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    const config = serviceConfig(service, theContainer(deployment), manifests, SECRET_WITH_JWKS);
    expect(config.kafkaTopics.replicationFactor).toBe(3);
  });
});
