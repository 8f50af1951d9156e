/** Die deutschen Texte des Dashboards (Form: Messages in en.ts). */
import type { Messages } from './en.js';

export const de: Messages = {
  app: {
    name: 'Accord',
    tagline: 'Service-Level, die beide Parteien gemeinsam im Blick haben',
    skip: 'Zum Inhalt',
  },
  nav: {
    contracts: 'Verträge',
    overview: 'Überblick',
    period: 'Zeitraum',
    live: 'Live',
    versions: 'Vertrag',
    main: 'Hauptnavigation',
    language: 'Sprache',
    signOut: 'Abmelden',
    signedInAs: (role: string) => `Angemeldet als ${role}`,
  },
  signIn: {
    title: 'Bei Accord anmelden',
    email: 'E-Mail-Adresse',
    password: 'Passwort',
    submit: 'Anmelden',
    busy: 'Anmeldung läuft…',
    failed: 'E-Mail-Adresse oder Passwort stimmen nicht.',
    limited: 'Zu viele Versuche: Bitte warten Sie einige Minuten.',
    firstTime: 'Erster Start? Den ersten Administrator anlegen',
  },
  setup: {
    title: 'Accord einrichten',
    intro:
      'Legen Sie den ersten Administrator mit dem einmaligen Einrichtungs-Token an, das accord serve ausgab.',
    token: 'Einrichtungs-Token',
    organisation: 'Organisation',
    name: 'Ihr Name',
    email: 'E-Mail-Adresse',
    password: 'Passwort (mindestens 12 Zeichen)',
    submit: 'Administrator anlegen',
    back: 'Zurück zur Anmeldung',
  },
  common: {
    loading: 'Wird geladen…',
    error: 'Etwas ist schiefgegangen',
    retry: 'Erneut versuchen',
    notFound: 'Diese Seite gibt es nicht.',
    none: 'Keine',
    back: 'Zurück',
    previous: 'Zurück',
    next: 'Weiter',
    page: (n: number, of: number) => `Seite ${n} von ${of}`,
    close: 'Schließen',
    cancel: 'Abbrechen',
    send: 'Senden',
  },
  contracts: {
    title: 'Verträge',
    empty:
      'Noch kein Vertrag. Importieren Sie einen mit accord contract import oder legen Sie ihn über die API an.',
    inForce: 'in Kraft',
    version: (n: number) => `Version ${n}`,
    open: 'Öffnen',
    partner: 'Dienstleister',
    client: 'Auftraggeber',
  },
  verdict: {
    met: 'Erreicht',
    missed: 'Verfehlt',
    at_risk: 'Gefährdet',
    provisional: 'Vorläufig',
    not_judged: 'Nicht bewertet',
  },
};
