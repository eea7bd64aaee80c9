import { readFileSync } from 'node:fs';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { Db, type Collection } from 'mongodb';
import {
  DEFAULT_TEMPLATES,
  type HoldingStatementTemplates,
  type OrganisationProfile,
  validateTemplates,
} from '#libs/domain';
import { Environment, InvalidEnvironmentError } from '#libs/platform';
import { OrganisationProfileDto } from './organisation-profile.dto.js';

interface ProfileDocument {
  _id: 'organisation-profile';
  profile: OrganisationProfile;
  updatedAt: string;
}

const SETTINGS_COLLECTION = 'settings';

export class OrganisationProfileMissingError extends Error {
  constructor() {
    super(
      'No organisation profile is configured: PUT /v1/organisation-profile (admin) or BREACHLINE_ORGANISATION_FILE',
    );
  }
}

/** The stored organisation profile; the CLI reads it here too, without the app's configuration. */
export async function readOrganisationProfile(db: Db): Promise<OrganisationProfile> {
  const stored = await db.collection<ProfileDocument>(SETTINGS_COLLECTION).findOne({ _id: 'organisation-profile' });
  if (!stored) throw new OrganisationProfileMissingError();
  return stored.profile;
}

/**
 * The organisation profile (stored; an admin's PUT wins over the configuration file, which only seeds it)
 * and the statement templates (built in, or a file validated at start-up: a bad file stops the app).
 */
@Injectable()
export class StatementSettings implements OnModuleInit {
  readonly templates: HoldingStatementTemplates;
  private readonly settings: Collection<ProfileDocument>;

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Environment) private readonly environment: Environment,
  ) {
    this.settings = db.collection<ProfileDocument>(SETTINGS_COLLECTION);
    this.templates = loadTemplates(environment.BREACHLINE_STATEMENT_TEMPLATES_FILE);
  }

  async onModuleInit(): Promise<void> {
    const file = this.environment.BREACHLINE_ORGANISATION_FILE;
    if (!file || (await this.settings.findOne({ _id: 'organisation-profile' }))) return;
    const profile = parseProfile(readJson('BREACHLINE_ORGANISATION_FILE', file), 'BREACHLINE_ORGANISATION_FILE');
    await this.saveProfile(profile);
  }

  profile(): Promise<OrganisationProfile> {
    return readOrganisationProfile(this.db);
  }

  async saveProfile(profile: OrganisationProfile): Promise<void> {
    await this.settings.replaceOne(
      { _id: 'organisation-profile' },
      { profile: JSON.parse(JSON.stringify(profile)), updatedAt: new Date().toISOString() },
      { upsert: true },
    );
  }
}

function readJson(variable: string, file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InvalidEnvironmentError(`${variable} ${file}: ${(error as Error).message}`);
  }
}

function parseProfile(raw: unknown, source: string): OrganisationProfile {
  const dto = plainToInstance(OrganisationProfileDto, raw);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    throw new InvalidEnvironmentError(
      `${source}: ${errors.map((e) => Object.values(e.constraints ?? {}).join(', ') || e.property).join('; ')}`,
    );
  }
  return dto;
}

function loadTemplates(file: string | undefined): HoldingStatementTemplates {
  if (!file) return DEFAULT_TEMPLATES;
  const validation = validateTemplates(readJson('BREACHLINE_STATEMENT_TEMPLATES_FILE', file));
  if ('errors' in validation) {
    throw new InvalidEnvironmentError(
      `BREACHLINE_STATEMENT_TEMPLATES_FILE ${file}:\n  ${validation.errors.join('\n  ')}`,
    );
  }
  return validation.templates;
}
