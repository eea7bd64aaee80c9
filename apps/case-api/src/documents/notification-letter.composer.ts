import {
  CATEGORY_LABELS,
  contentHeading,
  type DeadlineStatus,
  formatCount,
  formatDateTime,
  joinList,
  type NotificationContent,
  type OrganisationProfile,
  type RegulatorDefinition,
  regulatorName,
} from '#libs/domain';
import type { CaseStatusDocument, RegulatorNotification } from '#libs/read-models';
import type { DocumentBlock, DocumentLanguage, DocumentModel } from './document-model.js';
import { CLOCK_STATE_NAMES, WORDS } from './document-labels.js';
import { organisationLetterhead } from './organisation-letterhead.js';
import { regulatorTimeZone } from './regulator-display.js';

export interface LetterFacts {
  status: Pick<CaseStatusDocument, 'caseId' | 'version' | 'report' | 'latestSampleVerification'>;
  notification: RegulatorNotification;
  regulator: RegulatorDefinition;
  organisation: OrganisationProfile;
  /** The regulator's clock for this case, when one runs. */
  deadline?: DeadlineStatus;
}

/**
 * The letter a regulator is sent: the notification's required content in the order and under the headings of that
 * regulator's law, the case's claimed and confirmed counts, the supplements in the order sent and the
 * acknowledgement. Dated in the regulator's time zone. It carries nothing of the case beyond that: no investigator,
 * no other regulator's notification, no source address.
 */
export function composeNotificationLetter(facts: LetterFacts, language: DocumentLanguage): DocumentModel {
  const { status, notification, regulator, organisation, deadline } = facts;
  const w = WORDS[language];
  const zone = regulatorTimeZone(regulator);
  const at = (iso: string) => formatDateTime(new Date(iso), language, zone);
  const sample = status.latestSampleVerification;
  const confirmed = sample?.verdict === 'confirmed' ? sample : undefined;

  const blocks: DocumentBlock[] = [
    {
      kind: 'fields',
      rows: [
        { label: w.to, value: regulatorName(regulator, language) },
        { label: w.legalBasis, value: regulator.legalBasis },
        { label: w.notificationId, value: notification.notificationId },
        { label: w.notifiedAt, value: at(notification.notifiedAt) },
        ...(deadline?.dueAt
          ? [
              { label: w.dueAt, value: at(deadline.dueAt) },
              { label: w.clockState, value: CLOCK_STATE_NAMES[language][deadline.state] },
            ]
          : []),
      ],
    },
    { kind: 'heading', level: 1, text: w.factsHeading },
    {
      kind: 'fields',
      rows: [
        {
          label: w.claimedCount,
          value:
            status.report.claimedRecordCount === undefined
              ? w.notClaimed
              : formatCount(status.report.claimedRecordCount, language),
        },
        {
          label: w.confirmedCount,
          value: confirmed
            ? w.confirmedOf(
                formatCount(confirmed.matchedRecords, language),
                formatCount(confirmed.sampleSize, language),
              )
            : w.notConfirmed,
        },
        ...(confirmed
          ? [
              {
                label: w.confirmedCategories,
                value: joinList(
                  confirmed.confirmedDataCategories.map((c) => CATEGORY_LABELS[language][c]),
                  language,
                ),
              },
            ]
          : []),
      ],
    },
    { kind: 'heading', level: 1, text: w.requiredHeading },
    { kind: 'paragraph', text: w.requiredIntro(regulator.legalBasis) },
    ...contentSections(regulator, notification.content, language),
    { kind: 'heading', level: 1, text: w.supplementsHeading },
  ];
  if (notification.supplements.length === 0) blocks.push({ kind: 'paragraph', text: w.noSupplements });
  notification.supplements.forEach((supplement, i) => {
    blocks.push({ kind: 'heading', level: 2, text: w.supplement(i + 1, at(supplement.supplementedAt)) });
    if (supplement.reasonForDelay !== undefined) {
      blocks.push({ kind: 'fields', rows: [{ label: w.reasonForDelay, value: supplement.reasonForDelay }] });
    }
    blocks.push(...contentSections(regulator, supplement.content, language, 'fields'));
  });
  blocks.push({ kind: 'heading', level: 1, text: w.acknowledgementHeading });
  const ack = notification.acknowledgement;
  blocks.push({ kind: 'paragraph', text: ack ? w.acknowledged(at(ack.acknowledgedAt)) : w.notAcknowledged });
  if (ack?.reference !== undefined)
    blocks.push({ kind: 'fields', rows: [{ label: w.reference, value: ack.reference }] });
  blocks.push({ kind: 'paragraph', text: w.closing }, { kind: 'paragraph', text: organisation.name });

  const lastChange = [
    notification.notifiedAt,
    ...notification.supplements.map((s) => s.supplementedAt),
    ...(ack ? [ack.acknowledgedAt] : []),
  ].reduce((latest, iso) => (Date.parse(iso) > Date.parse(latest) ? iso : latest));
  return {
    language,
    letterhead: organisationLetterhead(organisation),
    title: w.letterTitle,
    footer: `${w.notificationId} ${notification.notificationId} · ${w.caseId} ${status.caseId}`,
    info: {
      title: `${w.letterTitle} — ${regulatorName(regulator, language)}`,
      subject: `${regulator.legalBasis} · ${notification.notificationId}`,
      createdAt: new Date(lastChange),
    },
    blocks,
  };
}

/**
 * The regulator's required fields in its order, each under its provision and heading, then any further fields sent.
 * Supplements carry only what they add, so there only the fields present are printed.
 */
function contentSections(
  regulator: RegulatorDefinition,
  content: NotificationContent,
  language: DocumentLanguage,
  style: 'sections' | 'fields' = 'sections',
): DocumentBlock[] {
  const required = regulator.requiredContent.map((c) => c.field);
  const further = Object.keys(content).filter((field) => !required.includes(field));
  const headed = (field: string) => {
    const { provision, label } = contentHeading(regulator, field, language);
    return { heading: provision ? `${provision} — ${label}` : label, text: content[field] ?? WORDS[language].none };
  };
  if (style === 'fields') {
    const present = [...required.filter((field) => Object.hasOwn(content, field)), ...further].map(headed);
    return [{ kind: 'fields', rows: present.map((h) => ({ label: h.heading, value: h.text })) }];
  }
  const section = ({ heading, text }: { heading: string; text: string }): DocumentBlock[] => [
    { kind: 'heading', level: 2, text: heading },
    { kind: 'paragraph', text },
  ];
  return [
    ...required.map(headed).flatMap(section),
    ...(further.length > 0
      ? [
          { kind: 'heading', level: 1, text: WORDS[language].additionalHeading } as const,
          ...further.map(headed).flatMap(section),
        ]
      : []),
  ];
}
