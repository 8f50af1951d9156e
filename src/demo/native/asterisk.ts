/**
 * The demo's calls as Asterisk's `queue_log`, one file per day (`queue_log-2026-10-05`): ENTERQUEUE when a
 * call enters its queue, then CONNECT (holdtime) and COMPLETECALLER or COMPLETEAGENT (calltime = handling),
 * or ABANDON (waittime). The log has no language, priority, category, customer tier nor resolution: those
 * are lost (docs/connectors.md, Asterisk).
 */
import type { Contact } from '../../domain/records.js';
import { DailyFiles, type NativeDemoWriter } from './native-writer.js';

const seconds = (ms: number) => Math.round(ms / 1000);

export function asteriskDemoWriter(dir: string): NativeDemoWriter {
  const files = new DailyFiles(
    dir,
    (day) => `queue_log-${day}`,
    (lines) => `${lines.join('\n')}\n`,
  );
  let calls = 0;
  const call = (c: Contact) => {
    const queue = c.queue ?? 'default';
    const enter = seconds(c.createdAt);
    files.add(c.createdAt, `${enter}|${c.id}|${queue}|NONE|ENTERQUEUE||${c.customer ?? ''}|1`);
    if (c.answeredAt !== null) {
      const wait = seconds(c.answeredAt - c.createdAt);
      const agent = c.agent ?? 'NONE';
      files.add(
        c.answeredAt,
        `${seconds(c.answeredAt)}|${c.id}|${queue}|${agent}|CONNECT|${wait}|${c.id}-agent|1`,
      );
      const talk = Math.round(c.handleSeconds ?? 0);
      const end = c.answeredAt + talk * 1000;
      // Who hung up first does not matter to Accord; both events end the call.
      const event = calls % 3 === 0 ? 'COMPLETEAGENT' : 'COMPLETECALLER';
      files.add(end, `${seconds(end)}|${c.id}|${queue}|${agent}|${event}|${wait}|${talk}|1`);
    } else if (c.abandonedAt !== null) {
      const wait = seconds(c.abandonedAt - c.createdAt);
      files.add(c.abandonedAt, `${seconds(c.abandonedAt)}|${c.id}|${queue}|NONE|ABANDON|1|1|${wait}`);
    }
    calls++;
  };
  return {
    format: 'asterisk',
    source: 'asterisk',
    take: (kind, record, ofTaken) => {
      if (kind !== 'contacts' || ofTaken) return false;
      const c = record as Contact;
      if (c.channel !== 'phone' || c.direction !== 'inbound') return false;
      call(c);
      return true;
    },
    day: () => files.flush(),
    close: () => {
      files.flush(true);
      return files.written;
    },
  };
}
