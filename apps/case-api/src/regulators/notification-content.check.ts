import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { validateNotificationContent, type NotificationContent } from '#libs/domain';
import { RegulatorRegistry } from '#libs/regulators';
import { FieldValidationException } from '../http/problem-details.filter.js';

/** Checks a notification against what the regulator's law requires, before the case decides. */
@Injectable()
export class NotificationContentCheck implements OnModuleInit {
  constructor(@Inject(RegulatorRegistry) private readonly registry: RegulatorRegistry) {}

  async onModuleInit(): Promise<void> {
    await this.registry.ensureSeeded();
  }

  async require(regulatorId: string, content: NotificationContent): Promise<void> {
    const regulator = await this.registry.get(regulatorId);
    if (!regulator) {
      throw new FieldValidationException([
        {
          field: 'regulatorId',
          rule: 'known-regulator',
          message: `regulatorId ${regulatorId} is not in the registry (GET /v1/regulators)`,
        },
      ]);
    }
    const { missing } = validateNotificationContent(regulator, content);
    if (missing.length > 0) {
      throw new FieldValidationException(
        missing.map((field) => ({
          field: `content.${field}`,
          rule: 'required-by-regulator',
          message: `content.${field} is required by ${regulator.legalBasis} (${regulator.requiredContent.find((f) => f.field === field)?.label ?? field})`,
        })),
      );
    }
  }
}
