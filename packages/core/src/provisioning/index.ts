export type {
  ProvisionOrganizationDeps,
  ProvisionOrganizationInput,
  ProvisionOrganizationResult,
  ProvisionUserDeps,
  ProvisionUserInput,
  ProvisionUserResult,
} from './provision.ts';
export { provisionOrganization, provisionUser } from './provision.ts';
