import { graphql } from '../../gql';

// The operations of the city admin's pages.

export const AdminCategoriesQuery = graphql(`
  query AdminCategories {
    serviceCategories { id code name acceptWithinMinutes resolveWithinHours workingTime duplicateRadiusMeters }
  }
`);

export const UpsertCategoryMutation = graphql(`
  mutation UpsertCategory($input: UpsertServiceCategoryInput!) {
    upsertServiceCategory(input: $input) { id code name acceptWithinMinutes resolveWithinHours workingTime duplicateRadiusMeters }
  }
`);

export const WorkingCalendarQuery = graphql(`
  query WorkingCalendar($from: String!, $to: String!) {
    workingCalendar(from: $from, to: $to) { date workday note source }
  }
`);

export const SetCalendarDayMutation = graphql(`
  mutation SetCalendarDay($input: SetCalendarDayInput!) {
    setCalendarDay(input: $input) { date workday note source }
  }
`);

export const RemoveCalendarOverrideMutation = graphql(`
  mutation RemoveCalendarOverride($date: String!) {
    removeCalendarOverride(date: $date) { date workday note source }
  }
`);

export const ApiKeysQuery = graphql(`
  query ApiKeys {
    apiKeys { id name prefix createdAt lastUsedAt revoked user { id username } }
  }
`);

export const CreateApiKeyMutation = graphql(`
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) { secret apiKey { id name prefix createdAt lastUsedAt revoked user { id username } } }
  }
`);

export const RevokeApiKeyMutation = graphql(`
  mutation RevokeApiKey($input: RevokeApiKeyInput!) {
    revokeApiKey(input: $input) { id revoked }
  }
`);
