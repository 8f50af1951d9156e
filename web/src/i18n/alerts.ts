/**
 * The wording of the live page's alerts feed, the page a mail's acknowledge link opens, and the period
 * page's report downloads, in English, Dutch and German. The alert kinds and the acknowledge page's own
 * sentences are the monitor's (src/locales/monitor.ts), so mail, CLI and dashboard name them alike.
 */
import type { Lang } from './index.js';

const en = {
  feed: {
    title: 'Alerts',
    intro:
      'What the live monitor raised and nobody acknowledged yet: contacts at risk of breaching or breached, and periods at risk. Acknowledging stops the escalation to the next level.',
    none: 'No open alerts.',
    kind: 'Alert',
    level: 'Level',
    about: 'Metric and contact',
    deadline: 'Deadline',
    who: 'Who',
    acknowledgeBy: 'Acknowledge by',
    state: 'State',
    action: 'Action',
    acknowledge: 'Acknowledge',
    acknowledging: 'Acknowledging…',
    lastLevel: 'last level: no further escalation',
    overdue: (d: string) => `${d} ago`,
    inTime: (d: string) => `in ${d}`,
    states: {
      open: 'Open',
      escalated: 'Escalated',
      acknowledged: 'Acknowledged',
    } as Record<string, string>,
    escalatedTo: (level: number) => `escalated to level ${level}`,
    escalatesTo: (level: number) => `escalates to level ${level} if not acknowledged`,
    acknowledgedBy: (by: string, at: string) => `by ${by}, ${at}`,
    adminsOnly: 'Administrators of the client or the partner acknowledge alerts; you can follow them here.',
    recent: 'Acknowledged recently',
    refreshed: (at: string) => `Refreshed ${at}; the feed is read again every 15 seconds.`,
    periodRisk: (needed: string, remaining: string) =>
      `${needed} of the ${remaining} contacts still expected must meet it`,
    missedPeriods: (n: number) => `${n} periods missed in a row`,
    contact: (channel: string, created: string) => `${channel} contact of ${created}`,
  },
  ack: {
    what: 'The alert',
    contract: 'Contract',
    metric: 'Metric',
    raisedAt: 'Raised',
    deadline: 'Deadline',
    state: 'State',
    scanner:
      'Opening this page acknowledges nothing: only the button does, so a mail scanner that follows the link changes nothing.',
    toLive: 'Open the live page',
  },
  reports: {
    title: 'Report',
    intro: (lang: string) => `The period as a report to file, in ${lang}.`,
    formats: {
      pdf: 'PDF',
      xlsx: 'Excel (XLSX)',
      html: 'Web page (HTML)',
      csv: 'CSV',
    } as Record<string, string>,
    download: (format: string) => `Download as ${format}`,
  },
};

export type AlertMessages = typeof en;

const nl: AlertMessages = {
  feed: {
    title: 'Meldingen',
    intro:
      'Wat de live monitor meldde en nog niemand bevestigde: contacten die hun norm dreigen te overschrijden of overschreden, en perioden in gevaar. Bevestigen stopt de escalatie naar het volgende niveau.',
    none: 'Geen open meldingen.',
    kind: 'Melding',
    level: 'Niveau',
    about: 'Metriek en contact',
    deadline: 'Deadline',
    who: 'Wie',
    acknowledgeBy: 'Bevestigen vóór',
    state: 'Status',
    action: 'Actie',
    acknowledge: 'Bevestigen',
    acknowledging: 'Bevestigen…',
    lastLevel: 'laatste niveau: geen verdere escalatie',
    overdue: (d) => `${d} geleden`,
    inTime: (d) => `over ${d}`,
    states: { open: 'Open', escalated: 'Geëscaleerd', acknowledged: 'Bevestigd' },
    escalatedTo: (level) => `geëscaleerd naar niveau ${level}`,
    escalatesTo: (level) => `escaleert naar niveau ${level} als niemand bevestigt`,
    acknowledgedBy: (by, at) => `door ${by}, ${at}`,
    adminsOnly: 'Beheerders van de klant of de partner bevestigen meldingen; u kunt ze hier volgen.',
    recent: 'Onlangs bevestigd',
    refreshed: (at) => `Bijgewerkt ${at}; de lijst wordt elke 15 seconden opnieuw gelezen.`,
    periodRisk: (needed, remaining) =>
      `${needed} van de ${remaining} nog verwachte contacten moet eraan voldoen`,
    missedPeriods: (n) => `${n} perioden op rij gemist`,
    contact: (channel, created) => `${channel}-contact van ${created}`,
  },
  ack: {
    what: 'De melding',
    contract: 'Contract',
    metric: 'Metriek',
    raisedAt: 'Gemeld',
    deadline: 'Deadline',
    state: 'Status',
    scanner:
      'Deze pagina openen bevestigt niets: alleen de knop doet dat, zodat een mailscanner die de link volgt niets verandert.',
    toLive: 'Open de livepagina',
  },
  reports: {
    title: 'Rapport',
    intro: (lang) => `De periode als rapport om te bewaren, in het ${lang}.`,
    formats: { pdf: 'PDF', xlsx: 'Excel (XLSX)', html: 'Webpagina (HTML)', csv: 'CSV' },
    download: (format) => `Downloaden als ${format}`,
  },
};

const de: AlertMessages = {
  feed: {
    title: 'Meldungen',
    intro:
      'Was der Live-Monitor gemeldet und noch niemand bestätigt hat: Kontakte, die ihre Frist zu verletzen drohen oder verletzt haben, und gefährdete Perioden. Bestätigen stoppt die Eskalation zur nächsten Stufe.',
    none: 'Keine offenen Meldungen.',
    kind: 'Meldung',
    level: 'Stufe',
    about: 'Kennzahl und Kontakt',
    deadline: 'Frist',
    who: 'Wer',
    acknowledgeBy: 'Bestätigen bis',
    state: 'Status',
    action: 'Aktion',
    acknowledge: 'Bestätigen',
    acknowledging: 'Wird bestätigt…',
    lastLevel: 'letzte Stufe: keine weitere Eskalation',
    overdue: (d) => `vor ${d}`,
    inTime: (d) => `in ${d}`,
    states: { open: 'Offen', escalated: 'Eskaliert', acknowledged: 'Bestätigt' },
    escalatedTo: (level) => `eskaliert auf Stufe ${level}`,
    escalatesTo: (level) => `eskaliert auf Stufe ${level}, wenn niemand bestätigt`,
    acknowledgedBy: (by, at) => `von ${by}, ${at}`,
    adminsOnly:
      'Administratoren des Auftraggebers oder des Partners bestätigen Meldungen; Sie können sie hier verfolgen.',
    recent: 'Kürzlich bestätigt',
    refreshed: (at) => `Aktualisiert ${at}; die Liste wird alle 15 Sekunden neu gelesen.`,
    periodRisk: (needed, remaining) =>
      `${needed} der ${remaining} noch erwarteten Kontakte müssen sie erfüllen`,
    missedPeriods: (n) => `${n} Perioden in Folge verfehlt`,
    contact: (channel, created) => `${channel}-Kontakt vom ${created}`,
  },
  ack: {
    what: 'Die Meldung',
    contract: 'Vertrag',
    metric: 'Kennzahl',
    raisedAt: 'Gemeldet',
    deadline: 'Frist',
    state: 'Status',
    scanner:
      'Das Öffnen dieser Seite bestätigt nichts: nur die Schaltfläche, sodass ein Mail-Scanner, der dem Link folgt, nichts ändert.',
    toLive: 'Live-Seite öffnen',
  },
  reports: {
    title: 'Bericht',
    intro: (lang) => `Die Periode als Bericht zum Ablegen, auf ${lang}.`,
    formats: { pdf: 'PDF', xlsx: 'Excel (XLSX)', html: 'Webseite (HTML)', csv: 'CSV' },
    download: (format) => `Als ${format} herunterladen`,
  },
};

export const ALERT_MESSAGES: Readonly<Record<Lang, AlertMessages>> = { en, nl, de };
