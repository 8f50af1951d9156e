/**
 * Contracts under /api/v1/contracts: create, list, read, versions (create, save, read), signatures, and the
 * diff between two versions. The roles matrix is in docs/api.md; a partner role sees only its own partner's
 * contracts (others answer 404).
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  addVersion,
  contractJson,
  createContract,
  diffVersions,
  getVersion,
  listContracts,
  saveVersion,
  signVersion,
  versionJson,
  versionSummaryJson,
  versionsOf,
} from '../../services/contracts.service.js';
import { visibleContract, visiblePartner } from '../../services/tenancy.service.js';
import { ADMINS, ANY, CLIENT_ADMIN } from '../access.js';
import { allow } from '../auth.js';
import type { AccordApp } from '../context.js';
import { notFound } from '../problem.js';
import {
  ContractSchema,
  ContractWarningSchema,
  idParam,
  idString,
  jsonBody,
  jsonResponse,
  problems,
  VersionSchema,
  VersionSummarySchema,
} from '../schemas.js';

const contractId = idParam('contractId', 'acme-customer-service');
const versionParam = z.coerce
  .number({ error: 'is not a version number' })
  .int({ error: 'is not a whole number' })
  .min(1, { error: 'must be 1 or more' })
  .max(1_000_000, { error: 'is too large' })
  .openapi({ param: { name: 'version', in: 'path' }, example: 2, type: 'integer' });

const TEXT = z
  .string()
  .min(1, { error: 'is empty' })
  .max(512 * 1024, { error: 'is longer than 512 KiB' })
  .openapi({
    description: 'the contract file: YAML or JSON (contract.md)',
    example: 'contract: acme-customer-service\nversion: 1\n…',
  });

const routes = {
  list: createRoute({
    method: 'get',
    path: '/api/v1/contracts',
    tags: ['contracts'],
    summary: 'Contracts the caller can see',
    middleware: [allow(ANY, 'list contracts')] as const,
    responses: {
      200: jsonResponse(z.object({ contracts: z.array(ContractSchema) }), 'contracts'),
      ...problems(401, 403),
    },
  }),
  create: createRoute({
    method: 'post',
    path: '/api/v1/contracts',
    tags: ['contracts'],
    summary: 'Create a contract from the text of its first version (validated: errors name path and line)',
    middleware: [allow(CLIENT_ADMIN, 'create contracts')] as const,
    request: {
      body: jsonBody(
        z.object({
          partner: idString('ptn_k3v9q2m8x1ab'),
          text: TEXT,
        }),
        'the partner the contract is with, and the contract text',
      ),
    },
    responses: {
      201: jsonResponse(ContractSchema, 'created, with its first version validated'),
      ...problems(400, 401, 403, 404, 409, 413, 415, 422),
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/api/v1/contracts/{contractId}',
    tags: ['contracts'],
    summary: 'A contract with its versions and the version in force today',
    middleware: [allow(ANY, 'read contracts')] as const,
    request: { params: z.object({ contractId }) },
    responses: { 200: jsonResponse(ContractSchema, 'the contract'), ...problems(400, 401, 403, 404) },
  }),
  versions: createRoute({
    method: 'get',
    path: '/api/v1/contracts/{contractId}/versions',
    tags: ['contracts'],
    summary: 'Versions of a contract',
    middleware: [allow(ANY, 'read contracts')] as const,
    request: { params: z.object({ contractId }) },
    responses: {
      200: jsonResponse(z.object({ versions: z.array(VersionSummarySchema) }), 'versions'),
      ...problems(400, 401, 403, 404),
    },
  }),
  addVersion: createRoute({
    method: 'post',
    path: '/api/v1/contracts/{contractId}/versions',
    tags: ['contracts'],
    summary: "Add a version from a text that validates (its number is the text's `version:`)",
    middleware: [allow(CLIENT_ADMIN, 'write contract versions')] as const,
    request: {
      params: z.object({ contractId }),
      body: jsonBody(z.object({ text: TEXT }), 'the contract text'),
    },
    responses: {
      201: jsonResponse(VersionSchema, 'created (validated)'),
      ...problems(400, 401, 403, 404, 409, 413, 415, 422),
    },
  }),
  getVersion: createRoute({
    method: 'get',
    path: '/api/v1/contracts/{contractId}/versions/{version}',
    tags: ['contracts'],
    summary: 'One version: text, canonical form, digest, status, signatures',
    middleware: [allow(ANY, 'read contracts')] as const,
    request: { params: z.object({ contractId, version: versionParam }) },
    responses: { 200: jsonResponse(VersionSchema, 'the version'), ...problems(400, 401, 403, 404) },
  }),
  putVersion: createRoute({
    method: 'put',
    path: '/api/v1/contracts/{contractId}/versions/{version}',
    tags: ['contracts'],
    summary: 'Save an unsigned version; a text that does not validate is kept as a draft with its errors',
    middleware: [allow(CLIENT_ADMIN, 'write contract versions')] as const,
    request: {
      params: z.object({ contractId, version: versionParam }),
      body: jsonBody(z.object({ text: TEXT }), 'the contract text'),
    },
    responses: {
      200: jsonResponse(VersionSchema, 'replaced'),
      201: jsonResponse(VersionSchema, 'created'),
      ...problems(400, 401, 403, 404, 409, 413, 415),
    },
  }),
  sign: createRoute({
    method: 'post',
    path: '/api/v1/contracts/{contractId}/versions/{version}/signatures',
    tags: ['contracts'],
    summary: "Sign a validated version for the caller's side (client-admin: client, partner-admin: partner)",
    middleware: [allow(ADMINS, 'sign contracts')] as const,
    request: {
      params: z.object({ contractId, version: versionParam }),
      body: jsonBody(
        z.object({
          digest: z
            .string()
            .regex(/^sha256:[0-9a-f]{64}$/, { error: 'is not a digest (sha256:…)' })
            .openapi({ description: 'the digest of the version as the signer reviewed it' }),
        }),
        'the digest being signed',
      ),
    },
    responses: {
      200: jsonResponse(
        VersionSchema.extend({ warnings: z.array(ContractWarningSchema) }),
        'signed; status is `signed` once both parties have signed; `warnings` when it judges past periods again',
      ),
      ...problems(400, 401, 403, 404, 409, 413, 415),
    },
  }),
  diff: createRoute({
    method: 'get',
    path: '/api/v1/contracts/{contractId}/diff',
    tags: ['contracts'],
    summary: 'What changed between two versions, key by key over the canonical JSON',
    middleware: [allow(ANY, 'read contracts')] as const,
    request: {
      params: z.object({ contractId }),
      query: z.object({
        from: z.coerce.number({ error: 'is not a version number' }).int().min(1).openapi({ example: 1 }),
        to: z.coerce.number({ error: 'is not a version number' }).int().min(1).openapi({ example: 2 }),
      }),
    },
    responses: {
      200: jsonResponse(
        z.object({
          contract: z.string(),
          from: z.object({ version: z.number().int(), digest: z.string() }),
          to: z.object({ version: z.number().int(), digest: z.string() }),
          changes: z.array(
            z.object({
              path: z.string(),
              op: z.enum(['added', 'removed', 'changed', 'reordered']),
              from: z
                .unknown()
                .optional()
                .openapi({ description: 'as the contract writes it: `80%`, `30s`' }),
              to: z.unknown().optional(),
              text: z.string().openapi({ example: 'metrics[id=phone-service-level].target: 80% → 85%' }),
            }),
          ),
          warnings: z.array(ContractWarningSchema),
        }),
        'the changes',
      ),
      ...problems(400, 401, 403, 404, 409),
    },
  }),
};

export function registerContractRoutes(app: AccordApp): void {
  app.openapi(routes.list, async (c) => {
    const { store, now } = c.var.deps;
    const p = c.var.principal;
    const contracts = await listContracts(store, p);
    return c.json({ contracts: contracts.map((x) => contractJson(x.contract, x.versions, now())) }, 200);
  });

  app.openapi(routes.create, async (c) => {
    const { store, now } = c.var.deps;
    const p = c.var.principal;
    const body = c.req.valid('json');
    const partner = await visiblePartner(store, p, body.partner);
    const { contract, version } = await createContract(store, p, partner.id, body.text, now());
    return c.json(contractJson(contract, [version], now()), 201);
  });

  app.openapi(routes.get, async (c) => {
    const { store, now } = c.var.deps;
    const contract = await visibleContract(store, c.var.principal, c.req.valid('param').contractId);
    return c.json(contractJson(contract, await versionsOf(store, contract), now()), 200);
  });

  app.openapi(routes.versions, async (c) => {
    const { store } = c.var.deps;
    const contract = await visibleContract(store, c.var.principal, c.req.valid('param').contractId);
    return c.json({ versions: (await versionsOf(store, contract)).map(versionSummaryJson) }, 200);
  });

  app.openapi(routes.addVersion, async (c) => {
    const { store, now } = c.var.deps;
    const p = c.var.principal;
    const contract = await visibleContract(store, p, c.req.valid('param').contractId);
    const version = await addVersion(store, p, contract, c.req.valid('json').text, now());
    return c.json(versionJson(version), 201);
  });

  app.openapi(routes.getVersion, async (c) => {
    const { store } = c.var.deps;
    const { contractId: id, version: n } = c.req.valid('param');
    const contract = await visibleContract(store, c.var.principal, id);
    return c.json(versionJson(await getVersion(store, contract, n)), 200);
  });

  app.openapi(routes.putVersion, async (c) => {
    const { store, now } = c.var.deps;
    const p = c.var.principal;
    const { contractId: id, version: n } = c.req.valid('param');
    const contract = await visibleContract(store, p, id);
    const { version, created } = await saveVersion(store, p, contract, n, c.req.valid('json').text, now());
    return created ? c.json(versionJson(version), 201) : c.json(versionJson(version), 200);
  });

  app.openapi(routes.sign, async (c) => {
    const { store, now } = c.var.deps;
    const p = c.var.principal;
    const { contractId: id, version: n } = c.req.valid('param');
    const contract = await visibleContract(store, p, id);
    const version = await signVersion(store, p, contract, n, c.req.valid('json').digest, now());
    if (version === undefined) throw notFound(`contract "${id}" has no version ${n}`);
    return c.json({ ...versionJson(version), warnings: [...version.warnings] }, 200);
  });

  app.openapi(routes.diff, async (c) => {
    const { store } = c.var.deps;
    const { from, to } = c.req.valid('query');
    const contract = await visibleContract(store, c.var.principal, c.req.valid('param').contractId);
    return c.json(await diffVersions(store, contract, from, to, c.var.deps.now()), 200);
  });
}
