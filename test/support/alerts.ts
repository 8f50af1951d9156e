/** An AlertMessage for tests of the outbox, the notifiers and the delivery worker. */
import type { AlertMessage } from '../../src/domain/monitor/alert.js';

export function alertMessage(over: Partial<AlertMessage> = {}): AlertMessage {
  return {
    id: 'alert:c1:chat_sl:web/42:1:breached',
    organisationId: 'org_a',
    contract: 'c1',
    contractName: 'Chat support',
    kind: 'breached',
    level: 1,
    who: ['partner team lead'],
    metric: 'chat_sl',
    metricName: 'Chat service level',
    contact: { source: 'web', key: '42', channel: 'chat', createdAt: '2026-10-05T09:00:00Z' },
    period: '2026-10',
    dueAt: '2026-10-05T09:00:30Z',
    deadline: '2026-10-05T09:00:30Z',
    raisedAt: '2026-10-05T09:00:30.200Z',
    acknowledgeBy: '2026-10-05T09:15:30Z',
    ...over,
  };
}
