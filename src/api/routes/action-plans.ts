/**
 * Evaluations, action plans and report schedules of a contract (docs/action-plans.md):
 * `GET …/action-plan`, `POST …/actions`, `PATCH …/actions/{actionId}`, `PUT …/periods/{period}/notes`,
 * `GET …/schedules`, `PUT …/schedules/{kind}`. Both parties read the same plan and schedules; each party's
 * admin writes them (finance and viewers read).
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  ACTION_SIDES,
  ACTION_STATUSES,
  actionJson,
  actionPlanOf,
  addAction,
  MAX_NOTE,
  MAX_WHAT,
  noteJson,
  setNotes,
  updateAction,
} from '../../services/action-plans.service.js';
import { signedVersions } from '../../services/contracts.service.js';
import { listSchedules, setSchedule } from '../../services/schedules.service.js';
import { visibleContract } from '../../services/tenancy.service.js';
import { ADMINS, ANY } from '../access.js';
import { allow } from '../auth.js';
import type { AccordApp } from '../context.js';
import { idParam, idString, jsonBody, jsonResponse, nameSchema, periodSchema, problems } from '../schemas.js';

const contractId = idParam('contractId', 'acme-customer-service');
const period = periodSchema.openapi({ param: { name: 'period', in: 'path' } });
const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'is not a date (YYYY-MM-DD)' })
  .openapi({ example: '2026-11-10' });

const ActionSchema = z
  .object({
    id: z.string(),
    contract: z.string(),
    period: z.string().openapi({ description: 'the period it was opened for' }),
    metric: z.string().nullable(),
    what: z.string(),
    owner: z.object({ side: z.enum(['client', 'partner']), person: z.string().nullable() }),
    dueDate: z.string().nullable(),
    status: z.enum(ACTION_STATUSES),
    required: z
      .boolean()
      .openapi({ description: "opened because the contract's action_plan rule requires it" }),
    overdue: z.boolean(),
    carried: z.boolean().openapi({ description: 'opened for an earlier period than the one asked for' }),
    created: z.object({ at: z.string(), by: z.string() }),
    updated: z.object({ at: z.string(), by: z.string() }),
    closedAt: z.string().nullable(),
  })
  .openapi('Action');

const NoteSchema = z
  .object({
    period: z.string(),
    text: z.string(),
    updated: z.object({ at: z.string(), by: z.string() }).nullable(),
  })
  .openapi('PeriodNote');

const ScheduleSchema = z
  .object({
    period: z.enum(['week', 'month', 'quarter']),
    weekday: z.string().nullable(),
    workingDay: z.number().int().nullable(),
    time: z.string(),
    timezone: z.string(),
    lang: z.enum(['en', 'nl', 'de']),
    enabled: z.boolean(),
    source: z.enum(['contract', 'stored']),
    nextRun: z.object({ at: z.string(), period: z.string() }).nullable(),
  })
  .openapi('ReportSchedule');

const whatSchema = z
  .string()
  .trim()
  .min(1, { error: 'is empty' })
  .max(MAX_WHAT, { error: `is longer than ${MAX_WHAT} characters` });

const routes = {
  plan: createRoute({
    method: 'get',
    path: '/api/v1/contracts/{contractId}/action-plan',
    tags: ['action plans'],
    summary: "The action plan: a period's actions (its own and those carried until closed) and notes, or all",
    middleware: [allow(ANY, 'read action plans')] as const,
    request: { params: z.object({ contractId }), query: z.object({ period: periodSchema.optional() }) },
    responses: {
      200: jsonResponse(
        z.object({
          contract: z.string(),
          period: z.string().nullable(),
          actions: z.array(ActionSchema),
          notes: z.array(NoteSchema),
        }),
        'the action plan',
      ),
      ...problems(400, 401, 403, 404, 409, 422),
    },
  }),
  add: createRoute({
    method: 'post',
    path: '/api/v1/contracts/{contractId}/actions',
    tags: ['action plans'],
    summary: 'Add an action (what, owner party and person, due date, linked metric)',
    middleware: [allow(ADMINS, 'write action plans')] as const,
    request: {
      params: z.object({ contractId }),
      body: jsonBody(
        z.object({
          what: whatSchema,
          owner: z.enum(ACTION_SIDES as ['client', 'partner']),
          person: nameSchema.optional(),
          dueDate: dateSchema.optional(),
          metric: idString('phone-service-level').optional(),
          period: periodSchema
            .optional()
            .openapi({ description: 'default: the judgement period running now' }),
        }),
        'the action',
      ),
    },
    responses: {
      201: jsonResponse(ActionSchema, 'added'),
      ...problems(400, 401, 403, 404, 409, 413, 415, 422),
    },
  }),
  update: createRoute({
    method: 'patch',
    path: '/api/v1/contracts/{contractId}/actions/{actionId}',
    tags: ['action plans'],
    summary: 'Change an action: its words, owner, due date, status (done or cancelled closes it) or metric',
    middleware: [allow(ADMINS, 'write action plans')] as const,
    request: {
      params: z.object({ contractId, actionId: idParam('actionId', 'act_k3v9q2m8x1ab') }),
      body: jsonBody(
        z.object({
          what: whatSchema.optional(),
          owner: z.enum(ACTION_SIDES as ['client', 'partner']).optional(),
          person: nameSchema.nullable().optional(),
          dueDate: dateSchema.nullable().optional(),
          status: z.enum(ACTION_STATUSES).optional(),
          metric: idString('phone-service-level').nullable().optional(),
        }),
        'the fields to change',
      ),
    },
    responses: {
      200: jsonResponse(ActionSchema, 'changed'),
      ...problems(400, 401, 403, 404, 409, 413, 415, 422),
    },
  }),
  notes: createRoute({
    method: 'put',
    path: '/api/v1/contracts/{contractId}/periods/{period}/notes',
    tags: ['action plans'],
    summary: "Write a period's evaluation notes (an empty text removes them)",
    middleware: [allow(ADMINS, 'write action plans')] as const,
    request: {
      params: z.object({ contractId, period }),
      body: jsonBody(
        z.object({ text: z.string().max(MAX_NOTE, { error: `is longer than ${MAX_NOTE} characters` }) }),
        'the notes',
      ),
    },
    responses: {
      200: jsonResponse(NoteSchema, 'the notes now'),
      ...problems(400, 401, 403, 404, 409, 413, 415, 422),
    },
  }),
  schedules: createRoute({
    method: 'get',
    path: '/api/v1/contracts/{contractId}/schedules',
    tags: ['action plans'],
    summary: "The contract's report schedules (default: its report: periods) with their next runs",
    middleware: [allow(ANY, 'read report schedules')] as const,
    request: { params: z.object({ contractId }) },
    responses: {
      200: jsonResponse(z.object({ schedules: z.array(ScheduleSchema) }), 'the schedules'),
      ...problems(400, 401, 403, 404, 409),
    },
  }),
  setSchedule: createRoute({
    method: 'put',
    path: '/api/v1/contracts/{contractId}/schedules/{kind}',
    tags: ['action plans'],
    summary:
      'Set (or switch off) the schedule of a report period: weekday or n-th working day, time, language',
    middleware: [allow(ADMINS, 'set report schedules')] as const,
    request: {
      params: z.object({
        contractId,
        kind: z.enum(['week', 'month', 'quarter']).openapi({ param: { name: 'kind', in: 'path' } }),
      }),
      body: jsonBody(
        z.object({
          weekday: z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']).optional(),
          workingDay: z.number().int().optional(),
          time: z.string().max(5).optional().openapi({ example: '08:00' }),
          lang: z.enum(['en', 'nl', 'de']).optional(),
          enabled: z.boolean().optional(),
        }),
        'the schedule',
      ),
    },
    responses: {
      200: jsonResponse(ScheduleSchema, 'the schedule now'),
      ...problems(400, 401, 403, 404, 409, 413, 415),
    },
  }),
};

export function registerActionPlanRoutes(app: AccordApp): void {
  app.openapi(routes.plan, async (c) => {
    const { store, now } = c.var.deps;
    const contract = await visibleContract(store, c.var.principal, c.req.valid('param').contractId);
    return c.json(await actionPlanOf(store, contract, c.req.valid('query').period, now()), 200);
  });

  app.openapi(routes.add, async (c) => {
    const { store, now, scheduler } = c.var.deps;
    const contract = await visibleContract(store, c.var.principal, c.req.valid('param').contractId);
    const body = c.req.valid('json');
    const at = now();
    const item = await addAction(
      store,
      c.var.principal,
      contract,
      {
        what: body.what,
        ownerSide: body.owner,
        ownerPerson: body.person,
        dueDate: body.dueDate,
        metric: body.metric,
        period: body.period,
      },
      at,
    );
    scheduler?.poke();
    const versions = await signedVersions(store, contract);
    return c.json(actionJson(item, versions[versions.length - 1]!.timezone, at), 201);
  });

  app.openapi(routes.update, async (c) => {
    const { store, now, scheduler } = c.var.deps;
    const params = c.req.valid('param');
    const contract = await visibleContract(store, c.var.principal, params.contractId);
    const body = c.req.valid('json');
    const at = now();
    const item = await updateAction(
      store,
      c.var.principal,
      contract,
      params.actionId,
      {
        what: body.what,
        ownerSide: body.owner,
        ownerPerson: body.person,
        dueDate: body.dueDate,
        status: body.status,
        metric: body.metric,
      },
      at,
    );
    scheduler?.poke();
    const versions = await signedVersions(store, contract);
    return c.json(actionJson(item, versions[versions.length - 1]!.timezone, at), 200);
  });

  app.openapi(routes.notes, async (c) => {
    const { store, now } = c.var.deps;
    const params = c.req.valid('param');
    const contract = await visibleContract(store, c.var.principal, params.contractId);
    const note = await setNotes(
      store,
      c.var.principal,
      contract,
      params.period,
      c.req.valid('json').text,
      now(),
    );
    return c.json(
      note === null ? { period: params.period.toUpperCase(), text: '', updated: null } : noteJson(note),
      200,
    );
  });

  app.openapi(routes.schedules, async (c) => {
    const { store, now } = c.var.deps;
    const contract = await visibleContract(store, c.var.principal, c.req.valid('param').contractId);
    return c.json({ schedules: await listSchedules(store, contract, now()) }, 200);
  });

  app.openapi(routes.setSchedule, async (c) => {
    const { store, now, scheduler } = c.var.deps;
    const params = c.req.valid('param');
    const contract = await visibleContract(store, c.var.principal, params.contractId);
    const body = c.req.valid('json');
    const s = await setSchedule(store, c.var.principal, contract, { period: params.kind, ...body }, now());
    scheduler?.poke();
    return c.json(s, 200);
  });
}
