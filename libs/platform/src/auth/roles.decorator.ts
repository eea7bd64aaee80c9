import { SetMetadata } from '@nestjs/common';
import type { Role } from '#libs/domain';

export const ROLES_KEY = 'breachline:roles';
export const PUBLIC_KEY = 'breachline:public';

/** Which roles may call a route; routes without it are refused to everyone but admins. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Reachable without a key (health, docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
