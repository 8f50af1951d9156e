/**
 * `GET /api/v1/staffing`: Erlang C / Erlang A for one interval, the figures of `accord staffing --json`
 * (kpis.md, Staffing; docs/staffing.md). Pure computation, so every signed-in role may ask.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { parseDuration } from '../../domain/duration.js';
import { parsePercent } from '../../domain/percent.js';
import { ERLANG_C, type StaffingModel, type StaffingResult } from '../../domain/staffing.js';
import { checkStaffingLoad } from '../../services/bounds.js';
import { ANY } from '../access.js';
import { allow } from '../auth.js';
import type { AccordApp } from '../context.js';
import { badRequest } from '../problem.js';
import { jsonResponse, problems } from '../schemas.js';

const route = createRoute({
  method: 'get',
  path: '/api/v1/staffing',
  tags: ['staffing'],
  summary: 'Agents needed for a service-level target in one interval (Erlang C or Erlang A)',
  middleware: [allow(ANY, 'compute staffing')] as const,
  request: {
    query: z.object({
      volume: z.coerce.number({ error: 'is not a number' }).min(0).max(1e7).openapi({ example: 100 }),
      interval: z.string().max(16).default('30m').openapi({ example: '30m' }),
      aht: z.string().max(16).openapi({ example: '180s' }),
      target: z
        .string()
        .regex(/^\d{1,2}(\.\d+)?\/\d+(\.\d+)?$/, { error: 'is not PERCENT/SECONDS such as 80/20' })
        .openapi({ example: '80/20' }),
      model: z.enum(['erlang-c', 'erlang-a']).default('erlang-c'),
      patience: z.string().max(16).optional().openapi({ example: '120s' }),
      shrinkage: z.string().max(16).optional().openapi({ example: '30%' }),
      maxOccupancy: z.string().max(16).optional().openapi({ example: '85%' }),
      agents: z.coerce.number({ error: 'is not a number' }).int().min(1).max(100000).optional(),
    }),
  },
  responses: {
    200: jsonResponse(
      z.object({
        agents: z.number(),
        serviceLevel: z.number(),
        asa: z.number().nullable(),
        occupancy: z.number(),
        probabilityOfWaiting: z.number(),
        trafficErlangs: z.number(),
        scheduled: z.number(),
        abandonment: z.number().nullable().optional(),
        warnings: z
          .array(
            z.object({
              code: z.enum(['occupancy_above_max']),
              message: z.string(),
              occupancy: z.number(),
              maxOccupancy: z.number(),
              agentsAtMaxOccupancy: z.number().int(),
            }),
          )
          .optional()
          .openapi({
            description:
              'Erlang A: the target is met only above the maximum occupancy (maxOccupancy, default 85%)',
          }),
      }),
      'the figures for the smallest sufficient number of agents, or for `agents`',
    ),
    ...problems(400, 401),
  },
});

function duration(text: string, name: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0) throw badRequest(`query.${name}: "${text}" is not a duration (30m, 180s)`);
  return ms / 1000;
}

function percent(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const ppm = parsePercent(text);
  if (ppm === undefined) throw badRequest(`query.${name}: "${text}" is not a percentage (30%)`);
  return ppm;
}

export function registerStaffingRoutes(app: AccordApp): void {
  app.openapi(route, async (c) => {
    const q = c.req.valid('query');
    const [sl, threshold] = q.target.split('/').map(Number) as [number, number];
    const serviceLevelPpm = parsePercent(`${sl}%`);
    if (serviceLevelPpm === undefined || serviceLevelPpm >= 1_000_000 || serviceLevelPpm <= 0) {
      throw badRequest(`query.target: "${q.target}" needs a service level between 0 and 100%`);
    }
    let model: StaffingModel = ERLANG_C;
    if (q.model === 'erlang-a') {
      if (q.patience === undefined) throw badRequest('query.patience: is required with model=erlang-a');
      model = { kind: 'erlang-a', patienceSeconds: duration(q.patience, 'patience') };
    }
    const shrinkagePpm = percent(q.shrinkage, 'shrinkage');
    const maxOccupancyPpm = percent(q.maxOccupancy, 'maxOccupancy');
    const policy = {
      target: { serviceLevelPpm, thresholdSeconds: threshold },
      model,
      ...(shrinkagePpm === undefined ? {} : { shrinkagePpm }),
      ...(maxOccupancyPpm === undefined ? {} : { maxOccupancyPpm }),
    };
    const load = {
      volume: q.volume,
      intervalSeconds: duration(q.interval, 'interval'),
      ahtSeconds: duration(q.aht, 'aht'),
    };
    checkStaffingLoad({
      ...load,
      thresholdSeconds: threshold,
      patienceSeconds: model.kind === 'erlang-a' ? model.patienceSeconds : undefined,
    });
    let r: StaffingResult;
    try {
      r = await c.var.deps.work('staffing', { load, agents: q.agents, policy }, c.req.raw.signal);
    } catch (e) {
      if (e instanceof RangeError) throw badRequest(e.message);
      throw e;
    }
    return c.json(
      {
        agents: r.agents,
        serviceLevel: r.serviceLevel,
        asa: Number.isFinite(r.asa) ? r.asa : null,
        occupancy: r.occupancy,
        probabilityOfWaiting: r.probabilityOfWaiting,
        trafficErlangs: r.trafficErlangs,
        scheduled: r.scheduled,
        ...(model.kind === 'erlang-a' ? { abandonment: r.abandonment, warnings: [...r.warnings] } : {}),
      },
      200,
    );
  });
}
