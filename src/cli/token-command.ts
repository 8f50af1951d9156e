/**
 * `accord token create|list|revoke`: API tokens from the command line, for the operator (docs/api.md).
 * `create` prints the token once (`{"token": …}` with --json); the store keeps only its SHA-256.
 */
import { type Command, Option } from 'commander';
import { issueToken, listTokens, revokeToken, tokenScopeProblem } from '../services/accounts.service.js';
import { isPartnerRole, ROLES, type Role } from '../services/roles.js';
import { createOrganisation } from '../services/tenancy.service.js';
import type { Organisation, Partner, Store } from '../store/index.js';
import { InputError, UsageError } from './errors.js';
import { type Io, printJson } from './output.js';
import { cliActor, DB_OPTION_HELP, withStore } from './store-options.js';

interface CreateOptions {
  role: Role;
  org?: string;
  newOrg?: string;
  partner?: string;
  label?: string;
  db?: string;
  json?: boolean;
}

async function organisationFor(store: Store, opts: CreateOptions): Promise<Organisation> {
  if (opts.newOrg !== undefined) {
    if (opts.org !== undefined || opts.partner !== undefined)
      throw new UsageError('--new-org creates an organisation: leave out --org and --partner');
    const name = opts.newOrg.trim();
    if (name === '') throw new InputError('--new-org: the name is empty');
    return createOrganisation(store, name, cliActor(), Date.now());
  }
  if (opts.org !== undefined) {
    const o = await store.tenancy.organisation(opts.org);
    if (o === undefined) throw new InputError(`--org: there is no organisation "${opts.org}"`);
    return o;
  }
  if (opts.partner !== undefined) {
    const p = await store.tenancy.partnerById(opts.partner);
    if (p === undefined) throw new InputError(`--partner: there is no partner "${opts.partner}"`);
    return (await store.tenancy.organisation(p.organisationId))!;
  }
  const all = await store.tenancy.organisations();
  if (all.length === 1) return all[0]!;
  if (all.length === 0)
    throw new InputError(
      'the store has no organisation yet: complete the set-up printed by `npx accord serve`, or pass --new-org NAME',
    );
  throw new InputError(
    'the store has several organisations: name one with --org',
    all.map((o) => `${o.id}  ${o.name}`),
  );
}

/** A partner token without `--partner`: the organisation's one partner, or an error naming the choices. */
async function onlyPartner(store: Store, organisation: Organisation, role: Role): Promise<Partner> {
  const partners = await store.tenancy.partners(organisation.id);
  if (partners.length === 1) return partners[0]!;
  if (partners.length === 0)
    throw new InputError(
      `--partner: a ${role} token needs a partner, and ${organisation.name} has none yet (POST /api/v1/partners adds one)`,
    );
  const choices = [...partners]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((p) => `${p.id} (${p.name})`)
    .join(', ');
  throw new InputError(`--partner: a ${role} token needs a partner; name one of ${choices}`);
}

export function registerTokenCommands(program: Command, io: Io): void {
  const token = program.command('token').description('API tokens: create, list and revoke (docs/api.md)');

  token
    .command('create')
    .description('create an API token for a role; the token is printed once')
    .addOption(
      new Option('--role <role>', 'the role the token acts with').choices([...ROLES]).makeOptionMandatory(),
    )
    .option('--org <id>', 'the organisation (default: the only one)')
    .option('--new-org <name>', 'create a new client organisation and a token for it')
    .option(
      '--partner <id>',
      'the partner of a partner-admin or partner-viewer token (default: the only one of the organisation)',
    )
    .option('--label <text>', 'what the token is for')
    .option('--db <url>', DB_OPTION_HELP)
    .option('--json', 'print {"token": …, "id": …} as one JSON document')
    .addHelpText(
      'after',
      '\nExamples:\n  npx accord token create --role client-admin --json\n  npx accord token create --role partner-admin --partner ptn_k3v9q2m8x1ab --label "Genesys export"',
    )
    .action(async (opts: CreateOptions) => {
      await withStore(opts.db, async (store) => {
        const organisation = await organisationFor(store, opts);
        let partnerId: string | null = null;
        if (opts.partner !== undefined) {
          const p = await store.tenancy.partner(organisation.id, opts.partner);
          if (p === undefined)
            throw new InputError(`--partner: "${opts.partner}" is not a partner of ${organisation.id}`);
          partnerId = p.id;
        } else if (isPartnerRole(opts.role)) {
          partnerId = (await onlyPartner(store, organisation, opts.role)).id;
        }
        const problem = tokenScopeProblem(opts.role, partnerId);
        if (problem !== undefined) throw new InputError(`--partner: ${problem}`);
        const { record, token: secret } = await issueToken(store, {
          role: opts.role,
          organisationId: organisation.id,
          partnerId,
          label: opts.label ?? null,
          createdBy: cliActor(),
          at: Date.now(),
        });
        if (opts.json) {
          printJson(io, {
            token: secret,
            id: record.id,
            role: record.role,
            organisation: record.organisationId,
            partner: record.partnerId,
          });
          return;
        }
        const partner =
          partnerId === null
            ? ''
            : `, partner ${partnerId}${opts.partner === undefined ? ', the only one' : ''}`;
        io.err(
          `accord token: ${record.id} (${record.role} of ${organisation.name}${partner}); it is shown only now:`,
        );
        io.out(secret);
      });
    });

  token
    .command('list')
    .description('the tokens of an organisation (never their secret)')
    .option('--org <id>', 'the organisation (default: the only one)')
    .option('--db <url>', DB_OPTION_HELP)
    .option('--json', 'print {"tokens": […]}')
    .action(async (opts: { org?: string; db?: string; json?: boolean }) => {
      await withStore(opts.db, async (store) => {
        const organisation = await organisationFor(store, { role: 'client-viewer', ...opts });
        const tokens = await listTokens(store, {
          kind: 'token',
          id: 'operator',
          role: 'client-admin',
          organisationId: organisation.id,
          partnerId: null,
          actor: cliActor(),
        });
        const rows = tokens.map((t) => ({
          id: t.id,
          role: t.role,
          partner: t.partnerId,
          label: t.label,
          createdAt: new Date(t.createdAt).toISOString(),
          revokedAt: t.revokedAt === null ? null : new Date(t.revokedAt).toISOString(),
        }));
        if (opts.json) return printJson(io, { tokens: rows });
        io.out(
          rows
            .map(
              (t) =>
                `${t.id}  ${t.role.padEnd(14)}  ${t.partner ?? '-'}  ${t.revokedAt === null ? 'active' : `revoked ${t.revokedAt}`}  ${t.label ?? ''}`,
            )
            .join('\n') || '(no tokens)',
        );
      });
    });

  token
    .command('revoke')
    .description('revoke a token at once')
    .argument('<id>', 'the token id (tok_…)')
    .option('--db <url>', DB_OPTION_HELP)
    .option('--json', 'print {"revoked": id}')
    .action(async (id: string, opts: { db?: string; json?: boolean }) => {
      await withStore(opts.db, async (store) => {
        const record = await store.auth.token(id);
        if (record === undefined) throw new InputError(`there is no token "${id}"`);
        if (record.revokedAt === null) await revokeToken(store, record, cliActor(), Date.now());
        if (opts.json) printJson(io, { revoked: id });
        else io.out(`revoked ${id}`);
      });
    });
}
