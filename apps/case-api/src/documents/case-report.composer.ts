import {
  CATEGORY_LABELS,
  computeDeadlines,
  formatCount,
  formatDateTime,
  joinList,
  type OrganisationProfile,
  type RegulatorDefinition,
  VECTOR_PHRASES,
  regulatorName,
} from '#libs/domain';
import {
  type CaseStatusDocument,
  type CaseStoredEvent,
  caseStatusProjection,
  type HoldingStatementsDocument,
  holdingStatementsProjection,
  isStatementStale,
} from '#libs/read-models';
import type { DocumentBlock, DocumentLanguage, DocumentModel, FieldRow } from './document-model.js';
import {
  CHANNEL_NAMES,
  CLOCK_STATE_NAMES,
  CONFIDENCE_NAMES,
  RESOLUTION_NAMES,
  RISK_NAMES,
  STAGE_NAMES,
  STATEMENT_STATUS_NAMES,
  SUBJECT_CHANNEL_NAMES,
  VERDICT_NAMES,
  WORDS,
} from './document-labels.js';
import { organisationLetterhead } from './organisation-letterhead.js';

export interface ReportFacts {
  /** The case's whole stream, oldest first. */
  events: readonly CaseStoredEvent[];
  regulators: readonly RegulatorDefinition[];
  organisation: OrganisationProfile;
  /** The moment the legal clocks are shown as of; it is printed, so the same facts and moment give the same report. */
  asOf: Date;
}

/** A second-level section: its heading, then its label/value rows. */
const section = (heading: string, rows: FieldRow[]): DocumentBlock[] => [
  { kind: 'heading', level: 2, text: heading },
  { kind: 'fields', rows },
];

/** Timeline rows per Markdown section. */
const TIMELINE_ROWS_PER_SECTION = 50;

/**
 * The case report for legal and the board: summary, the facts per stage, every legal clock with its state, the
 * notifications sent and acknowledged, the statements issued and the timeline (who, when, what). Built from the
 * event stream by the read models' own projections, so every section shows the case at the same version. Free text
 * that may hold personal data (notes, reasons, message summaries, notification content) stays out: the report says
 * that and when, the case holds what.
 */
export function composeCaseReport(facts: ReportFacts, language: DocumentLanguage): DocumentModel {
  const { events, regulators, organisation, asOf } = facts;
  if (events.length === 0) throw new RangeError('a case report needs the case’s events');
  let status: CaseStatusDocument | null = null;
  let statements: HoldingStatementsDocument | null = null;
  for (const event of events) {
    status = caseStatusProjection.evolve(status, event);
    statements = holdingStatementsProjection.evolve(statements, event);
  }
  const s = status as CaseStatusDocument;
  const hs = statements as HoldingStatementsDocument;
  const w = WORDS[language];
  const zone = organisation.timeZone ?? 'UTC';
  const at = (iso: string) => formatDateTime(new Date(iso), language, zone);
  const count = (n: number) => formatCount(n, language);
  const categories = (list: readonly (keyof (typeof CATEGORY_LABELS)['en'])[]) =>
    joinList(
      list.map((c) => CATEGORY_LABELS[language][c]),
      language,
    );
  const nameOf = (id: string) => {
    const definition = regulators.find((r) => r.id === id);
    return definition ? regulatorName(definition, language) : id;
  };

  const blocks: DocumentBlock[] = [
    { kind: 'heading', level: 1, text: w.summaryHeading },
    {
      kind: 'fields',
      rows: [
        { label: w.title, value: s.title },
        { label: w.caseId, value: s.caseId },
        { label: w.stage, value: STAGE_NAMES[language][s.stage] },
        { label: w.jurisdictions, value: s.jurisdictions.join(', ') },
        { label: w.openedAt, value: at(s.openedAt) },
        { label: w.updatedAt, value: at(s.updatedAt) },
        { label: w.eventCount, value: count(events.length) },
        {
          label: w.claimedCount,
          value: s.report.claimedRecordCount === undefined ? w.notClaimed : count(s.report.claimedRecordCount),
        },
        {
          label: w.confirmedCount,
          value:
            s.latestSampleVerification?.verdict === 'confirmed'
              ? w.confirmedOf(
                  count(s.latestSampleVerification.matchedRecords),
                  count(s.latestSampleVerification.sampleSize),
                )
              : w.notConfirmed,
        },
      ],
    },
    { kind: 'heading', level: 1, text: w.factsPerStage },
    ...section(w.reportReceived, [
      { label: w.receivedAt, value: at(s.report.receivedAt) },
      { label: w.channel, value: CHANNEL_NAMES[language][s.report.channel] },
      { label: w.summary, value: s.report.summary },
      { label: w.claimedCategories, value: categories(s.report.dataCategories) },
    ]),
  ];
  if (s.assignee) {
    blocks.push(
      ...section(w.assignment, [
        { label: w.investigator, value: `${s.assignee.investigator} (${at(s.assignee.assignedAt)})` },
      ]),
    );
  }
  if (s.riskAssessment) {
    const r = s.riskAssessment;
    blocks.push(
      ...section(w.riskHeading, [
        { label: w.riskLevel, value: `${RISK_NAMES[language][r.riskLevel]} (${at(r.assessedAt)})` },
        { label: w.likelyConsequences, value: r.likelyConsequences },
        { label: w.estimatedSubjects, value: count(r.estimatedAffectedSubjects) },
      ]),
    );
  }
  if (s.latestSampleVerification) {
    const v = s.latestSampleVerification;
    blocks.push(
      ...section(w.sampleHeading, [
        { label: w.verdict, value: `${VERDICT_NAMES[language][v.verdict]} (${at(v.verifiedAt)})` },
        { label: w.confirmedCount, value: w.confirmedOf(count(v.matchedRecords), count(v.sampleSize)) },
        { label: w.confirmedCategories, value: categories(v.confirmedDataCategories) },
        { label: w.method, value: v.method },
        { label: w.checks, value: count(s.sampleVerificationCount) },
      ]),
    );
  }
  if (s.sourceTrace) {
    const t = s.sourceTrace;
    blocks.push(
      ...section(w.traceHeading, [
        { label: w.sourceSystem, value: `${t.sourceSystem} (${at(t.tracedAt)})` },
        { label: w.vector, value: VECTOR_PHRASES[language][t.vector] },
        { label: w.confidence, value: CONFIDENCE_NAMES[language][t.confidence] },
        { label: w.summary, value: t.summary },
        ...(t.containment === undefined ? [] : [{ label: w.containment, value: t.containment }]),
      ]),
    );
  }
  if (s.dataSubjectNotifications.length > 0) {
    blocks.push(
      { kind: 'heading', level: 2, text: w.subjectsHeading },
      {
        kind: 'list',
        ordered: false,
        items: s.dataSubjectNotifications.map(
          (n) => `${at(n.notifiedAt)}: ${count(n.subjectCount)} — ${SUBJECT_CHANNEL_NAMES[language][n.channel]}`,
        ),
      },
    );
  }
  if (s.closure || s.reopenCount > 0) {
    blocks.push(
      ...section(w.closureHeading, [
        ...(s.closure
          ? [
              { label: w.resolution, value: RESOLUTION_NAMES[language][s.closure.resolution] },
              { label: w.closedAt, value: at(s.closure.closedAt) },
            ]
          : []),
        ...(s.reopenCount > 0 ? [{ label: w.reopenings, value: count(s.reopenCount) }] : []),
      ]),
    );
  }

  const deadlines = computeDeadlines(s.clockFacts, regulators, asOf);
  blocks.push(
    { kind: 'heading', level: 1, text: w.clocksHeading },
    { kind: 'paragraph', text: deadlines.length > 0 ? w.clocksAsOf(at(asOf.toISOString())) : w.noClocks },
  );
  if (deadlines.length > 0) {
    blocks.push({
      kind: 'table',
      columns: [
        { title: w.regulator, width: 0.3 },
        { title: w.clockStarted, width: 0.2 },
        { title: w.dueAt, width: 0.2 },
        { title: w.clockState, width: 0.12 },
        { title: w.notifiedAt, width: 0.18 },
      ],
      rows: deadlines.map((d) => [
        nameOf(d.regulatorId),
        d.clockStartedAt ? at(d.clockStartedAt) : w.none,
        d.dueAt ? at(d.dueAt) : w.none,
        CLOCK_STATE_NAMES[language][d.state],
        d.notifiedAt ? at(d.notifiedAt) : w.none,
      ]),
    });
  }

  blocks.push({ kind: 'heading', level: 1, text: w.notificationsHeading });
  if (s.regulatorNotifications.length === 0) blocks.push({ kind: 'paragraph', text: w.noNotifications });
  else
    blocks.push({
      kind: 'table',
      columns: [
        { title: w.regulator, width: 0.3 },
        { title: w.notificationId, width: 0.22 },
        { title: w.notifiedAt, width: 0.18 },
        { title: w.supplements, width: 0.1 },
        { title: w.acknowledgement, width: 0.2 },
      ],
      rows: s.regulatorNotifications.map((n) => [
        nameOf(n.regulatorId),
        n.notificationId,
        at(n.notifiedAt),
        count(n.supplements.length),
        n.acknowledgement
          ? `${at(n.acknowledgement.acknowledgedAt)}${n.acknowledgement.reference ? ` (${n.acknowledgement.reference})` : ''}`
          : w.none,
      ]),
    });

  blocks.push({ kind: 'heading', level: 1, text: w.statementsHeading });
  if (hs.statements.length === 0) blocks.push({ kind: 'paragraph', text: w.noStatements });
  else
    blocks.push({
      kind: 'table',
      columns: [
        { title: 'ID', width: 0.3 },
        { title: w.language, width: 0.1 },
        { title: w.status, width: 0.2 },
        { title: w.composedAt, width: 0.2 },
        { title: w.publishedAt, width: 0.2 },
      ],
      rows: hs.statements.map((st) => [
        st.statementId,
        st.language,
        `${STATEMENT_STATUS_NAMES[language][st.status]}${st.status === 'published' && isStatementStale(st, hs) ? ` (${w.stale})` : ''}`,
        at(st.composedAt),
        st.publishedAt ? at(st.publishedAt) : w.none,
      ]),
    });

  blocks.push(
    { kind: 'heading', level: 1, text: w.timelineHeading },
    {
      kind: 'table',
      columns: [
        { title: '#', width: 0.06 },
        { title: w.when, width: 0.27 },
        { title: w.who, width: 0.2 },
        { title: w.what, width: 0.47 },
      ],
      rows: events.map((e) => [
        String(e.version),
        at(e.occurredAt),
        `${e.actor.name} (${e.actor.role})`,
        describeEvent(e, language, nameOf),
      ]),
      rowsPerSection: TIMELINE_ROWS_PER_SECTION,
    },
  );

  return {
    language,
    letterhead: organisationLetterhead(organisation),
    title: `${w.reportTitle}: ${s.title}`,
    footer: `${w.caseId} ${s.caseId} · ${w.version} ${s.version}`,
    info: {
      title: `${w.reportTitle}: ${s.title}`,
      subject: `${w.caseId} ${s.caseId}`,
      createdAt: new Date(s.updatedAt),
    },
    blocks,
  };
}

/** One timeline line, in the report's language, from the event's structured facts only. */
function describeEvent(event: CaseStoredEvent, language: DocumentLanguage, nameOf: (id: string) => string): string {
  const id = language === 'id';
  const n = (value: number) => formatCount(value, language);
  switch (event.type) {
    case 'ReportReceived': {
      const { report } = event.payload;
      const channel = CHANNEL_NAMES[language][report.channel];
      const claimed = report.claimedRecordCount === undefined ? undefined : n(report.claimedRecordCount);
      if (id) return `Membuka kasus — dilaporkan melalui ${channel}${claimed ? `, diklaim ${claimed} data` : ''}`;
      return `Opened the case — reported via ${channel}${claimed ? `, ${claimed} records claimed` : ''}`;
    }
    case 'InvestigatorAssigned':
      return id ? `Menugaskan ${event.payload.investigator}` : `Assigned the case to ${event.payload.investigator}`;
    case 'RiskAssessed': {
      const { riskLevel, estimatedAffectedSubjects } = event.payload;
      const level = RISK_NAMES[language][riskLevel];
      return id
        ? `Menilai risiko ${level}: sekitar ${n(estimatedAffectedSubjects)} subjek data`
        : `Assessed the risk as ${level}: about ${n(estimatedAffectedSubjects)} data subjects`;
    }
    case 'NotifiabilityAssessed': {
      const required = event.payload.outcomes
        .filter((o) => o.regulator === 'required')
        .map((o) => nameOf(o.regulatorId));
      const list = required.length > 0 ? joinList(required, language) : id ? 'tidak ada' : 'none';
      return id
        ? `Menilai kewajiban pemberitahuan: wajib kepada ${list}`
        : `Assessed notifiability: required to ${list}`;
    }
    case 'SampleVerified': {
      const { matchedRecords, sampleSize, verdict } = event.payload;
      const outcome = VERDICT_NAMES[language][verdict];
      return id
        ? `Memverifikasi sampel: ${n(matchedRecords)} dari ${n(sampleSize)} cocok — ${outcome}`
        : `Verified a sample: ${n(matchedRecords)} of ${n(sampleSize)} matched — ${outcome}`;
    }
    case 'SourceTraced': {
      const { sourceSystem, confidence } = event.payload;
      const level = CONFIDENCE_NAMES[language][confidence];
      return id
        ? `Menelusuri sumber ke ${sourceSystem} (keyakinan ${level})`
        : `Traced the source to ${sourceSystem} (confidence ${level})`;
    }
    case 'RegulatorNotified':
      return id ? `Memberi tahu ${nameOf(event.payload.regulatorId)}` : `Notified ${nameOf(event.payload.regulatorId)}`;
    case 'RegulatorNotificationSupplemented':
      return id
        ? `Mengirim susulan kepada ${nameOf(event.payload.regulatorId)}`
        : `Supplemented the notification to ${nameOf(event.payload.regulatorId)}`;
    case 'RegulatorAcknowledged':
      return id
        ? `${nameOf(event.payload.regulatorId)} mengonfirmasi penerimaan`
        : `${nameOf(event.payload.regulatorId)} acknowledged receipt`;
    case 'DataSubjectsNotified': {
      const { subjectCount, channel } = event.payload;
      const via = SUBJECT_CHANNEL_NAMES[language][channel];
      return id
        ? `Memberi tahu ${n(subjectCount)} subjek data melalui ${via}`
        : `Notified ${n(subjectCount)} data subjects by ${via}`;
    }
    case 'CaseClosed': {
      const resolution = RESOLUTION_NAMES[language][event.payload.resolution];
      return id ? `Menutup kasus: ${resolution}` : `Closed the case: ${resolution}`;
    }
    case 'CaseReopened':
      return id ? 'Membuka kembali kasus' : 'Reopened the case';
    case 'HoldingStatementDrafted': {
      const { statementId, language: statementLanguage } = event.payload;
      return id
        ? `Menyusun draf pernyataan ${statementId} (${statementLanguage})`
        : `Drafted holding statement ${statementId} (${statementLanguage})`;
    }
    case 'HoldingStatementApproved':
      return id
        ? `Menyetujui pernyataan ${event.payload.statementId}`
        : `Approved holding statement ${event.payload.statementId}`;
    case 'HoldingStatementPublished':
      return id
        ? `Menerbitkan pernyataan ${event.payload.statementId}`
        : `Published holding statement ${event.payload.statementId}`;
    case 'HoldingStatementWithdrawn':
      return id
        ? `Menarik pernyataan ${event.payload.statementId}`
        : `Withdrew holding statement ${event.payload.statementId}`;
    case 'PersonalDataErased':
      return id ? 'Menghapus data pribadi kasus' : 'Erased the personal data of the case';
  }
}
